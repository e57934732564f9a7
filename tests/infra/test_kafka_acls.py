"""The Kafka ACL table (infra/kafka/acls.yaml) against the consumers the code really builds:
every consumer group and topic a service's consumers use is granted to that service's user, a
service writes no other domain's topic, and a dead-letter topic only of what it consumes. (The
broker enforcing the table: tests/faults/test_production_profile.py.)"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from onewindow_kit.settings import load_common
from onewindow_kit.topics import DOMAINS, dead_letter_topic, domain_topic

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "infra"))
from kafka_acls import acls, load_table  # noqa: E402


def _consumers_of(service: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str]]]:
    """(group, topics) of every consumer process of ``service``, from its own builders."""
    built: list[tuple[str, list[str]]] = []

    class Recorder:
        def __init__(self, **kwargs: Any) -> None:
            built.append((kwargs["name"], list(kwargs["topics"])))

    spec = importlib.import_module(f"onewindow_{service}.__main__").SPEC
    for build in spec.consumers.values():
        monkeypatch.setattr(importlib.import_module(build.__module__), "ConsumerRunner", Recorder)
        build(load_common(service, {}), create_engine("sqlite://"))
    return built


@pytest.mark.parametrize("service", DOMAINS)
def test_each_services_consumers_are_granted_their_groups_and_topics(service, monkeypatch):
    rules = load_table()[service]
    for group, topics in _consumers_of(service, monkeypatch):
        assert any(group.startswith(prefix) for prefix in rules["groups"]), group
        for topic in topics:
            assert topic in rules["read"], (group, topic)
            # its dead letters go to the topic's .dlt (onewindow_kit.consumer)
            assert dead_letter_topic(topic) in rules["write"], (group, topic)
    # every serve process follows identity's lock events (onewindow_kit.revocations)
    assert domain_topic("identity") in rules["read"]


@pytest.mark.parametrize("user", [*DOMAINS, "gateway"])
def test_a_user_writes_only_its_own_domain_and_the_dead_letters_of_what_it_reads(user):
    rules = load_table()[user]
    for topic in rules["write"]:
        if topic.endswith(".dlt"):
            assert topic.removesuffix(".dlt") in rules["read"], topic
        else:
            assert topic == domain_topic(user), topic
    assert all(g.startswith(f"{user}-") for g in rules["groups"])


def test_the_table_becomes_literal_topic_and_prefixed_group_acls():
    table = {"cases": {"write": ["onewindow.cases.v1"], "read": [], "groups": ["cases-"]}}
    made = {
        (a.principal, a.operation.name, a.resource_pattern.pattern_type.name) for a in acls(table)
    }
    assert made == {("User:cases", "WRITE", "LITERAL"), ("User:cases", "READ", "PREFIXED")}
