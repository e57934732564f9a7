"""The dispatcher reserves rate slots bucket by bucket in one fixed order, so two replicas
never hold one bucket each while waiting for the other's (PostgreSQL would abort one)."""

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
    """Stands in for the claim transaction: remembers which bucket each reservation locked."""

    def __init__(self) -> None:
        self.keys: list[str] = []

    def execute(self, _statement: Any, params: dict[str, Any]) -> _Result:
        self.keys.append(params["key"])
        return _Result(params["now"])


class _Svc:
    sessions = staticmethod(lambda: None)
    limits = RateLimits(smtp_per_s=10, sms_per_s=10, webhook_per_subscription_per_s=10)


def _row(key: str, n: int) -> dict[str, Any]:
    return {"id": f"{key}-{n}", "rate_key": key, "rate_slot": None}


def _dispatcher() -> Dispatcher:
    def never(*_a: Any) -> Outcome:
        raise AssertionError("nothing is sent here")

    return Dispatcher(_Svc(), Channels(email=never, webhook=never, sms=never), workers=1)  # type: ignore[arg-type]


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
