"""Self-protection: recent logins, lock, and unlock by a clerk's in-person verification."""

from __future__ import annotations

import logging

import pytest

from onewindow_identity.service_layer import commands, protection
from onewindow_kit.errors import FailedPrecondition, PermissionDenied
from onewindow_kit.logging import JsonFormatter

PASSWORD = "correct horse battery"


def _unlock(world, clerk, person):
    cmd = commands.UnlockAccount(
        person.id, "document_inspection", "resident_id", person.national_id
    )
    return protection.unlock_account(cmd, svc=world.svc, actor=clerk)


def test_a_citizen_sees_their_recent_logins_newest_first(world) -> None:
    person = world.register()
    world.idp.login(person.username, "wrong password", ip="203.0.113.9")
    world.idp.login(person.username, PASSWORD, ip="198.51.100.7")

    logins = protection.list_recent_logins(
        commands.ListRecentLogins(), svc=world.svc, actor=world.citizen(person)
    )

    assert [(r.type, r.ip_address) for r in logins] == [
        ("LOGIN", "198.51.100.7"),
        ("LOGIN_ERROR", "203.0.113.9"),
    ]


def test_a_locked_account_cannot_log_in_and_its_sessions_end(world, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    person = world.register()
    assert world.idp.login(person.username, PASSWORD)

    locked = protection.lock_account(
        commands.LockAccount("phone stolen at Renmin Road"), svc=world.svc,
        actor=world.citizen(person),
    )  # fmt: skip

    lines = [JsonFormatter().format(r) for r in caplog.records]
    assert any("account_locked" in line for line in lines)
    assert not any("Renmin Road" in line for line in lines)  # free text stays out of logs

    assert locked.locked
    assert world.idp.users[person.keycloak_user_id].sessions == 0
    assert not world.idp.login(person.username, PASSWORD)
    assert world.store.events[-1].name == "account_locked"


def test_a_clerk_unlocks_after_verifying_in_person_and_the_level_becomes_high(world, clerk) -> None:
    person = world.register()
    protection.lock_account(commands.LockAccount(), svc=world.svc, actor=world.citizen(person))

    unlocked = _unlock(world, clerk, person)

    assert not unlocked.locked
    assert unlocked.assurance_level == "high"
    assert world.idp.login(person.username, PASSWORD)
    assert [e.name for e in world.store.events[-2:]] == [
        "account_unlocked",
        "assurance_level_changed",
    ]


def test_the_citizen_cannot_unlock_themselves_and_unlocking_needs_a_lock(world, clerk) -> None:
    person = world.register()
    with pytest.raises(FailedPrecondition, match="not locked"):
        _unlock(world, clerk, person)
    protection.lock_account(commands.LockAccount(), svc=world.svc, actor=world.citizen(person))
    with pytest.raises(PermissionDenied):
        _unlock(world, world.citizen(person), person)


def test_a_mandatee_cannot_lock_someone_elses_account(world) -> None:
    mother, son = world.register(), world.register()
    acting = world.citizen(son, acting_for=mother.id)
    with pytest.raises(PermissionDenied):
        protection.lock_account(commands.LockAccount(), svc=world.svc, actor=acting)
    assert not world.store.persons[mother.id].locked
