"""The statistics ledger and reads over the in-memory store (the fakes of ``statistics_sql``):
``feed`` and ``consume`` play the consumer, folding a batch of events in, once each."""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from onewindow_cases.adapters.memory import Store
from onewindow_cases.domain.calendar import WorkingCalendar
from onewindow_cases.domain.deadline import RUNNING, STOPPED
from onewindow_cases.domain.statistics import BucketKey, Counters, StatisticsQuery, office_of
from onewindow_cases.service_layer.read_model import Row
from onewindow_cases.service_layer.statistics import StatisticsEvent, record_events
from onewindow_cases.service_layer.statistics_ports import CaseFacts


class InMemoryStatistics:
    """``StatisticsLedger`` and ``StatisticsReads`` over a ``Store``."""

    def __init__(self, store: Store, timezone: str = "Asia/Shanghai") -> None:
        self.s = store
        self.tz = ZoneInfo(timezone)
        self.buckets: dict[BucketKey, Counters] = {}
        self.seen: set[str] = set()
        self.writes = 0  # calls of add: one per batch that counted anything

    def _day(self, at: datetime) -> date:
        return at.astimezone(self.tz).date()

    def feed(self, calendar: WorkingCalendar) -> int:
        """Apply every committed event not applied before, as one polled batch; how many
        counted."""
        return self.consume(calendar, self.events())

    def events(self) -> list[StatisticsEvent]:
        """The store's committed events as the consumer receives them, in order."""
        return [
            StatisticsEvent(e.event_id, e.name, e.payload, self._day(e.occurred_at))
            for e in self.s.events
        ]

    def consume(self, calendar: WorkingCalendar, batch: Sequence[StatisticsEvent]) -> int:
        """One polled batch as the kit consumer hands it over: event ids applied in an earlier
        batch (its dedupe rows) or earlier in this one are dropped, the rest folded at once."""
        fresh = []
        for event in batch:
            if event.event_id not in self.seen:
                self.seen.add(event.event_id)
                fresh.append(event)
        return record_events(self, calendar, fresh) if fresh else 0

    def case_facts(self, case_ids: Collection[str]) -> dict[str, CaseFacts]:
        """The stored cases' facts."""
        out = {}
        for case_id in case_ids:
            case = self.s.cases.get(case_id)
            if case is not None:
                out[case_id] = CaseFacts(
                    service_type=case.service_type,
                    office=office_of(case.receiving_office),
                    received_on=self._day(case.created_at),
                    start_date=case.start_date,
                    paused_days=case.paused_days,
                    due_date=case.due_date,
                    decided_on=self._day(case.decided_at) if case.decided_at else None,
                )
        return out

    def add(self, deltas: Mapping[BucketKey, Counters]) -> None:
        """Add to the day buckets (one write per batch, as on PostgreSQL)."""
        self.writes += 1
        for key, delta in deltas.items():
            self.buckets.setdefault(key, Counters()).add(delta)

    def day_buckets(self, query: StatisticsQuery) -> list[tuple[BucketKey, Counters]]:
        """Copies of the buckets inside the filters."""
        return [(k, copy.deepcopy(c)) for k, c in self.buckets.items() if query.matches(k)]

    def live_backlog(self, department: str, office: str, today: date, soon: date) -> list[Row]:
        """Open cases counted per department and receiving office."""
        rows: dict[tuple[str, str], Row] = {}
        for case in self.s.cases.values():
            if case.clock == STOPPED or (department and case.responsible_department != department):
                continue
            if office and office_of(case.receiving_office) != office:
                continue
            key = (case.responsible_department, office_of(case.receiving_office))
            row = rows.setdefault(
                key, {"department": key[0], "office": key[1], "open": 0, "due_soon": 0,
                      "overdue": 0},
            )  # fmt: skip
            row["open"] += 1
            if case.clock == RUNNING and case.due_date is not None:
                row["overdue"] += case.due_date < today
                row["due_soon"] += today <= case.due_date <= soon
        return list(rows.values())
