"""When to try a failed delivery again: exponential backoff with jitter inside a retry window."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class Outcome:
    """How one send attempt ended."""

    ok: bool
    retryable: bool = False
    error: str = ""
    retry_after_s: float | None = None  # the target asked for this wait (429/503 Retry-After)


def backoff_delay(
    attempt: int, *, base_s: float, cap_s: float, jitter: float, rand: Callable[[], float]
) -> float:
    """Seconds before attempt ``attempt + 1``: base·2^(attempt-1), capped, ± jitter share."""
    raw = min(cap_s, base_s * 2 ** max(0, attempt - 1))
    return max(0.0, raw * (1 + jitter * (2 * rand() - 1)))


def next_attempt(
    outcome: Outcome,
    *,
    attempt: int,
    first_attempt_at: datetime,
    now: datetime,
    base_s: float,
    cap_s: float,
    window_s: float,
    jitter: float = 0.2,
    rand: Callable[[], float] = random.random,
) -> datetime | None:
    """When to retry, or None when the delivery has failed for good (not retryable, or the
    next try would fall outside the retry window)."""
    if outcome.ok or not outcome.retryable:
        return None
    delay = backoff_delay(attempt, base_s=base_s, cap_s=cap_s, jitter=jitter, rand=rand)
    if outcome.retry_after_s is not None:
        delay = max(delay, outcome.retry_after_s)
    when = now + timedelta(seconds=delay)
    if when > first_attempt_at + timedelta(seconds=window_s):
        return None
    return when


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None when absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - now).total_seconds())


def http_outcome(status: int, retry_after_s: float | None = None) -> Outcome:
    """2xx delivered; 429 and 5xx retried (honouring Retry-After); any other 4xx is final."""
    if 200 <= status < 300:
        return Outcome(ok=True)
    if status == 429 or status >= 500:
        return Outcome(False, True, f"HTTP {status}", retry_after_s)
    return Outcome(False, False, f"HTTP {status}")
