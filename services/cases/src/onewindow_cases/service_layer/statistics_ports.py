"""The statistics read model's ports: the consumer's ledger and the read side (adapters:
``adapters/statistics_sql.py`` on PostgreSQL, ``adapters/memory_statistics.py`` in memory)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from onewindow_cases.domain.statistics import BucketKey, Counters, StatisticsQuery
from onewindow_cases.service_layer.read_model import Row


@dataclass(frozen=True)
class CaseFacts:
    """What the statistics need from the case row (dimensions and the stopped clock)."""

    service_type: str
    office: str
    received_on: date
    start_date: date | None
    paused_days: int
    due_date: date | None
    decided_on: date | None


class StatisticsLedger(Protocol):
    """The consumer's side, inside its (deduplicated) transaction."""

    def case_facts(self, case_id: str) -> CaseFacts | None:
        """The case's facts, or None for an unknown case."""
        ...

    def add(self, key: BucketKey, delta: Counters) -> None:
        """Add ``delta`` to the day bucket ``key``."""
        ...


class StatisticsReads(Protocol):
    """The read side: day buckets and the open cases right now."""

    def day_buckets(self, query: StatisticsQuery) -> list[tuple[BucketKey, Counters]]:
        """Every day bucket inside the query's filters."""
        ...

    def live_backlog(self, department: str, office: str, today: date, soon: date) -> list[Row]:
        """Per department and receiving office: open, due_soon (running, due in
        [today, soon]) and overdue (running, due before today)."""
        ...
