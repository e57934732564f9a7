"""Kafka topic names: the one place they are spelled."""

from __future__ import annotations

from dataclasses import dataclass

DOMAINS = ("identity", "cases", "documents", "notifications")
DEFAULT_PARTITIONS = 6
DLT_PARTITIONS = 3


@dataclass(frozen=True)
class TopicSpec:
    """A topic with its partition count."""

    name: str
    partitions: int


def domain_topic(domain: str, version: int = 1) -> str:
    """The topic a domain publishes its events on, e.g. ``onewindow.cases.v1``."""
    if domain not in DOMAINS:
        raise ValueError(f"unknown domain {domain!r}; known: {', '.join(DOMAINS)}")
    return f"onewindow.{domain}.v{version}"


def dead_letter_topic(topic: str) -> str:
    """Where a consumer parks events from ``topic`` that it could not apply."""
    return f"{topic}.dlt"


def all_topics() -> list[TopicSpec]:
    """Every topic the platform needs, for infra to create."""
    specs: list[TopicSpec] = []
    for domain in DOMAINS:
        name = domain_topic(domain)
        specs.append(TopicSpec(name, DEFAULT_PARTITIONS))
        specs.append(TopicSpec(dead_letter_topic(name), DLT_PARTITIONS))
    return specs
