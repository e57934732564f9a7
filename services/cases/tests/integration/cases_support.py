"""Helpers of the cases integration tests: the async handlers (submissions, supplements) run to
completion on one event loop in a background thread, as the asyncio server runs them, so a test
(or several test threads at once) can call them like functions."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

T = TypeVar("T")
_loop: asyncio.AbstractEventLoop | None = None
_lock = threading.Lock()


def loop() -> asyncio.AbstractEventLoop:
    """The tests' event loop (started on first use, lives as long as the test run)."""
    global _loop
    with _lock:
        if _loop is None:
            _loop = asyncio.new_event_loop()
            threading.Thread(target=_loop.run_forever, daemon=True, name="cases-tests").start()
        return _loop


def run(coroutine: Awaitable[T], timeout_s: float = 60.0) -> T:
    """Await ``coroutine`` on the tests' loop and return its result (or raise its error)."""
    return asyncio.run_coroutine_threadsafe(coroutine, loop()).result(timeout_s)  # type: ignore[arg-type]


def on_loop(handler: Callable[..., Awaitable[T]]) -> Callable[..., T]:
    """``handler`` as a plain function: ``on_loop(submission.submit_case)(deps, who, app)``."""

    def call(*args: Any, **kwargs: Any) -> T:
        return run(handler(*args, **kwargs))

    return call
