"""The realm's login and lockout events as the watchers read them from the real Keycloak: from a
time on (Keycloak filters, in its milliseconds, inclusive), oldest first."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from keycloak.exceptions import KeycloakError

from onewindow_identity.service_layer.ports import LoginRecord

pytestmark = pytest.mark.integration

MS = timedelta(milliseconds=1)


def _two_logins(stack, user_id: str, limit_s: float = 15.0) -> list[LoginRecord]:
    """The user's LOGIN events once both are stored (Keycloak stores them after answering)."""
    deadline = time.monotonic() + limit_s
    while True:
        mine = [r for r in stack.idp.recent_logins(user_id, 10) if r.type == "LOGIN"]
        if len(mine) >= 2 or time.monotonic() > deadline:
            return sorted(mine, key=lambda r: r.at)
        time.sleep(0.1)


def test_realm_logins_are_read_from_a_time_on_oldest_first(stack) -> None:
    person = stack.register()
    user_id = stack.idp.find_user(person.username).id
    stack.login(person.username)
    stack.login(person.username)
    first, second = _two_logins(stack, user_id)
    assert first.at < second.at

    def mine(since: datetime) -> list[datetime]:
        return [r.at for r in stack.idp.realm_logins(500, since=since) if r.user_id == user_id]

    assert mine(first.at) == [first.at, second.at]  # inclusive, oldest first
    assert mine(first.at + MS) == [second.at]
    assert mine(second.at + MS) == []
    read = stack.idp.realm_logins(500, since=first.at)
    assert [r.at for r in read] == sorted(r.at for r in read)
    newest = stack.idp.realm_logins(1)  # no time: the newest, as a first run reads them
    assert len(newest) == 1 and newest[0].at >= second.at


def test_lockouts_are_read_from_a_time_on(stack) -> None:
    person = stack.register()
    user_id = stack.idp.find_user(person.username).id
    before = datetime.now(UTC) - timedelta(seconds=5)
    for _ in range(10):  # ten wrong passwords in a row: the realm locks the login
        with pytest.raises(KeycloakError):
            stack.web.token(person.username, "not-the-password-1")
    deadline = time.monotonic() + 15
    while not (found := [r for r in stack.idp.lockouts(100, since=before) if r.user_id == user_id]):
        assert time.monotonic() < deadline, "no lockout event within 15 s"
        time.sleep(0.1)

    assert found[0].type == "USER_DISABLED_BY_TEMPORARY_LOCKOUT"
    later = stack.idp.lockouts(100, since=found[-1].at + MS)
    assert all(r.user_id != user_id for r in later)
