"""Rate limits per principal and (anonymous routes only) per client address, with the `limits`
library's moving-window limiter over a storage that every worker of this instance shares
(Redis by default), so N workers never grant N times the limit."""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

from fastapi import Request
from limits import RateLimitItemPerSecond
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from onewindow_gateway.config import RateLimits
from onewindow_gateway.problems import Problem
from onewindow_kit.logging import get_logger

if TYPE_CHECKING:
    from onewindow_gateway.context import Caller

log = get_logger("onewindow_gateway.ratelimit")


def window(rate: float, burst: int) -> RateLimitItemPerSecond:
    """A bucket of ``burst`` requests refilled at ``rate`` per second, as a moving window:
    at most ``burst`` requests in any ``burst / rate`` seconds."""
    return RateLimitItemPerSecond(burst, max(1, math.ceil(burst / rate)))


class Limiter:
    """Checks one bucket per request and records the RateLimit-* headers for the response."""

    def __init__(self, storage_uri: str, shapes: RateLimits) -> None:
        options = {"implementation": "redispy"} if "redis" in storage_uri else {}
        self.storage = storage_from_string(storage_uri, **options)
        self._limiter = MovingWindowRateLimiter(self.storage)  # type: ignore[arg-type]
        self.principal = window(shapes.principal_rate, shapes.principal_burst)
        self.service = window(shapes.service_rate, shapes.service_burst)
        self.anonymous = window(shapes.anonymous_rate, shapes.anonymous_burst)
        self.verify = window(shapes.verify_rate, shapes.verify_burst)
        self.registration = window(shapes.registration_rate, shapes.registration_burst)

    async def check(self, request: Request, item: RateLimitItemPerSecond, key: str) -> None:
        """Spend one request of ``key``'s bucket; 429 with Retry-After when it is empty."""
        try:
            allowed = await self._limiter.hit(item, key)
            stats = await self._limiter.get_window_stats(item, key)
        except Exception as exc:  # the counter store is down: serve rather than refuse everyone
            log.warning("ratelimit_storage_unavailable", error=type(exc).__name__)
            return
        reset = max(0, math.ceil(stats.reset_time - time.time()))
        headers = {
            "RateLimit-Limit": str(item.amount),
            "RateLimit-Remaining": str(max(0, stats.remaining)),
            "RateLimit-Reset": str(reset),
            "RateLimit-Policy": f"{item.amount};w={item.multiples}",
        }
        request.state.ratelimit_headers = headers
        if not allowed:
            raise Problem(
                429,
                f"more than {item.amount} requests in {item.multiples} s; slow down",
                headers={**headers, "Retry-After": str(max(1, reset))},
            )

    async def for_principal(self, request: Request, caller: Caller) -> None:
        """The principal's bucket (department systems have a larger one)."""
        item = self.service if caller.principal.kind == "service" else self.principal
        await self.check(request, item, caller.rate_key)

    async def for_address(self, request: Request, item: RateLimitItemPerSecond, route: str) -> None:
        """An anonymous route's bucket per client address."""
        address = request.client.host if request.client else "unknown"
        await self.check(request, item, f"address:{route}:{address}")
