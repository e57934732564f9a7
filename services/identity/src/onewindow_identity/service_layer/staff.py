"""Staff: a dept_admin manages the staff of their own department only."""

from __future__ import annotations

from onewindow_identity.domain import access, fields
from onewindow_identity.domain.staff import Staff, StaffDetails, validate_staff
from onewindow_identity.service_layer import commands, events, idempotency
from onewindow_identity.service_layer.common import compensated, found, log, valid_id
from onewindow_identity.service_layer.ports import IdpConflict, NewUser, Services
from onewindow_kit.errors import AlreadyExists, Validator
from onewindow_kit.principal import Principal

# Keycloak asks a new staff member to choose their own password at first login.
TEMPORARY_PASSWORD = True


def create_staff(cmd: commands.CreateStaff, *, svc: Services, actor: Principal) -> Staff:
    """A Keycloak user with department, office and roles, plus the staff record."""
    v = Validator()
    key = fields.idempotency_key(v, "idempotency_key", cmd.idempotency_key)
    v.raise_if_any()
    details = validate_staff(
        username=cmd.username,
        family_name=cmd.family_name,
        given_name=cmd.given_name,
        email=cmd.email,
        department=cmd.department,
        office=cmd.office,
        roles=list(cmd.roles),
        initial_password=cmd.initial_password,
    )
    access.require_own_department(actor, details.department)
    digest = idempotency.request_hash(actor, {**details.__dict__, "initial_password": ""})
    with svc.uow() as uow:
        uow.lock(f"staff:{details.username}")
        first = idempotency.replay(uow, "create_staff", key, digest)
        if first:
            return found(uow.staff.get(first), "staff member", first)
        if uow.staff.by_username(details.username):
            raise AlreadyExists(f"staff member {details.username} exists")
        staff_id = svc.new_id()
        user_id = _create_login(svc, details)
        with compensated(lambda: svc.idp.delete_user(user_id), "delete_keycloak_user"):
            staff = _new_staff(svc, details, staff_id, user_id, actor)
            uow.staff.add(staff)
            idempotency.remember(uow, "create_staff", key, digest, staff.id)
            uow.emit(events.staff_changed(staff, "created", actor))
            uow.commit()
    log.info("staff_created", staff_id=staff.id, department=staff.department, by=actor.subject)
    return staff


def _create_login(svc: Services, d: StaffDetails) -> str:
    user = NewUser(
        username=d.username,
        email=d.email,
        first_name=d.given_name,
        last_name=d.family_name,
        password=d.initial_password,
        temporary_password=TEMPORARY_PASSWORD,
        attributes={"department": d.department, "office": d.office},
        realm_roles=d.roles,
    )
    try:
        return svc.idp.create_user(user)
    except IdpConflict as exc:
        raise AlreadyExists(f"a login with this {exc.field} exists") from exc


def _new_staff(
    svc: Services, d: StaffDetails, staff_id: str, user_id: str, actor: Principal
) -> Staff:
    return Staff(
        id=staff_id,
        keycloak_user_id=user_id,
        username=d.username,
        family_name=d.family_name,
        given_name=d.given_name,
        email=d.email,
        department=d.department,
        office=d.office,
        roles=d.roles,
        enabled=True,
        created_by=actor.subject,
        created_at=svc.clock(),
    )


def get_staff(cmd: commands.GetStaff, *, svc: Services, actor: Principal) -> Staff:
    """The staff member themselves, or staff of the same department."""
    staff_id = valid_id("staff_id", cmd.staff_id)
    with svc.uow() as uow:
        return _visible(uow.staff.get(staff_id), actor)


def _visible(staff: Staff | None, actor: Principal) -> Staff:
    """``staff`` when the caller may see it (themselves, or staff of the same department);
    otherwise the one answer for missing and not visible."""
    if staff is None or (
        actor.subject != staff.keycloak_user_id
        and not (actor.kind == "staff" and actor.department == staff.department)
    ):
        raise access.not_found("staff member")
    return staff


def move_staff(cmd: commands.MoveStaff, *, svc: Services, actor: Principal) -> Staff:
    """New office: new tokens carry it."""
    staff_id = valid_id("staff_id", cmd.staff_id)
    v = Validator()
    office = fields.code(v, "office", cmd.office)
    v.raise_if_any()
    with svc.uow() as uow:
        uow.lock(f"staff-id:{staff_id}")
        staff = _visible(uow.staff.get(staff_id), actor)  # another department's: as if missing
        access.require_own_department(actor, staff.department)
        moved = staff.move(office)
        svc.idp.set_attributes(staff.keycloak_user_id, {"office": office})
        undo = {"office": staff.office}
        with compensated(lambda: svc.idp.set_attributes(staff.keycloak_user_id, undo), "office"):
            uow.staff.save(moved)
            uow.emit(events.staff_changed(moved, "moved", actor, previous_office=staff.office))
            uow.commit()
    return moved


def disable_staff(cmd: commands.DisableStaff, *, svc: Services, actor: Principal) -> Staff:
    """Disabled in Keycloak and logged out: no new tokens from now on."""
    staff_id = valid_id("staff_id", cmd.staff_id)
    with svc.uow() as uow:
        uow.lock(f"staff-id:{staff_id}")
        staff = _visible(uow.staff.get(staff_id), actor)  # another department's: as if missing
        access.require_own_department(actor, staff.department)
        disabled = staff.disable()
        svc.idp.set_enabled(staff.keycloak_user_id, False)
        with compensated(lambda: svc.idp.set_enabled(staff.keycloak_user_id, True), "enable"):
            svc.idp.logout(staff.keycloak_user_id)
            uow.staff.save(disabled)
            uow.emit(events.staff_changed(disabled, "disabled", actor))
            uow.commit()
    log.info("staff_disabled", staff_id=staff_id, by=actor.subject)  # the reason is free text
    return disabled
