"""New login from an unknown client: the ``logins`` worker reports a login through a client or
from an address the person has not used before — never their first login, never twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from onewindow_identity.service_layer import logins
from onewindow_identity.service_layer.ports import LoginRecord

PASSWORD = "correct horse battery"


def _detected(world) -> list:
    return [e.payload for e in world.store.events if e.name == "new_login_detected"]


def test_a_login_from_a_new_client_or_address_is_reported_once(world) -> None:
    person = world.register()
    world.idp.login(person.username, PASSWORD, ip="10.0.0.1")
    assert logins.watch_logins(world.svc) == 0  # the first login is the baseline

    world.idp.login(person.username, PASSWORD, ip="10.0.0.1")
    world.idp.login(person.username, PASSWORD, ip="10.0.0.1", client_id="onewindow-mobile")
    world.idp.login(person.username, PASSWORD, ip="203.0.113.9")
    assert logins.watch_logins(world.svc) == 2

    found = {(d.person_id, d.client_id, d.ip_address) for d in _detected(world)}
    assert found == {
        (person.id, "onewindow-mobile", "10.0.0.1"),
        (person.id, "onewindow-web", "203.0.113.9"),
    }
    assert logins.watch_logins(world.svc) == 0  # read again: nothing new
    assert len(_detected(world)) == 2


def test_failed_logins_are_not_reported(world) -> None:
    person = world.register()
    world.idp.login(person.username, PASSWORD)
    logins.watch_logins(world.svc)

    world.idp.login(person.username, "wrong password", ip="198.51.100.7")
    assert logins.watch_logins(world.svc) == 0


def test_each_person_has_their_own_baseline(world) -> None:
    first, second = world.register(), world.register()
    world.idp.login(first.username, PASSWORD, ip="10.0.0.1")
    logins.watch_logins(world.svc)
    world.idp.login(second.username, PASSWORD, ip="10.0.0.1")

    assert logins.watch_logins(world.svc) == 0  # the second person's first login
    world.idp.login(second.username, PASSWORD, ip="10.0.0.2")
    assert logins.watch_logins(world.svc) == 1
    assert _detected(world)[0].person_id == second.id


def _login_at(world, user_id: str, at: datetime, ip: str) -> None:
    world.idp.logins.setdefault(user_id, []).append(
        LoginRecord(at, "LOGIN", ip, "onewindow-web", "", user_id)
    )


def test_a_burst_larger_than_one_read_is_read_over_several_rounds_none_skipped(world) -> None:
    person = world.register()
    start = world.clock() - timedelta(minutes=1)
    _login_at(world, person.keycloak_user_id, start, "10.0.0.1")
    assert logins.watch_logins(world.svc, limit=2) == 0  # the baseline
    for n in range(5):  # five new addresses, more than one read takes
        _login_at(world, person.keycloak_user_id, start + timedelta(seconds=n + 1), f"10.0.1.{n}")

    # each read of two takes the login at the cursor again (``>=``) and one after it
    rounds = [logins.watch_logins(world.svc, limit=2) for _ in range(6)]

    assert rounds == [1, 1, 1, 1, 1, 0]  # the newest two alone would have left three unread
    assert {d.ip_address for d in _detected(world)} == {f"10.0.1.{n}" for n in range(5)}


def test_a_worker_keeping_its_cursor_reads_a_burst_the_same_way(world) -> None:
    from onewindow_identity.service_layer.common import WatchCursor

    person = world.register()
    start = world.clock() - timedelta(minutes=1)
    _login_at(world, person.keycloak_user_id, start, "10.0.0.1")
    cursor = WatchCursor(logins.CURSOR)
    assert logins.watch_logins(world.svc, limit=2, cursor=cursor) == 0  # the baseline
    for n in range(5):
        _login_at(world, person.keycloak_user_id, start + timedelta(seconds=n + 1), f"10.0.1.{n}")

    rounds = [logins.watch_logins(world.svc, limit=2, cursor=cursor) for _ in range(6)]

    assert rounds == [1, 1, 1, 1, 1, 0]
    assert cursor.at == start + timedelta(seconds=5)
