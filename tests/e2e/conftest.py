"""Fixtures of the end-to-end tests (helpers live in e2e_support.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from e2e_support import EventTap, Window


@pytest.fixture(scope="session")
def window() -> Iterator[Window]:
    w = Window()
    yield w
    w.close()


@pytest.fixture()
def tap(window) -> Iterator[Callable[[str], EventTap]]:
    taps: list[EventTap] = []

    def open_tap(topic: str) -> EventTap:
        taps.append(EventTap(window.kafka, topic))
        return taps[-1]

    yield open_tap
    for t in taps:
        t.close()
