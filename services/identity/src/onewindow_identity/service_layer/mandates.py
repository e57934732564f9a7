"""Mandates: grant, revoke, list, and the check that acting for someone is allowed now."""

from __future__ import annotations

from datetime import datetime

from onewindow_identity.domain import access, fields
from onewindow_identity.domain.mandate import ORGANISATION, PERSON, Mandate
from onewindow_identity.service_layer import commands, events, idempotency
from onewindow_identity.service_layer.common import found, log, valid_id
from onewindow_identity.service_layer.organisations import visible_organisation
from onewindow_identity.service_layer.ports import IdentityUnitOfWork, Services
from onewindow_kit.errors import InvalidArgument, NotFound, PermissionDenied, Validator
from onewindow_kit.principal import ALL_SERVICE_TYPES, Principal

MAX_SERVICE_TYPES = 50
NO_MANDATE = "no mandate to act for this person or organisation"


def grant_mandate(cmd: commands.GrantMandate, *, svc: Services, actor: Principal) -> Mandate:
    """A person authorises another person; a legal representative authorises for the company."""
    now = svc.clock()
    grantor = access.require_person(actor)
    if actor.acting_for:
        raise PermissionDenied("a mandate cannot be granted while acting for someone else")
    kind, mandatee, types, valid_from, until, key = _validate_grant(cmd, now)
    with svc.uow() as uow:
        mandator_id = _mandator(uow, kind, cmd.mandator_id, actor, now)
        if mandatee == grantor:
            raise InvalidArgument("mandatee_person_id", "must be someone other than yourself")
        if uow.persons.get(mandatee) is None:
            raise access.not_found("person")
        digest = idempotency.request_hash(actor, [kind, mandator_id, mandatee, types, until])
        first = idempotency.replay(uow, "grant_mandate", key, digest)
        if first:
            return found(uow.mandates.get(first), "mandate", first)
        mandate = Mandate(
            id=svc.new_id(),
            mandator_kind=kind,
            mandator_id=mandator_id,
            mandatee_person_id=mandatee,
            service_types=tuple(types),
            valid_from=valid_from,
            valid_until=until,
            granted_by_person_id=grantor,
            granted_at=now,
        )
        uow.mandates.add(mandate)
        idempotency.remember(uow, "grant_mandate", key, digest, mandate.id)
        uow.emit(events.mandate_granted(mandate, actor))
        uow.commit()
    log.info("mandate_granted", mandate_id=mandate.id, mandator_kind=kind)
    return mandate


def _validate_grant(
    cmd: commands.GrantMandate, now: datetime
) -> tuple[str, str, list[str], datetime, datetime, str]:
    v = Validator()
    key = fields.idempotency_key(v, "idempotency_key", cmd.idempotency_key)
    kind = cmd.mandator_kind or PERSON
    if kind not in (PERSON, ORGANISATION):
        v.add("mandator_kind", "must be PERSON or ORGANISATION")
    if kind == ORGANISATION:
        fields.entity_id(v, "mandator_id", cmd.mandator_id)
    mandatee = fields.entity_id(v, "mandatee_person_id", cmd.mandatee_person_id)
    types = fields.codes(v, "service_types", cmd.service_types, required=False)
    if len(types) > MAX_SERVICE_TYPES:
        v.add("service_types", f"must list at most {MAX_SERVICE_TYPES} (or none for all)")
    valid_from = cmd.valid_from or now
    fields.future_time(v, "valid_until", cmd.valid_until, after=max(valid_from, now))
    v.raise_if_any()
    assert cmd.valid_until is not None
    return kind, mandatee, types, valid_from, cmd.valid_until, key


def _mandator(
    uow: IdentityUnitOfWork, kind: str, mandator_id: str, actor: Principal, now: datetime
) -> str:
    grantor = actor.person_id
    if kind == PERSON:
        return grantor
    org = visible_organisation(uow, mandator_id, actor, now)  # a company's mandatee sees it
    if org.legal_representative_person_id != grantor:
        raise PermissionDenied("only the company's legal representative may grant its mandates")
    return org.id


def revoke_mandate(cmd: commands.RevokeMandate, *, svc: Services, actor: Principal) -> Mandate:
    """The mandator (or the company's legal representative) revokes; the mandatee may renounce."""
    mandate_id = valid_id("mandate_id", cmd.mandate_id)
    person_id = access.require_person(actor)
    with svc.uow() as uow:
        mandate = uow.mandates.get(mandate_id)
        if mandate is None or person_id not in _parties(uow, mandate):
            raise access.not_found("mandate")  # someone else's answers like a missing one
        revoked = mandate.revoke(svc.clock(), by=person_id)
        uow.mandates.save(revoked)
        uow.emit(events.mandate_revoked(revoked, actor))
        uow.commit()
    log.info("mandate_revoked", mandate_id=mandate_id)
    return revoked


def _parties(uow: IdentityUnitOfWork, mandate: Mandate) -> set[str]:
    parties = {mandate.mandatee_person_id}
    if mandate.mandator_kind == PERSON:
        parties.add(mandate.mandator_id)
    else:
        org = uow.organisations.get(mandate.mandator_id)
        if org is not None:
            parties.add(org.legal_representative_person_id)
    return parties


def list_mandates(
    cmd: commands.ListMandates, *, svc: Services, actor: Principal
) -> tuple[list[Mandate], list[Mandate]]:
    """Mandates the caller (or a company they represent) granted, and those they received."""
    person_id = access.require_person(actor)
    now = svc.clock()
    with svc.uow() as uow:
        mandators = [person_id, *(o.id for o in uow.organisations.represented_by(person_id))]
        granted = uow.mandates.granted_by(mandators)
        received = uow.mandates.received_by(person_id)
    if not cmd.include_inactive:
        granted = [m for m in granted if m.active(now)]
        received = [m for m in received if m.active(now)]
    return granted, received


def mandate_refusal(
    uow: IdentityUnitOfWork,
    mandatee: str,
    mandator_id: str,
    service_type: str,
    now: datetime,
    *,
    reveal_missing: bool = False,
) -> tuple[str, str | None]:
    """(mandate id, None) when ``mandatee`` may act for ``mandator_id`` now; ('', why) if not.

    A company's legal representative acts for it without a mandate (mandate id ''). An unknown
    mandator gets the same answer as one who granted nothing, unless ``reveal_missing`` (for
    callers who may see every person: NotFound then).
    """
    org = uow.organisations.get(mandator_id)
    if org is not None and org.legal_representative_person_id == mandatee:
        return "", None
    if reveal_missing and org is None and uow.persons.get(mandator_id) is None:
        raise NotFound(f"no person or organisation {mandator_id}")
    reasons = []
    for mandate in uow.mandates.between(mandator_id, mandatee):
        reason = mandate.refusal(now, service_type)
        if reason is None:
            return mandate.id, None
        reasons.append(reason)
    return "", (reasons[0] if reasons else NO_MANDATE)


def mandate_scope(
    uow: IdentityUnitOfWork, mandatee: str, mandator_id: str, now: datetime
) -> frozenset[str]:
    """The service types ``mandatee`` may act in for ``mandator_id`` now, over every valid
    mandate between them: ALL_SERVICE_TYPES for a legal representative or an unlisted mandate."""
    org = uow.organisations.get(mandator_id)
    if org is not None and org.legal_representative_person_id == mandatee:
        return ALL_SERVICE_TYPES
    scope: set[str] = set()
    for mandate in uow.mandates.between(mandator_id, mandatee):
        if mandate.refusal(now) is not None:
            continue
        if not mandate.service_types:
            return ALL_SERVICE_TYPES
        scope.update(mandate.service_types)
    return frozenset(scope)


def check_mandate(
    cmd: commands.CheckMandate, *, svc: Services, actor: Principal
) -> tuple[bool, str, str, frozenset[str]]:
    """For other services: may the mandatee act for the mandator now (for a service type)?"""
    v = Validator()
    mandatee = fields.entity_id(v, "mandatee_person_id", cmd.mandatee_person_id)
    mandator = fields.entity_id(v, "mandator_id", cmd.mandator_id)
    service_type = fields.code(v, "service_type", cmd.service_type, required=False)
    v.raise_if_any()
    if actor.kind == "person" and actor.person_id not in (mandatee, mandator):
        raise access.not_found("mandate")  # a mandate between others is not the caller's to see
    now = svc.clock()
    with svc.uow() as uow:
        mandate_id, reason = mandate_refusal(
            uow,
            mandatee,
            mandator,
            service_type,
            now,
            reveal_missing=actor.kind in access.LOGGED_READERS,
        )
        scope = mandate_scope(uow, mandatee, mandator, now) if reason is None else frozenset()
    return reason is None, mandate_id, reason or "", scope
