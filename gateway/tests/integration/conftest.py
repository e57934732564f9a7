"""Fixtures of the gateway's integration tests (against the stack `make up` runs)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from gateway_support import Front


@pytest.fixture(scope="session")
def front() -> Iterator[Front]:
    f = Front()
    yield f
    f.http.close()
