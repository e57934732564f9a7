"""Protobuf ↔ domain: the only place that knows both shapes."""

from __future__ import annotations

from datetime import datetime

from onewindow.common.v1 import access_log_pb2 as common_pb
from onewindow.identity.v1 import identity_pb2 as pb
from onewindow_identity.domain.access import AccessLogEntry
from onewindow_identity.domain.consent import Consent
from onewindow_identity.domain.contact_change import ContactChange
from onewindow_identity.domain.mandate import ORGANISATION, PERSON, Mandate
from onewindow_identity.domain.organisation import Organisation
from onewindow_identity.domain.person import Person
from onewindow_identity.domain.staff import ServiceAccount, Staff
from onewindow_identity.service_layer.ports import LoginRecord
from onewindow_kit.conversions import optional_datetime
from onewindow_kit.principal import Principal
from onewindow_kit.proto_time import ts

# Maximum lengths of request fields, checked by the kit's server before a handler runs
# (documented in identity.proto; the domain's own limits are the same numbers).
TEXT_LIMITS: dict[str, int] = {
    "idempotency_key": 200,
    "family_name": 100,
    "given_name": 100,
    "name": 200,
    "email": 254,
    "phone": 32,
    "password": 128,
    "initial_password": 128,
    "purpose": 500,
    "reason": 2000,
    "description": 200,
    "system_name": 100,
    "number": 64,
    "token": 8192,
    "roles[]": 20,
    "service_types[]": 50,
    "document_types[]": 50,
}

LEVELS = {
    "low": pb.ASSURANCE_LEVEL_LOW,
    "substantial": pb.ASSURANCE_LEVEL_SUBSTANTIAL,
    "high": pb.ASSURANCE_LEVEL_HIGH,
}
PARTY_KINDS = {PERSON: pb.PARTY_KIND_PERSON, ORGANISATION: pb.PARTY_KIND_ORGANISATION}
PARTY_KIND_NAMES: dict[int, str] = {int(v): k for k, v in PARTY_KINDS.items()}


def when(message: object, field: str) -> datetime | None:
    """An aware UTC datetime from an optional Timestamp field (years 1900..2200, else
    InvalidArgument naming the field)."""
    value: datetime | None = optional_datetime(message, field)
    return value


def party_kind(value: int) -> str:
    """'' for unspecified, 'invalid' for an unknown number (then rejected by the handler)."""
    if value == pb.PARTY_KIND_UNSPECIFIED:
        return ""
    return PARTY_KIND_NAMES.get(value, "invalid")


def person(p: Person) -> pb.Person:
    """Person message."""
    return pb.Person(
        person_id=p.id,
        country=p.country,
        national_id=p.national_id,
        family_name=p.family_name,
        given_name=p.given_name,
        date_of_birth=p.date_of_birth.isoformat(),
        email=p.email,
        phone=p.phone,
        username=p.username,
        assurance_level=LEVELS.get(p.assurance_level, pb.ASSURANCE_LEVEL_UNSPECIFIED),
        locked=p.locked,
        registered_at=ts(p.registered_at),
    )


def access_entry(e: AccessLogEntry) -> pb.AccessLogEntry:
    """Access log entry message."""
    return pb.AccessLogEntry(
        at=ts(e.at),
        actor_subject=e.actor_subject,
        actor_username=e.actor_username,
        actor_kind=e.actor_kind,
        department=e.department,
        office=e.office,
        action=e.action,
        purpose=e.purpose,
    )


def access_record(e: AccessLogEntry) -> common_pb.AccessLogEntry:
    """The same read in the shared access-log shape (onewindow.common.v1)."""
    return common_pb.AccessLogEntry(
        at=ts(e.at), actor_subject=e.actor_subject, actor_kind=e.actor_kind,
        actor_department=e.department, actor_office=e.office, actor_username=e.actor_username,
        action=e.action, object_kind="person", object_id=e.person_id, purpose=e.purpose,
        source="identity",
    )  # fmt: skip


def organisation(o: Organisation) -> pb.Organisation:
    """Organisation message."""
    return pb.Organisation(
        organisation_id=o.id,
        country=o.country,
        registration_number=o.registration_number,
        name=o.name,
        legal_representative_person_id=o.legal_representative_person_id,
        registered_at=ts(o.registered_at),
    )


def staff(s: Staff) -> pb.Staff:
    """Staff message."""
    return pb.Staff(
        staff_id=s.id,
        username=s.username,
        family_name=s.family_name,
        given_name=s.given_name,
        email=s.email,
        department=s.department,
        office=s.office,
        roles=list(s.roles),
        enabled=s.enabled,
        created_at=ts(s.created_at),
    )


def service_account(a: ServiceAccount) -> pb.ServiceAccount:
    """Service account message (never the secret)."""
    return pb.ServiceAccount(
        service_account_id=a.id,
        client_id=a.client_id,
        department=a.department,
        system_name=a.system_name,
        created_at=ts(a.created_at),
        secret_rotated_at=ts(a.secret_rotated_at),
    )


def mandate(m: Mandate) -> pb.Mandate:
    """Mandate message."""
    return pb.Mandate(
        mandate_id=m.id,
        mandator_kind=PARTY_KINDS.get(m.mandator_kind, pb.PARTY_KIND_UNSPECIFIED),
        mandator_id=m.mandator_id,
        mandatee_person_id=m.mandatee_person_id,
        service_types=list(m.service_types),
        valid_from=ts(m.valid_from),
        valid_until=ts(m.valid_until),
        granted_by_person_id=m.granted_by_person_id,
        granted_at=ts(m.granted_at),
        revoked_at=ts(m.revoked_at),
    )


def consent(c: Consent) -> pb.Consent:
    """Consent message."""
    return pb.Consent(
        consent_id=c.id,
        person_id=c.person_id,
        department=c.department,
        document_types=list(c.document_types),
        purpose=c.purpose,
        valid_until=ts(c.valid_until),
        granted_at=ts(c.granted_at),
        revoked_at=ts(c.revoked_at),
    )


def contact_change(c: ContactChange) -> pb.UpdateContactDetailsResponse:
    """A pending change as the caller sees it (never the code)."""
    return pb.UpdateContactDetailsResponse(
        change_id=c.id, channel=c.channel, expires_at=ts(c.expires_at)
    )


def login(r: LoginRecord) -> pb.LoginEvent:
    """Login event message."""
    return pb.LoginEvent(
        at=ts(r.at), type=r.type, ip_address=r.ip_address, client_id=r.client_id, error=r.error
    )


def principal(p: Principal) -> pb.Principal:
    """Principal message."""
    return pb.Principal(
        subject=p.subject,
        kind=p.kind,
        person_id=p.person_id,
        roles=sorted(p.roles),
        department=p.department,
        office=p.office,
        assurance_level=LEVELS.get(p.assurance_level, pb.ASSURANCE_LEVEL_UNSPECIFIED),
        acting_for=p.acting_for,
        client_id=p.client_id,
        username=p.username,
    )
