"""Brute-force lockouts reach every service: the ``lockouts`` worker turns Keycloak's lockout
events into login_locked_out (the revocation sets' input), once per lockout."""

from __future__ import annotations

from datetime import datetime, timedelta

from onewindow_identity.service_layer import lockouts
from onewindow_identity.service_layer.ports import LoginRecord


def _lockout(world, user_id: str, at: datetime, kind: str = "TEMPORARY") -> None:
    record = LoginRecord(at, f"USER_DISABLED_BY_{kind}_LOCKOUT", "198.51.100.7", "", "", user_id)
    world.idp.logins.setdefault(user_id, []).append(record)


def _published(world) -> list:
    return [e for e in world.store.events if e.name == "login_locked_out"]


def test_a_lockout_is_published_with_the_user_the_person_and_the_time(world) -> None:
    person = world.register()
    at = world.clock() - timedelta(seconds=1)
    _lockout(world, person.keycloak_user_id, at)
    _lockout(world, "kc-staff-1", at + timedelta(milliseconds=5), kind="PERMANENT")

    assert lockouts.watch_lockouts(world.svc) == 2

    found = {
        (e.payload.user_id, e.payload.person_id, e.payload.permanent, e.subject)
        for e in _published(world)
    }
    assert found == {
        (person.keycloak_user_id, person.id, False, person.keycloak_user_id),
        ("kc-staff-1", "", True, "kc-staff-1"),  # staff: no person
    }
    citizen = next(e for e in _published(world) if e.payload.person_id == person.id)
    assert citizen.payload.locked_at.ToDatetime(tzinfo=at.tzinfo) == at


def test_each_lockout_is_published_once_a_later_one_too(world) -> None:
    person = world.register()
    _lockout(world, person.keycloak_user_id, world.clock() - timedelta(seconds=1))
    assert lockouts.watch_lockouts(world.svc) == 1
    assert lockouts.watch_lockouts(world.svc) == 0  # read again (a replica, a restart): nothing

    _lockout(world, person.keycloak_user_id, world.clock() + timedelta(minutes=20))
    assert lockouts.watch_lockouts(world.svc) == 1
    assert len(_published(world)) == 2


def test_a_first_run_skips_lockouts_older_than_any_live_token(world) -> None:
    person = world.register()
    _lockout(world, person.keycloak_user_id, world.clock() - timedelta(minutes=6))
    assert lockouts.watch_lockouts(world.svc) == 0


def test_failed_logins_and_logins_are_not_lockouts(world) -> None:
    person = world.register()
    world.idp.login(person.username, "wrong password")
    assert lockouts.watch_lockouts(world.svc) == 0
    assert _published(world) == []


def test_the_worker_outlives_a_database_outage_and_publishes_once_it_is_back(world) -> None:
    import threading

    from sqlalchemy.exc import OperationalError

    from onewindow_identity.bootstrap import watch_every

    person = world.register()
    _lockout(world, person.keycloak_user_id, world.clock() - timedelta(seconds=1))
    stop, rounds = threading.Event(), []

    def round_() -> None:  # the database refuses connections for two rounds (stopped, restarting)
        rounds.append(1)
        if len(rounds) <= 2:
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))
        lockouts.watch_lockouts(world.svc)
        stop.set()

    watch_every("lockout_watch", 0.001, round_, stop)

    assert len(rounds) == 3
    assert len(_published(world)) == 1


def test_a_burst_of_lockouts_larger_than_one_read_is_published_whole(world) -> None:
    people = [world.register() for _ in range(3)]
    at = world.clock() - timedelta(seconds=30)
    for n, person in enumerate(people):
        _lockout(world, person.keycloak_user_id, at + timedelta(seconds=n))

    rounds = [lockouts.watch_lockouts(world.svc, limit=1) for _ in range(4)]

    assert rounds == [1, 1, 1, 0]  # oldest first, each round from where the last one stopped
    assert {e.payload.person_id for e in _published(world)} == {p.id for p in people}


def test_a_worker_keeping_its_cursor_reads_it_before_the_lock_once_only(world) -> None:
    from dataclasses import replace

    from onewindow_identity.service_layer.common import WatchCursor

    transactions: list[int] = []

    def counted():  # type: ignore[no-untyped-def]
        transactions.append(1)
        return world.svc.uow()

    svc = replace(world.svc, uow=counted)
    people = [world.register() for _ in range(3)]
    at = world.clock() - timedelta(seconds=30)
    for n, person in enumerate(people):
        _lockout(world, person.keycloak_user_id, at + timedelta(seconds=n))
    cursor = WatchCursor(lockouts.WATCH)

    rounds = [lockouts.watch_lockouts(svc, limit=1, cursor=cursor) for _ in range(4)]

    assert rounds == [1, 1, 1, 0]
    assert len(transactions) == 1 + 4  # the cursor once, then one locked round each
    assert cursor.at == at + timedelta(seconds=2)
