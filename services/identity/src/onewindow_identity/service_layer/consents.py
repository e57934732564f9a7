"""Consents: a citizen lets a department use documents of stated types for a stated purpose."""

from __future__ import annotations

from datetime import datetime

from onewindow_identity.domain import access, fields
from onewindow_identity.domain.consent import Consent
from onewindow_identity.service_layer import commands, events, idempotency
from onewindow_identity.service_layer.common import found, log, valid_id
from onewindow_identity.service_layer.ports import Services
from onewindow_kit.errors import PermissionDenied, Validator
from onewindow_kit.principal import Principal


def grant_consent(cmd: commands.GrantConsent, *, svc: Services, actor: Principal) -> Consent:
    """The citizen themselves grants; never someone acting for them."""
    person_id = access.require_person(actor)
    if actor.acting_for and actor.acting_for != person_id:
        raise PermissionDenied("a consent cannot be granted while acting for someone else")
    now = svc.clock()
    v = Validator()
    key = fields.idempotency_key(v, "idempotency_key", cmd.idempotency_key)
    department = fields.code(v, "department", cmd.department)
    types = fields.codes(v, "document_types", cmd.document_types, required=True)
    purpose = fields.text(v, "purpose", cmd.purpose, max_len=500)
    fields.future_time(v, "valid_until", cmd.valid_until, after=now)
    v.raise_if_any()
    assert cmd.valid_until is not None
    until: datetime = cmd.valid_until
    digest = idempotency.request_hash(actor, [department, types, purpose, until])
    with svc.uow() as uow:
        first = idempotency.replay(uow, "grant_consent", key, digest)
        if first:
            return found(uow.consents.get(first), "consent", first)
        consent = Consent(
            id=svc.new_id(),
            person_id=person_id,
            department=department,
            document_types=tuple(types),
            purpose=purpose,
            valid_until=until,
            granted_at=now,
        )
        uow.consents.add(consent)
        idempotency.remember(uow, "grant_consent", key, digest, consent.id)
        uow.emit(events.consent_granted(consent, actor))
        uow.commit()
    log.info("consent_granted", consent_id=consent.id, department=department)
    return consent


def revoke_consent(cmd: commands.RevokeConsent, *, svc: Services, actor: Principal) -> Consent:
    """The citizen revokes at once."""
    consent_id = valid_id("consent_id", cmd.consent_id)
    person_id = access.require_person(actor)
    with svc.uow() as uow:
        consent = uow.consents.get(consent_id)
        if consent is None or consent.person_id != person_id:
            raise access.not_found("consent")  # someone else's answers like a missing one
        revoked = consent.revoke(svc.clock())
        uow.consents.save(revoked)
        uow.emit(events.consent_revoked(revoked, actor))
        uow.commit()
    return revoked


def list_consents(cmd: commands.ListConsents, *, svc: Services, actor: Principal) -> list[Consent]:
    """The caller's own consents (active only unless asked)."""
    person_id = access.require_person(actor)
    now = svc.clock()
    with svc.uow() as uow:
        consents = uow.consents.of_person(person_id)
    return consents if cmd.include_inactive else [c for c in consents if c.active(now)]


def check_consent(cmd: commands.CheckConsent, *, svc: Services, actor: Principal) -> Consent | None:
    """For other services: does a consent let this department use this document type now?"""
    v = Validator()
    person_id = fields.entity_id(v, "person_id", cmd.person_id)
    department = fields.code(v, "department", cmd.department or actor.department)
    document_type = fields.code(v, "document_type", cmd.document_type)
    purpose = fields.text(v, "purpose", cmd.purpose, max_len=500, required=False)
    v.raise_if_any()
    if actor.kind == "person":
        access.require_read_person(actor, person_id)
    elif actor.department != department:
        raise PermissionDenied("a department may check only consents given to itself")
    now = svc.clock()
    with svc.uow() as uow:
        if uow.persons.get(person_id) is None:
            raise access.not_found("person")
        consents = uow.consents.of_person(person_id)
    return next((c for c in consents if c.holds(now, department, document_type, purpose)), None)
