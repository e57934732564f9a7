"""Brute-force lockouts reach every service: the ``lockouts`` worker turns Keycloak's lockout
events into login_locked_out (the revocation sets' input), once per lockout."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from onewindow_identity.service_layer import lockouts
from onewindow_identity.service_layer.ports import LoginRecord

START = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)


def _lockout(world, user_id: str, at: datetime, kind: str = "TEMPORARY") -> None:
    record = LoginRecord(at, f"USER_DISABLED_BY_{kind}_LOCKOUT", "198.51.100.7", "", "", user_id)
    world.idp.logins.setdefault(user_id, []).append(record)


def _published(world) -> list:
    return [e for e in world.store.events if e.name == "login_locked_out"]


def test_a_lockout_is_published_with_the_subject_the_person_and_the_time(world) -> None:
    person = world.register()
    at = START + timedelta(seconds=5)
    _lockout(world, person.keycloak_user_id, at)
    _lockout(world, "kc-staff-1", at + timedelta(seconds=1), kind="PERMANENT")

    cursor = lockouts.watch_lockouts(world.svc, START)

    assert cursor == at + timedelta(seconds=1)
    found = {
        (e.payload.user_id, e.payload.person_id, e.payload.permanent, e.subject)
        for e in _published(world)
    }
    assert found == {
        (person.keycloak_user_id, person.id, False, person.keycloak_user_id),
        ("kc-staff-1", "", True, "kc-staff-1"),  # staff: no person
    }
    citizen = next(e for e in _published(world) if e.payload.person_id == person.id)
    assert citizen.payload.locked_at.ToDatetime(tzinfo=UTC) == at


def test_each_lockout_once_and_a_reread_after_a_restart_is_the_same_event(world) -> None:
    person = world.register()
    _lockout(world, person.keycloak_user_id, START + timedelta(seconds=5))
    cursor = lockouts.watch_lockouts(world.svc, START)
    assert lockouts.watch_lockouts(world.svc, cursor) == cursor  # nothing new
    assert len(_published(world)) == 1

    lockouts.watch_lockouts(world.svc, START)  # a restarted worker reads the window again
    first, again = _published(world)
    assert first.event_id == again.event_id  # consumers dedupe on it


def test_failed_logins_and_logins_are_not_lockouts(world) -> None:
    person = world.register()
    world.idp.login(person.username, "wrong password")
    assert lockouts.watch_lockouts(world.svc, START) == START
    assert _published(world) == []
