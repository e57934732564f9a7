"""Fixtures of the fault tests: citizens ready to apply (registered once per run) and, after
every scenario, the stack put back the way it was (Kafka and every service process up)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from load import Citizen, register_citizens
from stack import (
    all_running,
    kafka_answers,
    realm_answers,
    restart_services,
    script,
    wait_until,
)

# The load: 16 clients (500 submissions per scenario, ONEWINDOW_FAULTS_SUBMISSIONS in
# scenario.py).
CLIENTS = int(os.environ.get("ONEWINDOW_FAULTS_CLIENTS", "16"))


@pytest.fixture(scope="session")
def citizens() -> list[Citizen]:
    return register_citizens(CLIENTS)


@pytest.fixture(autouse=True)
def restored() -> Iterator[None]:
    yield
    if not realm_answers():
        script("keycloak", "up", timeout=300)
    if not kafka_answers():
        script("kafka", "up")
    if not all_running():
        restart_services()
    wait_until(kafka_answers, "the broker to answer", 60)
