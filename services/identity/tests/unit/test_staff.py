"""Staff and department systems: a dept_admin manages their own department only."""

from __future__ import annotations

import uuid

import pytest

from onewindow_identity.service_layer import commands, service_accounts, staff
from onewindow_identity.testing import staff_principal
from onewindow_kit.errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
)
from onewindow_kit.principal import Principal

ADMIN_CIVIL = staff_principal("dept_admin", department="civil")
ADMIN_HEALTH = staff_principal("dept_admin", department="health")


def _create(world, *, by=ADMIN_CIVIL, department="civil", roles=("clerk",), username="li.na"):
    cmd = commands.CreateStaff(
        idempotency_key=world.key(),
        username=username,
        family_name="Li",
        given_name="Na",
        email=f"{username}@civil.example.cn",
        department=department,
        office="hall-central",
        roles=list(roles),
        initial_password="temporary pass 1",
    )
    return staff.create_staff(cmd, svc=world.svc, actor=by)


def test_a_dept_admin_creates_staff_of_their_department(world) -> None:
    member = _create(world, roles=("clerk", "supervisor"))

    user = world.idp.users[member.keycloak_user_id]
    assert user.attributes == {"department": "civil", "office": "hall-central"}
    assert user.realm_roles == ("clerk", "supervisor")
    assert world.store.events[-1].name == "staff_changed"
    assert world.store.events[-1].payload.change == "created"


def test_a_dept_admin_cannot_create_staff_in_another_department(world) -> None:
    with pytest.raises(PermissionDenied, match="cannot manage department health"):
        _create(world, by=ADMIN_CIVIL, department="health")
    assert world.idp.users == {}


def test_a_clerk_cannot_create_staff(world) -> None:
    with pytest.raises(PermissionDenied):
        _create(world, by=staff_principal("clerk", department="civil"))


def test_an_unknown_role_is_refused(world) -> None:
    with pytest.raises(InvalidArgument) as exc:
        _create(world, roles=("clerk", "superuser"))
    assert exc.value.violations[0].field == "roles[1]"


def test_a_taken_username_is_already_exists(world) -> None:
    _create(world)
    with pytest.raises(AlreadyExists):
        _create(world)


def test_moving_staff_changes_the_office_in_keycloak(world) -> None:
    member = _create(world)

    moved = staff.move_staff(
        commands.MoveStaff(member.id, "hall-east"), svc=world.svc, actor=ADMIN_CIVIL
    )

    assert moved.office == "hall-east"
    assert world.idp.users[member.keycloak_user_id].attributes["office"] == "hall-east"
    assert world.store.events[-1].payload.previous_office == "hall-central"


def test_another_departments_admin_cannot_move_or_disable(world) -> None:
    member = _create(world)
    # another department's staff member is not the caller's to see: answered as if missing
    with pytest.raises(NotFound) as moved:
        staff.move_staff(
            commands.MoveStaff(member.id, "hall-east"), svc=world.svc, actor=ADMIN_HEALTH
        )
    with pytest.raises(NotFound) as disabled:
        staff.disable_staff(commands.DisableStaff(member.id), svc=world.svc, actor=ADMIN_HEALTH)
    with pytest.raises(NotFound) as missing:
        staff.disable_staff(
            commands.DisableStaff(str(uuid.uuid4())), svc=world.svc, actor=ADMIN_HEALTH
        )
    assert str(moved.value) == str(disabled.value) == str(missing.value) == "staff member not found"
    assert world.idp.users[member.keycloak_user_id].enabled


def test_disabling_staff_stops_logins_at_once(world) -> None:
    member = _create(world)
    world.idp.users[member.keycloak_user_id].password = "known password 1"
    assert world.idp.login(member.username, "known password 1")

    disabled = staff.disable_staff(
        commands.DisableStaff(member.id, "left"), svc=world.svc, actor=ADMIN_CIVIL
    )

    assert not disabled.enabled
    assert world.idp.users[member.keycloak_user_id].sessions == 0
    assert not world.idp.login(member.username, "known password 1")
    with pytest.raises(FailedPrecondition):
        staff.disable_staff(commands.DisableStaff(member.id), svc=world.svc, actor=ADMIN_CIVIL)


def test_a_department_system_gets_a_client_and_a_rotatable_secret(world) -> None:
    cmd = commands.CreateServiceAccount(world.key(), "civil", "records", "marriage records")
    account, secret = service_accounts.create_service_account(cmd, svc=world.svc, actor=ADMIN_CIVIL)

    client = world.idp.clients[account.keycloak_client_uuid]
    assert (client.client_id, client.department, client.secret) == (
        "dept-civil-records",
        "civil",
        secret,
    )
    _, new_secret = service_accounts.rotate_secret(
        commands.RotateServiceAccountSecret(account.id), svc=world.svc, actor=ADMIN_CIVIL
    )
    assert new_secret != secret
    assert client.secret == new_secret


def test_service_accounts_belong_to_the_admins_department(world) -> None:
    cmd = commands.CreateServiceAccount(world.key(), "health", "his")
    with pytest.raises(PermissionDenied):
        service_accounts.create_service_account(cmd, svc=world.svc, actor=ADMIN_CIVIL)
    account, _ = service_accounts.create_service_account(cmd, svc=world.svc, actor=ADMIN_HEALTH)
    missing = "6d1f4e39-1c3b-4b8a-9d52-3f1e2a9b0c11"
    answers = {}
    for ident in (account.id, missing):
        with pytest.raises(NotFound) as refused:
            service_accounts.rotate_secret(
                commands.RotateServiceAccountSecret(ident), svc=world.svc, actor=ADMIN_CIVIL
            )
        answers[ident] = str(refused.value).replace(ident, "<id>")
    assert answers[account.id] == answers[missing]  # another department's = a missing one


def test_rotating_a_secret_needs_the_dept_admin_role_whatever_the_id(world) -> None:
    cmd = commands.CreateServiceAccount(world.key(), "health", "his")
    account, _ = service_accounts.create_service_account(cmd, svc=world.svc, actor=ADMIN_HEALTH)
    for ident in (account.id, "6d1f4e39-1c3b-4b8a-9d52-3f1e2a9b0c11"):
        for caller in (
            staff_principal("clerk", department="health"),
            Principal(subject="someone", roles=frozenset({"citizen"}), person_id="p-1"),
        ):
            with pytest.raises(PermissionDenied):
                service_accounts.rotate_secret(
                    commands.RotateServiceAccountSecret(ident), svc=world.svc, actor=caller
                )


def test_a_failed_commit_removes_the_new_client(world) -> None:
    world.fail_next_commit.append(RuntimeError("db down"))
    cmd = commands.CreateServiceAccount(world.key(), "civil", "records")
    with pytest.raises(RuntimeError):
        service_accounts.create_service_account(cmd, svc=world.svc, actor=ADMIN_CIVIL)
    assert world.idp.clients == {}


def test_a_staff_member_is_hidden_from_who_may_not_see_them(world) -> None:
    member = _create(world)
    outsiders = (
        staff_principal("clerk", department="health"),
        Principal(subject="someone", roles=frozenset({"citizen"}), person_id="p-1"),
    )
    for outsider in outsiders:
        for staff_id in (member.id, "6d1f4e39-1c3b-4b8a-9d52-3f1e2a9b0c11"):
            with pytest.raises(NotFound, match=r"^staff member not found$"):
                staff.get_staff(commands.GetStaff(staff_id), svc=world.svc, actor=outsider)
    colleague = staff_principal("clerk", department="civil")
    assert staff.get_staff(commands.GetStaff(member.id), svc=world.svc, actor=colleague) == member
