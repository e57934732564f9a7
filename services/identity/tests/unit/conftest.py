"""Unit-test fixtures: handlers over the in-memory unit of work and the fake identity provider."""

from __future__ import annotations

import pytest

from onewindow_identity.testing import World, memory_world, staff_principal
from onewindow_kit.principal import Principal


@pytest.fixture
def world() -> World:
    return memory_world()


@pytest.fixture
def clerk() -> Principal:
    return staff_principal("clerk", department="psb", office="hall-east")
