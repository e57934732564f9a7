"""The dispatcher: claims due deliveries (FOR UPDATE SKIP LOCKED, so replicas share work), sends
them outside any transaction, records the outcome. A dispatcher that dies mid-send leaves its
claim to expire: the delivery is sent at most once more, with the same Message-ID/webhook-id."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from onewindow.notifications.v1 import events_pb2
from onewindow_kit.logging import get_logger
from onewindow_kit.outbox import PendingEvent
from onewindow_notifications.adapters.bulk import insert_rows
from onewindow_notifications.adapters.channels import OutgoingEmail, build_email
from onewindow_notifications.adapters.store import SqlStore
from onewindow_notifications.adapters.tables import SCHEMA
from onewindow_notifications.domain.retry import Outcome, next_attempt
from onewindow_notifications.domain.urlguard import url_problem
from onewindow_notifications.service_layer.ports import Services

log = get_logger("onewindow.notifications.dispatch")
S = SCHEMA
RATE_AHEAD_S = 1.0  # a reservation up to this far ahead is sent now; later ones wait their turn

# A delivery waits for the earlier ones of its order key (a webhook subscription's events of
# one case go in order). ``e.order_key <> ''`` lets the planner use the partial index on
# (order_key, seq); without it the ordering check scans every earlier delivery.
_IN_ORDER = f"""
  AND (d.order_key = '' OR NOT EXISTS (
        SELECT 1 FROM "{S}".deliveries e
        WHERE e.order_key = d.order_key AND e.order_key <> '' AND e.seq < d.seq
          AND e.status NOT IN ('delivered', 'failed')))"""

# Deliveries whose claim expired (their dispatcher died mid-send), the oldest lease first,
# locked for this claim (SKIP LOCKED: replicas share the work); along ix_deliveries_leased.
EXPIRED = text(f"""
SELECT d.id, d.rate_key, d.rate_slot FROM "{S}".deliveries d
WHERE d.status = 'sending' AND d.lease_until < :now AND d.channel <> 'inbox'{_IN_ORDER}
ORDER BY d.lease_until
LIMIT :limit
FOR UPDATE SKIP LOCKED
""")

# Due deliveries, what people wait for before bulk notices (priority), oldest first, locked
# likewise. The WHERE and ORDER BY are those of ix_deliveries_queue, so the scan walks the
# index in order and stops at the batch (one condition ORed with EXPIRED's made a bitmap scan
# that read every due delivery, and every dead entry since the last vacuum, then sorted).
DUE = text(f"""
SELECT d.id, d.rate_key, d.rate_slot FROM "{S}".deliveries d
WHERE d.status IN ('created', 'retrying') AND d.channel <> 'inbox'
  AND d.next_attempt_at <= :now{_IN_ORDER}
ORDER BY d.priority, d.next_attempt_at, d.seq
LIMIT :limit
FOR UPDATE SKIP LOCKED
""")

# The candidates that got a send slot become this dispatcher's, under a lease.
TAKE = text(f"""
UPDATE "{S}".deliveries d
SET status = 'sending', lease_until = :lease, attempts = d.attempts + 1, updated_at = :now
WHERE d.id = ANY(CAST(:ids AS text[]))
RETURNING d.*
""")

# A rate key's first free send slot, never earlier than :floor (now less the idle credit of
# the limit's burst: a new key or one idle since starts there), its row locked until the claim
# commits, so replicas reserve one after the other.
BUCKET = text(f"""
INSERT INTO "{S}".rate_limits AS r (key, next_free) VALUES (:key, :floor)
ON CONFLICT (key) DO UPDATE SET next_free = GREATEST(r.next_free, :floor)
RETURNING r.next_free
""")
ADVANCE = text(f'UPDATE "{S}".rate_limits SET next_free = :next_free WHERE key = :key')

# Every outcome of a batch in one statement; only deliveries still under our lease change
# (the ids returned), so a claim that expired and was taken over is left to its new owner.
RECORD = text(f"""
UPDATE "{S}".deliveries d SET status = v.status, last_error = v.error, updated_at = :now,
  lease_until = NULL, next_attempt_at = v.next, rate_slot = NULL,
  delivered_at = CASE WHEN v.status = 'delivered' THEN CAST(:now AS timestamptz) END
FROM unnest(CAST(:ids AS text[]), CAST(:statuses AS text[]), CAST(:errors AS text[]),
            CAST(:nexts AS timestamptz[]), CAST(:leases AS timestamptz[]))
     AS v(id, status, error, next, lease)
WHERE d.id = v.id AND d.status = 'sending' AND d.lease_until = v.lease
RETURNING d.id
""")

CLEAR_FAILURES = text(
    f'UPDATE "{S}".subscriptions SET consecutive_failures = 0 '
    "WHERE id = :id AND consecutive_failures <> 0"
)


@dataclass(frozen=True)
class Channels:
    """How each channel sends (real adapters in bootstrap, the same ones in tests)."""

    email: Callable[[OutgoingEmail], Outcome]
    webhook: Callable[[str, str, list[str], bytes, datetime], Outcome]
    sms: Callable[[str, str, str], Outcome]
    sender: str = "OneWindow <no-reply@onewindow.example>"
    unsubscribe_url: str = "https://onewindow.example/me/preferences"


class Dispatcher:
    """Sends due deliveries; several may run against one database."""

    def __init__(
        self, svc: Services, channels: Channels, *, lease_s: float = 60.0, batch: int = 200,
        workers: int = 16, lanes: int = 2,
    ) -> None:  # fmt: skip
        if svc.sessions is None:
            raise ValueError("the dispatcher needs database sessions (Services.sessions)")
        self.svc = svc
        self._sessions = svc.sessions
        self.channels = channels
        self.lease = timedelta(seconds=lease_s)
        # Expired leases (a dispatcher died mid-send) are rare and already a lease late: they
        # are looked for every tenth of a lease, not in every claim's own round trip.
        self._lease_check_every = self.lease / 10
        self._leases_checked: datetime | None = None
        self.batch = batch
        self.lanes = lanes
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dispatch")

    def run_once(self) -> int:
        """Claim one batch, send it in parallel, record every outcome in one transaction;
        returns how many were attempted."""
        claimed = self._claim()
        if claimed:
            self._record_all(claimed, list(self._pool.map(self._attempt, claimed)))
        return len(claimed)

    def run(self, stop: threading.Event, idle_s: float = 0.5) -> None:
        """Dispatch until ``stop`` is set: ``lanes`` claim-send-record loops share the sending
        threads, so one lane's claim and record overlap another lane's sends (one loop left the
        senders idle for half of each round)."""
        threads = [
            threading.Thread(target=self._lane, args=(stop, idle_s), name=f"dispatch-lane-{i}")
            for i in range(self.lanes)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def _lane(self, stop: threading.Event, idle_s: float) -> None:
        while not stop.is_set():
            try:
                if self.run_once() == 0:
                    stop.wait(idle_s)
            except Exception as exc:
                log.warning("dispatch_failed", error=str(exc))
                stop.wait(1.0)

    def close(self) -> None:
        """Wait for sends in flight."""
        self._pool.shutdown(wait=True)

    def _interval(self, rate_key: str) -> float:
        limits = self.svc.limits
        per_s = limits.smtp_per_s if rate_key == "smtp" else limits.sms_per_s
        if rate_key.startswith("webhook:"):
            per_s = limits.webhook_per_subscription_per_s
        return 1.0 / per_s if per_s > 0 else 0.0

    def _claim(self) -> list[dict[str, Any]]:
        """The due deliveries that may go now: candidates in priority order, each taking a
        send slot within the burst allowance of its rate limit. Slots are reserved only that
        far ahead: the rest stay queued untouched, so a receipt that comes due later still
        goes before the bulk notices queued earlier."""
        now = self.svc.clock()
        with self._sessions() as session, session.begin():
            candidates: list[Any] = []
            checked = self._leases_checked
            if checked is None or now - checked >= self._lease_check_every:
                self._leases_checked = now
                candidates += session.execute(EXPIRED, {"now": now, "limit": self.batch}).mappings()
            if len(candidates) < self.batch:
                room = {"now": now, "limit": self.batch - len(candidates)}
                candidates += session.execute(DUE, room).mappings().all()
            slots = self._reserve_all(session, candidates, now)
            if not slots:
                return []
            taken = {"now": now, "lease": now + self.lease, "ids": list(slots)}
            ready = [dict(row) for row in session.execute(TAKE, taken).mappings().all()]
            self._attach_targets(SqlStore(session), ready)
        return ready

    def _attach_targets(self, store: SqlStore, rows: list[dict[str, Any]]) -> None:
        """Read every address and subscription a batch needs with two queries, so the sends
        themselves touch no database."""
        contacts = store.contacts_of([r["recipient"] for r in rows if r["channel"] != "webhook"])
        subs = store.subscriptions_by_id(
            [r["subscription_id"] for r in rows if r["subscription_id"]]
        )
        for row in rows:
            row["contact"] = contacts.get(row["recipient"])
            row["subscription"] = subs.get(row["subscription_id"])

    def _reserve_all(
        self, session: Session, rows: Sequence[Any], now: datetime
    ) -> dict[str, datetime]:
        """The send slot of each delivery that may go now (within ``RATE_AHEAD_S``): a delivery
        without a rate limit goes at once, one queued with a slot reserved earlier keeps it, the
        others of one key take that key's next free slots, one statement pair per key.

        A token bucket: a key idle for a while has saved up credit, so its free slots start as
        early as ``limits.burst_s - RATE_AHEAD_S`` before now (slots in the past go now). After
        idling, ``burst_s`` seconds' worth go at once; a steady queue goes at the rate."""
        horizon = now + timedelta(seconds=RATE_AHEAD_S)
        floor = now - timedelta(seconds=max(0.0, self.svc.limits.burst_s - RATE_AHEAD_S))
        slots: dict[str, datetime] = {}
        by_key: dict[str, list[str]] = {}
        for row in rows:
            if row["rate_slot"] is not None:
                if row["rate_slot"] <= horizon:
                    slots[row["id"]] = row["rate_slot"]
            elif row["rate_key"] and self._interval(row["rate_key"]) > 0:
                by_key.setdefault(row["rate_key"], []).append(row["id"])
            else:
                slots[row["id"]] = now
        # Keys in one order for every dispatcher: two replicas reserving 'sms' and 'smtp' in
        # opposite orders would each hold one bucket row and wait for the other (a deadlock).
        for key, ids in sorted(by_key.items()):
            interval = timedelta(seconds=self._interval(key))
            first = session.execute(BUCKET, {"key": key, "floor": floor}).scalar_one()
            room = int((horizon - first) / interval) + 1 if first <= horizon else 0
            granted = ids[:room]
            if granted:
                next_free = first + len(granted) * interval
                session.execute(ADVANCE, {"key": key, "next_free": next_free})
                slots.update({d: first + i * interval for i, d in enumerate(granted)})
        return slots

    def _attempt(self, row: dict[str, Any]) -> Outcome:
        try:
            return self._send(row)
        except Exception as exc:  # a bug in one send must not stop the batch
            log.error("delivery_send_crashed", delivery_id=row["id"], error=str(exc))
            return Outcome(False, True, f"internal: {type(exc).__name__}")

    def _send(self, row: dict[str, Any]) -> Outcome:
        channel = row["channel"]
        if channel == "webhook":
            return self._send_webhook(row)
        contact = row["contact"]
        if contact is None:
            return Outcome(False, True, "no contact details known yet")
        if channel == "email":
            return self._send_email(row, contact["email"])
        if not contact["phone"]:
            return Outcome(False, False, "no phone number on record")
        return self.channels.sms(contact["phone"], row["text_body"], row["id"])

    def _send_email(self, row: dict[str, Any], address: str) -> Outcome:
        if not address:
            return Outcome(False, False, "no email address on record")
        try:
            email = build_email(
                delivery_id=row["id"], sender=self.channels.sender, to=address,
                subject=row["title"], text=row["text_body"], html=row["html_body"],
                unsubscribe_url=None if row["mandatory"] else self.channels.unsubscribe_url,
            )  # fmt: skip
        except ValueError as exc:
            return Outcome(False, False, str(exc))
        return self.channels.email(email)

    def _send_webhook(self, row: dict[str, Any]) -> Outcome:
        sub = row["subscription"]
        if sub is None or sub.status != "active":
            return Outcome(False, False, f"subscription is {sub.status if sub else 'gone'}")
        problem = url_problem(sub.url, self.svc.webhook_allow_private)
        if problem:
            return Outcome(False, False, f"url {problem}")
        now = self.svc.clock()
        return self.channels.webhook(sub.url, row["id"], sub.secrets(now), row["payload"], now)

    def _record_all(self, rows: list[dict[str, Any]], outcomes: list[Outcome]) -> None:
        now = self.svc.clock()
        statuses = [
            self._status(row, outcome, now) for row, outcome in zip(rows, outcomes, strict=True)
        ]
        with self._sessions() as session, session.begin():
            owned = set(session.execute(RECORD, {
                "now": now, "ids": [r["id"] for r in rows], "statuses": [s for s, _ in statuses],
                "errors": [o.error for o in outcomes], "nexts": [n for _, n in statuses],
                "leases": [r["lease_until"] for r in rows],
            }).scalars())  # fmt: skip
            events: list[PendingEvent] = []
            hooks: dict[str, list[bool]] = {}  # subscription -> its webhooks' ends, in order
            for row, outcome, (status, _) in zip(rows, outcomes, statuses, strict=True):
                if row["id"] not in owned:
                    continue  # our claim expired and another dispatcher took over
                log.info("delivery_" + status, delivery_id=row["id"], channel=row["channel"],
                         attempts=row["attempts"])  # fmt: skip
                if status in ("delivered", "failed"):
                    events.append(self._after(row, status, outcome))
                    if row["channel"] == "webhook":
                        hooks.setdefault(row["subscription_id"], []).append(status == "delivered")
            events += self._subscription_ends(session, hooks)
            outbox = self.svc.outbox
            insert_rows(session, outbox.table, [outbox.row(e) for e in events])

    def _status(self, row: dict[str, Any], outcome: Outcome, now: datetime) -> tuple[str, datetime]:
        """The status an outcome leads to, and when the delivery is due next."""
        retry = self.svc.retry
        when = next_attempt(
            outcome, attempt=row["attempts"], first_attempt_at=row["created_at"], now=now,
            base_s=retry.base_s, cap_s=retry.cap_s, window_s=retry.window_s, jitter=retry.jitter,
        )  # fmt: skip
        status = "delivered" if outcome.ok else ("retrying" if when else "failed")
        return status, when or now

    def _after(self, row: dict[str, Any], status: str, outcome: Outcome) -> PendingEvent:
        common = {
            "delivery_id": row["id"], "notice_id": row["notice_id"], "channel": row["channel"],
            "recipient": row["recipient"], "event_id": row["event_id"],
            "event_type": row["event_type"], "case_id": row["case_id"],
            "attempts": row["attempts"], "department": row["department"],
        }  # fmt: skip
        if status == "delivered":
            payload: Any = events_pb2.DeliverySucceeded(**common)
            return PendingEvent("delivery_succeeded", row["id"], "delivery", payload)
        payload = events_pb2.DeliveryFailed(**common, last_error=outcome.error)
        return PendingEvent("delivery_failed", row["id"], "delivery", payload)

    def _subscription_ends(
        self, session: Session, hooks: dict[str, list[bool]]
    ) -> list[PendingEvent]:
        """A delivered webhook clears its subscription's run of failures, a failed one adds to
        it. Subscriptions are updated in one order (no two dispatchers hold one row each while
        waiting for the other's), a clear only when there is something to clear."""
        events: list[PendingEvent] = []
        for subscription_id in sorted(hooks):
            clean = False
            for delivered in hooks[subscription_id]:
                if delivered and not clean:
                    session.execute(CLEAR_FAILURES, {"id": subscription_id})
                elif not delivered:
                    events.extend(self._count_failure(session, subscription_id))
                clean = delivered
        return events

    def _count_failure(self, session: Session, subscription_id: str) -> list[PendingEvent]:
        sub = SqlStore(session).subscription(subscription_id, lock=True)
        if sub is None:
            return []
        failures = sub.consecutive_failures + 1
        if sub.status != "active" or failures < self.svc.retry.suspend_after:
            SqlStore(session).update_subscription(sub.id, consecutive_failures=failures)
            return []
        SqlStore(session).update_subscription(
            sub.id, consecutive_failures=failures, status="suspended"
        )
        log.warning("subscription_suspended", subscription_id=sub.id, failures=failures)
        payload = events_pb2.SubscriptionSuspended(
            subscription_id=sub.id, department=sub.department, consecutive_failures=failures
        )
        return [PendingEvent("subscription_suspended", sub.id, "subscription", payload)]
