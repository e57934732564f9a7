"""Locked accounts are refused at once: the revocation set, its Kafka reader, the validator."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import pytest
from google.protobuf.message import Message

from onewindow.events.v1 import envelope_pb2
from onewindow.identity.v1 import events_pb2
from onewindow_kit.errors import Unauthenticated
from onewindow_kit.revocations import RevocationFeed, RevocationSet
from onewindow_kit.testing import TokenFactory


def envelope(name: str, payload: Message, at: float) -> envelope_pb2.EventEnvelope:
    env = envelope_pb2.EventEnvelope(type=f"onewindow.identity.{name}.v1", source="identity")
    env.occurred_at.FromMicroseconds(int(at * 1e6))
    env.payload.Pack(payload, type_url_prefix="type.onewindow.org/")
    return env


def locked(person_id: str, at: float) -> envelope_pb2.EventEnvelope:
    payload = events_pb2.AccountLocked(person_id=person_id)
    payload.locked_at.FromMicroseconds(int(at * 1e6))
    return envelope("account_locked", payload, at)


def test_a_lock_refuses_tokens_issued_before_it_and_in_its_second():
    revocations = RevocationSet()
    revocations.apply(locked("p-1", 1000.5))
    assert revocations.revoked(["sub-x", "p-1"], issued_at=999.0)
    assert revocations.revoked(["sub-x", "p-1"], issued_at=1000.0)
    assert not revocations.revoked(["sub-x", "p-1"], issued_at=1001.0)
    assert not revocations.revoked(["sub-x", "p-2"], issued_at=999.0)
    assert not revocations.revoked(["", ""], issued_at=999.0)


def test_an_unlock_clears_the_lock():
    revocations = RevocationSet()
    revocations.apply(locked("p-1", 1000.0))
    revocations.apply(envelope("account_unlocked", events_pb2.AccountUnlocked(person_id="p-1"), 2))
    assert not revocations.revoked(["p-1"], issued_at=999.0)


def test_disabled_staff_are_locked_by_subject_other_staff_changes_are_not():
    revocations = RevocationSet()
    moved = events_pb2.StaffChanged(change="moved", enabled=True, subject="kc-clerk")
    revocations.apply(envelope("staff_changed", moved, 1000.0))
    assert not revocations.revoked(["kc-clerk"], issued_at=999.0)
    disabled = events_pb2.StaffChanged(change="disabled", enabled=False, subject="kc-clerk")
    revocations.apply(envelope("staff_changed", disabled, 1000.0))
    assert revocations.revoked(["kc-clerk"], issued_at=999.0)


def test_other_events_change_nothing():
    revocations = RevocationSet()
    registered = events_pb2.PersonRegistered(person_id="p-1", subject="kc-1")
    revocations.apply(envelope("person_registered", registered, 1000.0))
    assert not revocations.revoked(["p-1", "kc-1"], issued_at=999.0)


def test_the_validator_refuses_an_already_verified_token_once_the_account_is_locked():
    tokens = TokenFactory()
    revocations = RevocationSet()
    plain = tokens.validator()
    validator = type(plain)(
        issuer=tokens.issuer,
        audience=tokens.audience,
        keys=plain._keys,
        revocations=revocations,
    )
    token = tokens.token(subject="kc-1", person_id="p-1")
    assert validator.principal(token).person_id == "p-1"  # verified and cached

    revocations.apply(locked("p-1", time.time()))
    with pytest.raises(Unauthenticated, match="revoked"):
        validator.principal(token)

    later = tokens.token(subject="kc-1", person_id="p-1", extra={"iat": int(time.time()) + 2})
    assert validator.principal(later).subject == "kc-1"  # logged in again after an unlock
    other = tokens.token(subject="kc-2", person_id="p-2")
    assert validator.principal(other).person_id == "p-2"


def test_verified_answers_only_tokens_checked_before_and_still_applies_revocations():
    tokens = TokenFactory()
    revocations = RevocationSet()
    plain = tokens.validator()
    validator = type(plain)(
        issuer=tokens.issuer, audience=tokens.audience, keys=plain._keys, revocations=revocations
    )
    token = tokens.token(subject="kc-1", person_id="p-1")
    assert validator.verified(token) is None  # never seen: principal() verifies it in full
    assert validator.verified(token + "x") is None
    validator.principal(token)
    known = validator.verified(token)
    assert known is not None and known.person_id == "p-1"
    revocations.apply(locked("p-1", time.time()))
    with pytest.raises(Unauthenticated, match="revoked"):
        validator.verified(token)
    expired = tokens.token(subject="kc-3", ttl_s=-60)
    with pytest.raises(Unauthenticated):
        validator.principal(expired)
    assert validator.verified(expired) is None


class FakeConsumer:
    """The few kafka-python calls the feed makes, over a list of records."""

    def __init__(self, values: list[bytes]) -> None:
        self.values = values
        self.seeks: dict[Any, int] = {}
        self.closed = False
        self.since_ms = 0

    def partitions_for_topic(self, topic: str) -> set[int]:
        return {0, 1}

    def assign(self, parts: list[Any]) -> None:
        self.parts = parts

    def offsets_for_times(self, times: dict[Any, int]) -> dict[Any, Any]:
        self.since_ms = next(iter(times.values()))
        return {tp: (SimpleNamespace(offset=7) if tp.partition == 0 else None) for tp in times}

    def seek(self, tp: Any, offset: int) -> None:
        self.seeks[tp.partition] = offset

    def seek_to_end(self, tp: Any) -> None:
        self.seeks[tp.partition] = -1

    def poll(self, timeout_ms: int) -> dict[Any, list[Any]]:
        time.sleep(timeout_ms / 1000 / 10)
        if not self.values:
            return {}
        values, self.values = self.values, []
        return {"tp": [SimpleNamespace(value=v) for v in values]}

    def close(self) -> None:
        self.closed = True


def test_the_feed_reads_from_the_look_back_and_applies_what_it_reads():
    consumer = FakeConsumer([b"not an envelope", locked("p-1", 1000.0).SerializeToString()])
    revocations = RevocationSet()
    feed = RevocationFeed(revocations, lambda: consumer, lookback_s=600).start()
    try:
        assert feed.caught_up.wait(5)
    finally:
        feed.stop()
    assert revocations.revoked(["p-1"], issued_at=999.0)
    assert consumer.seeks == {0: 7, 1: -1}  # found offset, or the end when nothing is newer
    assert abs(consumer.since_ms / 1000 - (time.time() - 600)) < 60
    assert consumer.closed


def test_a_brute_force_lockout_refuses_the_login_s_older_tokens():
    revocations = RevocationSet()
    lockout = events_pb2.LoginLockedOut(user_id="kc-1", person_id="p-1", permanent=False)
    lockout.locked_at.FromMicroseconds(int(1000.5 * 1e6))
    revocations.apply(envelope("login_locked_out", lockout, 1000.5))
    assert revocations.revoked(["kc-1", ""], issued_at=1000.0)
    assert not revocations.revoked(["kc-1", ""], issued_at=1001.0)  # logged in after it reopened
