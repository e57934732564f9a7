"""Revoked accounts, known to every serve process within a second of the lock.

An access token stays valid until it expires (5 minutes), so a locked account or a disabled
staff member could go on calling every service but identity (which checks its own database).
Identity publishes each lock on ``onewindow.identity.v1``; each serve process (and each gateway
worker) reads that topic with a small background reader of its own, with no consumer group,
from a recent offset (tokens older than the look-back have expired anyway), and keeps
subject -> locked-at (LockAccount, a disabled staff member, Keycloak's brute-force lockouts).
The token validator refuses a token of a locked subject that was issued
at or before the lock; an unlock clears the entry.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from onewindow.events.v1 import envelope_pb2
from onewindow.identity.v1 import events_pb2
from onewindow_kit.logging import get_logger
from onewindow_kit.topics import domain_topic

log = get_logger("onewindow.kit.revocations")

ACCOUNT_LOCKED = "onewindow.identity.account_locked.v1"
ACCOUNT_UNLOCKED = "onewindow.identity.account_unlocked.v1"
STAFF_CHANGED = "onewindow.identity.staff_changed.v1"
LOGIN_LOCKED_OUT = "onewindow.identity.login_locked_out.v1"
DEFAULT_LOOKBACK_S = 3600.0  # far longer than an access token lives
# The broker answers a fetch as soon as one byte arrives (fetch.min.bytes 1), so how long it may
# hold an empty one delays no lock: it only sets how often an idle reader asks. At 100 ms (and a
# 200 ms poll) each reader spent about 18 ms of CPU per second doing nothing, in every serve
# process and every gateway worker, holding the GIL that their requests need; at 1 s, about 2.4.
FETCH_MAX_WAIT_MS = 1000
POLL_MS = 1000  # also how long stop() may wait for the reader to notice


class RevocationSet:
    """Subjects (Keycloak subject or person id) locked at a time; thread-safe to read."""

    def __init__(self) -> None:
        self._locked: dict[str, float] = {}
        self._lock = threading.Lock()

    def lock(self, subject: str, locked_at: float) -> None:
        """Refuse ``subject``'s tokens issued at or before ``locked_at`` (epoch seconds)."""
        if not subject:
            return
        with self._lock:
            self._locked[subject] = max(locked_at, self._locked.get(subject, 0.0))

    def unlock(self, subject: str) -> None:
        """Tokens of ``subject`` are accepted again."""
        with self._lock:
            self._locked.pop(subject, None)

    def revoked(self, subjects: Iterable[str], issued_at: float) -> bool:
        """Whether a token issued at ``issued_at`` for any of ``subjects`` was revoked."""
        for subject in subjects:
            locked_at = self._locked.get(subject) if subject else None
            # iat has whole seconds: a token of the lock's own second is refused too
            if locked_at is not None and issued_at <= locked_at:
                return True
        return False

    def apply(self, envelope: envelope_pb2.EventEnvelope) -> None:
        """Update the set from one identity event; other events are ignored."""
        if envelope.type == ACCOUNT_LOCKED:
            locked = events_pb2.AccountLocked()
            if envelope.payload.Unpack(locked):
                at = locked.locked_at if locked.HasField("locked_at") else envelope.occurred_at
                self.lock(locked.person_id, at.ToMicroseconds() / 1e6)
        elif envelope.type == ACCOUNT_UNLOCKED:
            unlocked = events_pb2.AccountUnlocked()
            if envelope.payload.Unpack(unlocked):
                self.unlock(unlocked.person_id)
        elif envelope.type == LOGIN_LOCKED_OUT:  # Keycloak's brute-force protection
            lockout = events_pb2.LoginLockedOut()
            if envelope.payload.Unpack(lockout):
                self.lock(lockout.user_id, lockout.locked_at.ToMicroseconds() / 1e6)
        elif envelope.type == STAFF_CHANGED:
            staff = events_pb2.StaffChanged()
            if envelope.payload.Unpack(staff) and not staff.enabled and staff.subject:
                self.lock(staff.subject, envelope.occurred_at.ToMicroseconds() / 1e6)


ConsumerFactory = Callable[[], Any]


class RevocationFeed:
    """A daemon thread that keeps a RevocationSet from ``onewindow.identity.v1``."""

    def __init__(
        self,
        revocations: RevocationSet,
        consumer_factory: ConsumerFactory,
        *,
        lookback_s: float = DEFAULT_LOOKBACK_S,
        topic: str | None = None,
    ) -> None:
        self.revocations = revocations
        self._factory = consumer_factory
        self._lookback_s = lookback_s
        self._topic = topic or domain_topic("identity")
        self._stop = threading.Event()
        self.caught_up = threading.Event()
        self._thread = threading.Thread(target=self._run, name="revocation-feed", daemon=True)

    def start(self) -> RevocationFeed:
        """Start reading in the background."""
        self._thread.start()
        return self

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop the reader."""
        self._stop.set()
        self._thread.join(timeout_s)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._read()
            except Exception as exc:  # broker lost: a reader that dies would revoke nothing
                log.warning("revocation_feed_error", error=str(exc))
                self._stop.wait(1.0)

    def _read(self) -> None:
        consumer = self._factory()
        try:
            self._assign(consumer)
            while not self._stop.is_set():
                batch = consumer.poll(timeout_ms=POLL_MS)
                for records in batch.values():
                    for record in records:
                        self._apply_bytes(record.value)
                if not batch:
                    self.caught_up.set()
        finally:
            consumer.close()

    def _assign(self, consumer: Any) -> None:
        from kafka import TopicPartition

        partitions = consumer.partitions_for_topic(self._topic) or set()
        if not partitions:
            raise RuntimeError(f"topic {self._topic} has no partitions yet")
        parts = [TopicPartition(self._topic, p) for p in sorted(partitions)]
        consumer.assign(parts)
        since_ms = int((time.time() - self._lookback_s) * 1000)
        offsets = consumer.offsets_for_times({tp: since_ms for tp in parts})
        for tp in parts:
            found = offsets.get(tp)
            if found is None:
                consumer.seek_to_end(tp)
            else:
                consumer.seek(tp, found.offset)

    def _apply_bytes(self, value: bytes) -> None:
        envelope = envelope_pb2.EventEnvelope()
        try:
            envelope.ParseFromString(value)
        except Exception:  # not an envelope: nothing to revoke
            return
        self.revocations.apply(envelope)


def kafka_revocations(bootstrap: str, *, lookback_s: float = DEFAULT_LOOKBACK_S) -> RevocationSet:
    """A RevocationSet kept by a started background reader of the identity topic."""
    from kafka import KafkaConsumer

    from onewindow_kit.kafka_clients import load_kafka_client_settings

    options = load_kafka_client_settings().options()

    def consumer() -> Any:
        return KafkaConsumer(
            bootstrap_servers=bootstrap,
            group_id=None,
            enable_auto_commit=False,
            fetch_max_wait_ms=FETCH_MAX_WAIT_MS,
            **options,
        )

    revocations = RevocationSet()
    RevocationFeed(revocations, consumer, lookback_s=lookback_s).start()
    log.info("revocation_feed_started", bootstrap=bootstrap, lookback_s=lookback_s)
    return revocations
