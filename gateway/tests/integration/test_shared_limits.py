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
