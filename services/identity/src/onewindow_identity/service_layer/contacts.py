"""Contact changes: a new email address or phone number takes effect only once the person
confirms the one-time code sent to that new address; the old address is then told."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from onewindow.identity.v1 import events_pb2
from onewindow_identity.domain import access, fields
from onewindow_identity.domain.contact_change import (
    CODE_DIGITS,
    CODE_TTL,
    ContactChange,
    hash_code,
    new_code,
)
from onewindow_identity.domain.person import Person
from onewindow_identity.service_layer import commands
from onewindow_identity.service_layer.common import found, log
from onewindow_identity.service_layer.ports import IdentityUnitOfWork, IdpConflict, Services
from onewindow_kit.errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    PermissionDenied,
    Validator,
)
from onewindow_kit.outbox import PendingEvent
from onewindow_kit.principal import Principal
from onewindow_kit.proto_time import ts


def _new_address(cmd: commands.UpdateContactDetails) -> tuple[str, str]:
    """(channel, value): exactly one of email / phone, valid."""
    v = Validator()
    email = fields.email(v, "email", cmd.email)
    phone = fields.phone(v, "phone", cmd.phone)
    if not email and not phone and not v.violations:
        v.add("email", "give a new email address or a new phone number")
    elif email and phone:
        v.add("phone", "change one address at a time: each new one is confirmed with its own code")
    v.raise_if_any()
    return ("email", email) if email else ("sms", phone)


def _self(actor: Principal) -> str:
    """Only the person themselves, never someone acting for them."""
    person_id = access.require_person(actor)
    if actor.acting_for and actor.acting_for != person_id:
        raise PermissionDenied("contact details are changed by the person themselves")
    return person_id


def update_contact_details(
    cmd: commands.UpdateContactDetails, *, svc: Services, actor: Principal
) -> ContactChange:
    """Open a pending change (replacing an earlier one); the code goes to the new address."""
    person_id = _self(actor)
    channel, value = _new_address(cmd)
    now = svc.clock()
    code = new_code()
    with svc.uow() as uow:
        uow.lock(f"person-id:{person_id}")
        person = found(uow.persons.get(person_id), "person", person_id)
        current = person.email if channel == "email" else person.phone
        if value == current:
            raise InvalidArgument(
                "email" if channel == "email" else "phone", "is already your current one"
            )
        _close_pending(uow, person_id, "replaced", now)
        change_id = svc.new_id()
        change = ContactChange(
            id=change_id,
            person_id=person_id,
            channel=channel,
            new_value=value,
            code_hash=hash_code(change_id, code),
            requested_at=now,
            expires_at=now + CODE_TTL,
        )
        uow.contact_changes.add(change)
        uow.emit(_requested(change, code, actor))
        uow.commit()
    log.info("contact_change_requested", person_id=person_id, change_id=change.id, channel=channel)
    return change


def confirm_contact_details(
    cmd: commands.ConfirmContactDetails, *, svc: Services, actor: Principal
) -> Person:
    """The right code in time applies the change (also the login's email in the IdP)."""
    person_id = _self(actor)
    code = cmd.code.strip()
    if not (len(code) == CODE_DIGITS and code.isdigit()):
        raise InvalidArgument("code", f"must be the {CODE_DIGITS} digits that were sent")
    now = svc.clock()
    with svc.uow() as uow:
        uow.lock(f"person-id:{person_id}")
        change = uow.contact_changes.pending_of(person_id)
        if change is None:
            raise FailedPrecondition("no contact change is waiting for a code")
        if change.expired(now):
            raise FailedPrecondition("the code has expired; request the change again")
        if not change.matches(code):
            _wrong_code(uow, change, now)
        person = found(uow.persons.get(person_id), "person", person_id)
        changed = _apply(svc, person, change)
        uow.persons.save(changed)
        uow.contact_changes.save(change.close("confirmed", now))
        uow.emit(_changed(change, person, changed, actor))
        uow.commit()
    log.info("contact_details_changed", person_id=person_id, change_id=change.id)
    return changed


def _wrong_code(uow: IdentityUnitOfWork, change: ContactChange, now: datetime) -> None:
    """Count the attempt (committed even though the call fails), then refuse."""
    counted = change.failed_attempt(now)
    uow.contact_changes.save(counted)
    uow.commit()
    if not counted.pending:
        raise InvalidArgument("code", "is wrong; too many attempts, the change is cancelled")
    raise InvalidArgument("code", "is wrong")


def _apply(svc: Services, person: Person, change: ContactChange) -> Person:
    if change.channel == "sms":
        return replace(person, phone=change.new_value)
    try:
        svc.idp.set_email(person.keycloak_user_id, change.new_value)
    except IdpConflict as exc:
        raise AlreadyExists("another account already uses this email address") from exc
    return replace(person, email=change.new_value)


def _close_pending(uow: IdentityUnitOfWork, person_id: str, status: str, now: datetime) -> None:
    earlier = uow.contact_changes.pending_of(person_id)
    if earlier is not None:
        uow.contact_changes.save(earlier.close(status, now))


def _requested(change: ContactChange, code: str, actor: Principal) -> PendingEvent:
    payload = events_pb2.ContactChangeRequested(
        change_id=change.id,
        person_id=change.person_id,
        channel=change.channel,
        new_email=change.new_value if change.channel == "email" else "",
        new_phone=change.new_value if change.channel == "sms" else "",
        code=code,
        expires_at=ts(change.expires_at),
    )
    return PendingEvent("contact_change_requested", change.person_id, "person", payload, actor)


def _changed(change: ContactChange, old: Person, new: Person, actor: Principal) -> PendingEvent:
    payload = events_pb2.ContactDetailsChanged(
        change_id=change.id,
        person_id=old.id,
        channel=change.channel,
        old_email=old.email,
        new_email=new.email,
        old_phone=old.phone,
        new_phone=new.phone,
    )
    return PendingEvent("contact_details_changed", old.id, "person", payload, actor)
