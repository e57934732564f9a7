"""The statistics read model's ports: the consumer's ledger and the read side (adapters:
``adapters/statistics_sql.py`` on PostgreSQL, ``adapters/memory_statistics.py`` in memory)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
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

    def case_facts(self, case_ids: Collection[str]) -> dict[str, CaseFacts]:
        """The facts of the cases by id (an unknown case is left out)."""
        ...

    def add(self, deltas: Mapping[BucketKey, Counters]) -> None:
        """Add each delta to its day bucket (and histogram bins), all in one go."""
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
