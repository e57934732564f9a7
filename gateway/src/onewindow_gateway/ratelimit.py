"""Rate limits per principal and (anonymous routes only) per client address, with the `limits`
library's moving-window limiter over a storage that every worker of this instance shares
(Redis by default), so N workers never grant N times the limit."""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

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

# Spend one hit and read the window it leaves, in one round trip. `limits` does these as two
# scripts (acquire_moving_window.lua, then moving_window.lua for the RateLimit-* headers): two
# Redis round trips on every request of the API. This is the two of them joined, over the same
# list at the same key (hit times, newest first, at most `limit` of them), so buckets mean the
# same whichever path spends them. KEYS[1] the bucket; ARGV now, limit, expiry (seconds).
# Answers {1 if spent else 0, oldest hit in the window (or now), hits in the window}.
HIT_AND_COUNT = """
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local expiry = tonumber(ARGV[3])
local start = now - expiry
local spent = 0
local last = redis.call('lindex', KEYS[1], limit - 1)
if not (last and tonumber(last) >= start) then
  redis.call('lpush', KEYS[1], ARGV[1])
  redis.call('ltrim', KEYS[1], 0, limit - 1)
  redis.call('expire', KEYS[1], expiry)
  spent = 1
end
local low, high, found = 0, limit - 1, -1
while low <= high do
  local mid = math.floor((low + high) / 2)
  local value = tonumber(redis.call('lindex', KEYS[1], mid))
  if value and value >= start then
    found = mid
    low = mid + 1
  else
    high = mid - 1
  end
end
if found < 0 then
  return {spent, ARGV[1], 0}
end
return {spent, redis.call('lindex', KEYS[1], found), found + 1}
"""

Spend = Callable[[RateLimitItemPerSecond, str], Awaitable[tuple[bool, float, int]]]


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
        self.spend: Spend = self._redis_spend() or self._library_spend

    def _redis_spend(self) -> Spend | None:
        """One script call per hit on a Redis storage (the client the library made for it)."""
        bridge: Any = getattr(self.storage, "bridge", None)
        if bridge is None:
            return None
        script = bridge.get_connection().register_script(HIT_AND_COUNT)
        prefixed = bridge.prefixed_key

        async def spend(item: RateLimitItemPerSecond, key: str) -> tuple[bool, float, int]:
            now, expiry = time.time(), item.get_expiry()
            spent, oldest, count = await script(
                keys=[prefixed(item.key_for(key))], args=[repr(now), item.amount, expiry]
            )
            return bool(spent), float(oldest) + expiry, item.amount - int(count)

        return spend

    async def _library_spend(
        self, item: RateLimitItemPerSecond, key: str
    ) -> tuple[bool, float, int]:
        """Other storages (the in-process one of tests and `openapi`): the library's two calls."""
        allowed = await self._limiter.hit(item, key)
        stats = await self._limiter.get_window_stats(item, key)
        return allowed, stats.reset_time, stats.remaining

    async def check(self, request: Request, item: RateLimitItemPerSecond, key: str) -> None:
        """Spend one request of ``key``'s bucket; 429 with Retry-After when it is empty."""
        try:
            allowed, reset_at, remaining = await self.spend(item, key)
        except Exception as exc:  # the counter store is down: serve rather than refuse everyone
            log.warning("ratelimit_storage_unavailable", error=type(exc).__name__)
            return
        reset = max(0, math.ceil(reset_at - time.time()))
        headers = {
            "RateLimit-Limit": str(item.amount),
            "RateLimit-Remaining": str(max(0, remaining)),
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
