"""Domain changes as outbox events (protobuf payloads of the common envelope)."""

from __future__ import annotations

from onewindow.identity.v1 import events_pb2
from onewindow_identity.domain.assurance import Verification
from onewindow_identity.domain.consent import Consent
from onewindow_identity.domain.mandate import Mandate
from onewindow_identity.domain.organisation import Organisation
from onewindow_identity.domain.person import Person
from onewindow_identity.domain.staff import Staff
from onewindow_kit.outbox import PendingEvent
from onewindow_kit.principal import Principal
from onewindow_kit.proto_time import ts


def person_registered(person: Person, actor: Principal) -> PendingEvent:
    """person_registered (no national id or date of birth in events)."""
    payload = events_pb2.PersonRegistered(
        person_id=person.id,
        country=person.country,
        family_name=person.family_name,
        given_name=person.given_name,
        email=person.email,
        phone=person.phone,
        assurance_level=person.assurance_level,
        subject=person.keycloak_user_id,
    )
    return PendingEvent("person_registered", person.id, "person", payload, actor)


def assurance_level_changed(previous: str, check: Verification, actor: Principal) -> PendingEvent:
    """assurance_level_changed, with the verification that caused it."""
    payload = events_pb2.AssuranceLevelChanged(
        person_id=check.person_id,
        previous_level=previous,
        new_level=check.level,
        method=check.method,
        office=check.office,
        verified_by=check.clerk_subject,
        verification_id=check.id,
    )
    return PendingEvent("assurance_level_changed", check.person_id, "person", payload, actor)


def organisation_registered(org: Organisation, actor: Principal) -> PendingEvent:
    """organisation_registered."""
    payload = events_pb2.OrganisationRegistered(
        organisation_id=org.id,
        country=org.country,
        registration_number=org.registration_number,
        name=org.name,
        legal_representative_person_id=org.legal_representative_person_id,
    )
    return PendingEvent("organisation_registered", org.id, "organisation", payload, actor)


def staff_changed(
    staff: Staff, change: str, actor: Principal, previous_office: str = ""
) -> PendingEvent:
    """staff_changed: created | moved | disabled."""
    payload = events_pb2.StaffChanged(
        staff_id=staff.id,
        change=change,
        username=staff.username,
        department=staff.department,
        office=staff.office,
        previous_office=previous_office,
        roles=list(staff.roles),
        enabled=staff.enabled,
        email=staff.email,
        subject=staff.keycloak_user_id,
    )
    return PendingEvent("staff_changed", staff.id, "staff", payload, actor)


def mandate_granted(m: Mandate, actor: Principal) -> PendingEvent:
    """mandate_granted; keyed by the mandate so its grant and revocation stay in order."""
    payload = events_pb2.MandateGranted(
        mandate_id=m.id,
        mandator_kind=m.mandator_kind,
        mandator_id=m.mandator_id,
        mandatee_person_id=m.mandatee_person_id,
        service_types=list(m.service_types),
        valid_from=ts(m.valid_from),
        valid_until=ts(m.valid_until),
    )
    return PendingEvent("mandate_granted", m.id, "mandate", payload, actor)


def mandate_revoked(m: Mandate, actor: Principal) -> PendingEvent:
    """mandate_revoked."""
    payload = events_pb2.MandateRevoked(
        mandate_id=m.id,
        mandator_id=m.mandator_id,
        mandatee_person_id=m.mandatee_person_id,
        revoked_at=ts(m.revoked_at),
    )
    return PendingEvent("mandate_revoked", m.id, "mandate", payload, actor)


def consent_granted(c: Consent, actor: Principal) -> PendingEvent:
    """consent_granted."""
    payload = events_pb2.ConsentGranted(
        consent_id=c.id,
        person_id=c.person_id,
        department=c.department,
        document_types=list(c.document_types),
        purpose=c.purpose,
        valid_until=ts(c.valid_until),
    )
    return PendingEvent("consent_granted", c.id, "consent", payload, actor)


def consent_revoked(c: Consent, actor: Principal) -> PendingEvent:
    """consent_revoked."""
    payload = events_pb2.ConsentRevoked(
        consent_id=c.id,
        person_id=c.person_id,
        department=c.department,
        revoked_at=ts(c.revoked_at),
    )
    return PendingEvent("consent_revoked", c.id, "consent", payload, actor)


def account_locked(person: Person, actor: Principal) -> PendingEvent:
    """account_locked."""
    payload = events_pb2.AccountLocked(person_id=person.id, locked_at=ts(person.locked_at))
    return PendingEvent("account_locked", person.id, "person", payload, actor)


def account_unlocked(person: Person, check: Verification, actor: Principal) -> PendingEvent:
    """account_unlocked, after a clerk's in-person verification."""
    payload = events_pb2.AccountUnlocked(
        person_id=person.id,
        office=check.office,
        verified_by=check.clerk_subject,
        verification_id=check.id,
    )
    return PendingEvent("account_unlocked", person.id, "person", payload, actor)
