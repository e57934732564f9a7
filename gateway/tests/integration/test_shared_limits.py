"""Rate-limit counters live in Redis, so every worker of one gateway instance spends the same
bucket: two limiters (as two worker processes hold) grant the burst once, not twice."""

import asyncio
import os
import uuid

import pytest
from starlette.requests import Request

from onewindow_gateway.config import RateLimits
from onewindow_gateway.problems import Problem
from onewindow_gateway.ratelimit import Limiter

pytestmark = pytest.mark.integration


def request() -> Request:
    return Request(
        {
            "type": "http",
            "method": "GET",
            "path": "/",
            "headers": [],
            "state": {},
            "client": ("203.0.113.9", 1234),
        }
    )


def test_two_workers_share_one_bucket():
    uri = f"async+redis://{os.environ.get('ONEWINDOW_REDIS_ADDR', '127.0.0.1:6379')}/0"
    shapes = RateLimits(principal_rate=1, principal_burst=4)

    async def scenario():
        one, two = Limiter(uri, shapes), Limiter(uri, shapes)
        key = f"principal:test-{uuid.uuid4()}"
        outcomes = []
        for limiter in (one, two, one, two, one, two):
            try:
                await limiter.check(request(), limiter.principal, key)
                outcomes.append("ok")
            except Problem as exc:
                outcomes.append(str(exc.status))
        return outcomes

    assert asyncio.run(scenario()) == ["ok", "ok", "ok", "ok", "429", "429"]


def test_a_check_is_one_round_trip_to_redis_and_reports_the_window():
    """Spending a hit and reading what is left of the window (the RateLimit-* headers) is one
    script call, not the library's two: every request of the API pays for it."""
    uri = f"async+redis://{os.environ.get('ONEWINDOW_REDIS_ADDR', '127.0.0.1:6379')}/0"
    limiter = Limiter(uri, RateLimits(principal_rate=1, principal_burst=2))
    connection = limiter.storage.bridge.get_connection()
    sent: list[str] = []
    execute = connection.execute_command

    async def counted(*args, **kwargs):
        sent.append(str(args[0]))
        return await execute(*args, **kwargs)

    async def scenario():
        await limiter.check(request(), limiter.principal, f"principal:warm-{uuid.uuid4()}")
        connection.execute_command = counted  # the script is loaded in Redis by now
        key = f"principal:test-{uuid.uuid4()}"
        outcomes, retry_after = [], 0
        for _ in range(3):
            asked = request()
            try:
                await limiter.check(asked, limiter.principal, key)
                outcomes.append(asked.state.ratelimit_headers["RateLimit-Remaining"])
            except Problem as exc:
                outcomes.append(exc.status)
                retry_after = int(exc.headers["Retry-After"])
        assert 1 <= retry_after <= 2  # the oldest hit of the 2 s window leaves it by then
        return outcomes

    assert asyncio.run(scenario()) == ["1", "0", 429]
    assert sent == ["EVALSHA"] * 3
