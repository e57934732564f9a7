"""The dispatcher reserves rate slots bucket by bucket in one fixed order, so two replicas
never hold one bucket each while waiting for the other's (PostgreSQL would abort one), and only
as far ahead as it sends now: what it cannot send yet stays queued without a slot, so a receipt
that comes due later can still go before bulk notices queued earlier."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from onewindow_notifications.config import RateLimits
from onewindow_notifications.domain.retry import Outcome
from onewindow_notifications.service_layer.dispatch import Channels, Dispatcher

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


class _Result:
    def __init__(self, value: datetime) -> None:
        self.value = value

    def scalar_one(self) -> datetime:
        return self.value


class RecordingSession:
    """Stands in for the claim transaction: keeps each bucket's next free slot, and remembers
    which bucket each reservation locked."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.next_free: dict[str, datetime] = {}

    def execute(self, _statement: Any, params: dict[str, Any]) -> _Result | None:
        if "next_free" in params:  # ADVANCE
            self.next_free[params["key"]] = params["next_free"]
            return None
        self.keys.append(params["key"])  # BUCKET: locks the row, answers its first free slot
        first = max(self.next_free.get(params["key"], params["floor"]), params["floor"])
        self.next_free[params["key"]] = first
        return _Result(first)


class _Svc:
    sessions = staticmethod(lambda: None)
    # no idle credit: a burst is the one second reserved ahead (the credit has its own tests)
    limits = RateLimits(smtp_per_s=10, sms_per_s=10, webhook_per_subscription_per_s=10, burst_s=1)


def _row(key: str, n: int) -> dict[str, Any]:
    return {"id": f"{key}-{n}", "rate_key": key, "rate_slot": None}


def _reserve(dispatcher: Dispatcher, session: RecordingSession, rows: list, now: datetime) -> Any:
    return dispatcher._reserve_all(session, rows, now)  # type: ignore[arg-type]


def _dispatcher(limits: RateLimits | None = None) -> Dispatcher:
    def never(*_a: Any) -> Outcome:
        raise AssertionError("nothing is sent here")

    svc = _Svc()
    if limits is not None:
        svc.limits = limits
    return Dispatcher(svc, Channels(email=never, webhook=never, sms=never), workers=1)  # type: ignore[arg-type]


def test_buckets_are_reserved_in_one_order_whatever_order_the_claim_returned() -> None:
    dispatcher = _dispatcher()
    first, second = RecordingSession(), RecordingSession()
    keys = ["sms", "webhook:b", "smtp", "webhook:a"]
    dispatcher._reserve_all(first, [_row(k, 1) for k in keys], NOW)  # type: ignore[arg-type]
    dispatcher._reserve_all(second, [_row(k, 1) for k in reversed(keys)], NOW)  # type: ignore[arg-type]
    dispatcher.close()
    assert first.keys == second.keys == sorted(keys)


def test_each_delivery_of_a_bucket_gets_the_next_slot() -> None:
    dispatcher = _dispatcher()
    session = RecordingSession()
    rows = [_row("smtp", 1), _row("sms", 1), _row("smtp", 2)]
    slots = dispatcher._reserve_all(session, rows, NOW)  # type: ignore[arg-type]
    dispatcher.close()
    assert session.keys == ["sms", "smtp"]  # one statement per bucket
    assert slots == {
        "smtp-1": NOW, "smtp-2": NOW + timedelta(seconds=0.1), "sms-1": NOW,
    }  # fmt: skip


def test_only_the_burst_allowance_is_reserved_the_rest_stays_queued_without_a_slot() -> None:
    dispatcher = _dispatcher()
    session = RecordingSession()
    rows = [_row("smtp", n) for n in range(30)]
    slots = _reserve(dispatcher, session, rows, NOW)
    # 10/s with a 1 s burst: the slots at 0.0, 0.1, … 1.0 s go now, 19 deliveries get none
    assert sorted(slots) == sorted(f"smtp-{n}" for n in range(11))
    assert max(slots.values()) == NOW + timedelta(seconds=1)
    assert session.next_free["smtp"] == NOW + timedelta(seconds=1.1)
    # the bucket is full: a claim in the same instant reserves nothing …
    assert _reserve(dispatcher, session, rows[11:], NOW) == {}
    # … and half a second later, half a second's worth
    later = NOW + timedelta(seconds=0.5)
    assert len(_reserve(dispatcher, session, rows[11:], later)) == 5
    dispatcher.close()


def test_a_slot_reserved_earlier_is_kept_and_an_unlimited_delivery_goes_at_once() -> None:
    dispatcher = _dispatcher()
    dispatcher.svc.limits = RateLimits(smtp_per_s=10, sms_per_s=0)  # type: ignore[misc]
    session = RecordingSession()
    soon, far = NOW + timedelta(seconds=0.5), NOW + timedelta(seconds=5)
    rows = [
        {"id": "queued-soon", "rate_key": "smtp", "rate_slot": soon},
        {"id": "queued-far", "rate_key": "smtp", "rate_slot": far},
        {"id": "unlimited", "rate_key": "sms", "rate_slot": None},
    ]
    assert _reserve(dispatcher, session, rows, NOW) == {"queued-soon": soon, "unlimited": NOW}
    assert session.keys == []  # no bucket was touched
    dispatcher.close()


def test_a_limit_idle_for_a_while_sends_its_burst_at_once_then_keeps_to_its_rate() -> None:
    """A token bucket of 10/s holding 3 s: after idling, 3 s' worth (31 slots, the earliest
    2 s in the past, i.e. now) go at once; the bucket is then empty and refills at the rate."""
    dispatcher = _dispatcher(RateLimits(smtp_per_s=10, burst_s=3))
    session = RecordingSession()
    rows = [_row("smtp", n) for n in range(50)]
    slots = _reserve(dispatcher, session, rows, NOW)
    assert sorted(slots) == sorted(f"smtp-{n}" for n in range(31))
    assert min(slots.values()) == NOW - timedelta(seconds=2)
    assert max(slots.values()) == NOW + timedelta(seconds=1)
    assert _reserve(dispatcher, session, rows[31:], NOW) == {}
    later = NOW + timedelta(seconds=0.5)
    assert len(_reserve(dispatcher, session, rows[31:], later)) == 5  # the rate, not the burst
    # idle again for longer than the burst: the credit is capped at 3 s' worth, not 10 s'
    much_later = NOW + timedelta(seconds=12)
    assert len(_reserve(dispatcher, session, rows[36:] + rows[:31], much_later)) == 31
    dispatcher.close()


def test_a_steady_queue_goes_at_the_rate_whatever_the_burst() -> None:
    """Claims every 0.1 s for 10 s against a queue that never empties: 10/s with 2 s of burst
    sends the burst once, then 1 a claim (10/s), 120 in all, not 10 s of bursts."""
    dispatcher = _dispatcher(RateLimits(smtp_per_s=10, burst_s=2))
    session = RecordingSession()
    queue = [_row("smtp", n) for n in range(500)]
    sent = 0
    for tick in range(101):
        now = NOW + timedelta(seconds=tick / 10)
        sent += len(_reserve(dispatcher, session, queue[sent:], now))
    assert sent == 21 + 100  # the burst (2 s' worth + the slot at now+1 s), then 10/s
    dispatcher.close()
