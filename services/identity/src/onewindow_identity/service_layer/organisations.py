"""Organisations: a company with its registration number and legal representative."""

from __future__ import annotations

from datetime import datetime

from onewindow_identity.domain import access, fields
from onewindow_identity.domain.organisation import (
    Organisation,
    OrganisationDetails,
    validate_registration,
)
from onewindow_identity.service_layer import commands, events, idempotency
from onewindow_identity.service_layer.common import found, log, valid_id
from onewindow_identity.service_layer.ports import IdentityUnitOfWork, Services
from onewindow_kit.errors import AlreadyExists, NotFound, PermissionDenied, Validator
from onewindow_kit.principal import Principal


def register_organisation(
    cmd: commands.RegisterOrganisation, *, svc: Services, actor: Principal
) -> Organisation:
    """The legal representative registers their company (or a clerk/system does for them)."""
    key, details = _validated(cmd, svc, actor)
    digest = idempotency.request_hash(actor, details)
    with svc.uow() as uow:
        uow.lock(f"organisation:{details.country}:{details.registration_number}")
        first = idempotency.replay(uow, "register_organisation", key, digest)
        if first:
            return found(uow.organisations.get(first), "organisation", first)
        if uow.organisations.by_registration_number(details.country, details.registration_number):
            raise AlreadyExists("an organisation with this registration number is registered")
        if uow.persons.get(details.legal_representative_person_id) is None:
            raise NotFound(
                f"legal representative {details.legal_representative_person_id} is not a "
                "registered person"
            )
        org = Organisation(
            id=svc.new_id(),
            **details.__dict__,
            registered_by=actor.subject,
            registered_at=svc.clock(),
        )
        uow.organisations.add(org)
        idempotency.remember(uow, "register_organisation", key, digest, org.id)
        uow.emit(events.organisation_registered(org, actor))
        uow.commit()
    log.info("organisation_registered", organisation_id=org.id, by=actor.subject)
    return org


def _validated(
    cmd: commands.RegisterOrganisation, svc: Services, actor: Principal
) -> tuple[str, OrganisationDetails]:
    v = Validator()
    key = fields.idempotency_key(v, "idempotency_key", cmd.idempotency_key)
    v.raise_if_any()
    details = validate_registration(
        registry=svc.validators,
        today=svc.clock().date(),
        country=cmd.country,
        registration_number=cmd.registration_number,
        name=cmd.name,
        legal_representative_person_id=cmd.legal_representative_person_id,
    )
    if actor.kind == "person" and actor.person_id != details.legal_representative_person_id:
        raise PermissionDenied("only the legal representative may register the company")
    if actor.kind == "staff":
        actor.require_role("clerk", "supervisor")
    return key, details


def get_organisation(
    cmd: commands.GetOrganisation, *, svc: Services, actor: Principal
) -> Organisation:
    """Staff and systems; the legal representative and the company's mandatees. Anyone else
    gets the answer an unknown id gets."""
    org_id = valid_id("organisation_id", cmd.organisation_id)
    with svc.uow() as uow:
        return visible_organisation(uow, org_id, actor, svc.clock())


def visible_organisation(
    uow: IdentityUnitOfWork, org_id: str, actor: Principal, now: datetime
) -> Organisation:
    """The organisation if the caller may see it; NOT_FOUND alike when missing or hidden."""
    org = uow.organisations.get(org_id)
    if org is None:
        raise access.not_found("organisation")
    mandated = bool(actor.person_id) and any(
        m.active(now) for m in uow.mandates.between(org.id, actor.person_id)
    )
    if not access.may_see_organisation(actor, org, mandated=mandated):
        raise access.not_found("organisation")
    return org
