"""Handling statistics: the ``statistics`` consumer folds the service's own events
(onewindow.cases.v1) into day buckets, outside the submit transaction; GetStatistics and
GetLiveBacklog read them (and the open cases) with the caller's scope.

Which day an event counts on: received on the case's creation day, decided (and its handling
time) on the decision day, everything else on the day the event occurred -- all in the
service's time zone. Department: the one named by the event (a transfer moves later counts).
Office: the receiving office.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from onewindow_cases.domain.calendar import WorkingCalendar
from onewindow_cases.domain.statistics import (
    BucketKey,
    Counters,
    StatisticsQuery,
    handling_working_days,
    office_of,
    on_time,
    roll_up,
)
from onewindow_cases.service_layer.ports import Services
from onewindow_cases.service_layer.read_model import Row
from onewindow_cases.service_layer.statistics_ports import (
    CaseFacts,
    StatisticsLedger,
    StatisticsReads,
)
from onewindow_kit.errors import PermissionDenied
from onewindow_kit.logging import get_logger
from onewindow_kit.principal import Principal

log = get_logger("onewindow.cases.statistics")
CITY_WIDE_ROLES = ("city_supervisor", "auditor")
DEPARTMENT_ROLES = ("dept_admin", "supervisor")
DUE_SOON_WORKING_DAYS = 2


Recorder = Callable[[Any, CaseFacts, WorkingCalendar, date], list[tuple[BucketKey, Counters]]]


def _one(department: str, st: str, office: str, day: date, delta: Counters) -> list:
    return [(BucketKey(department, st, office, day), delta)]


def _submitted(p: Any, f: CaseFacts, cal: WorkingCalendar, day: date) -> list:
    office = office_of(p.receiving_office)
    return _one(
        p.responsible_department, p.service_type, office, f.received_on, Counters(received=1)
    )


def _decided(p: Any, f: CaseFacts, cal: WorkingCalendar, day: date) -> list:
    if f.decided_on is None:  # annulled and reopened meanwhile: nothing to count
        return []
    delta = Counters()
    start = f.start_date or f.received_on
    delta.record_decided(handling_working_days(cal, start, f.decided_on, f.paused_days))
    return _one(p.responsible_department, f.service_type, f.office, f.decided_on, delta)


def _closed(p: Any, f: CaseFacts, cal: WorkingCalendar, day: date) -> list:
    delta = Counters()
    delta.record_closed(f.decided_on is not None and on_time(f.decided_on, f.due_date))
    return _one(p.responsible_department, f.service_type, f.office, day, delta)


def _supplement(p: Any, f: CaseFacts, cal: WorkingCalendar, day: date) -> list:
    delta = Counters(supplements_requested=1)
    return _one(p.responsible_department, f.service_type, f.office, day, delta)


def _withdrawn(p: Any, f: CaseFacts, cal: WorkingCalendar, day: date) -> list:
    return _one(p.responsible_department, f.service_type, f.office, day, Counters(withdrawals=1))


def _transferred(p: Any, f: CaseFacts, cal: WorkingCalendar, day: date) -> list:
    return [
        *_one(p.from_department, f.service_type, f.office, day, Counters(transfers_out=1)),
        *_one(p.to_department, f.service_type, f.office, day, Counters(transfers_in=1)),
    ]


def _rated(p: Any, f: CaseFacts, cal: WorkingCalendar, day: date) -> list:
    delta = Counters()
    delta.record_rating(p.score)
    return _one(p.department, f.service_type, f.office, day, delta)


def _rating_day(p: Any) -> date:
    return date.fromisoformat(p.rated_on)


def _follow_up_overdue(p: Any, f: CaseFacts, cal: WorkingCalendar, day: date) -> list:
    delta = Counters(follow_ups_overdue=1)
    return _one(p.department, f.service_type, f.office, _rating_day(p), delta)


def _follow_up_remediated(p: Any, f: CaseFacts, cal: WorkingCalendar, day: date) -> list:
    if not p.on_time:
        return []
    delta = Counters(bad_ratings_remediated_on_time=1)
    return _one(p.department, f.service_type, f.office, _rating_day(p), delta)


RECORDERS: dict[str, Recorder] = {
    "case_submitted": _submitted,
    "case_decided": _decided,
    "case_closed": _closed,
    "supplement_requested": _supplement,
    "case_withdrawn": _withdrawn,
    "case_transferred": _transferred,
    "rating_received": _rated,
    "follow_up_overdue": _follow_up_overdue,
    "follow_up_remediated": _follow_up_remediated,
}


@dataclass(frozen=True)
class StatisticsEvent:
    """One of the service's own events as the statistics consumer sees it."""

    event_id: str
    name: str  # the short event name, e.g. "case_submitted"
    payload: Any
    day: date  # the day it occurred, in the service's time zone


def fold_events(
    calendar: WorkingCalendar, events: Iterable[StatisticsEvent], facts: Mapping[str, CaseFacts]
) -> tuple[dict[BucketKey, Counters], int]:
    """Sum a batch of events into one delta per day bucket (each event id once); the deltas
    and how many events counted. Sums commute, so the order of the batch does not matter."""
    folded: dict[BucketKey, Counters] = {}
    seen: set[str] = set()
    counted = 0
    for event in events:
        recorder = RECORDERS.get(event.name)
        if recorder is None or event.event_id in seen:
            continue
        seen.add(event.event_id)
        case_facts = facts.get(event.payload.case_id)
        if case_facts is None:
            log.warning(
                "statistics_for_unknown_case", case_id=event.payload.case_id, event_name=event.name
            )
            continue
        rows = recorder(event.payload, case_facts, calendar, event.day)
        for key, delta in rows:
            folded.setdefault(key, Counters()).add(delta)
        counted += bool(rows)
    return folded, counted


def record_events(
    ledger: StatisticsLedger, calendar: WorkingCalendar, events: Sequence[StatisticsEvent]
) -> int:
    """Fold a polled batch into the day buckets: the cases' facts read once, one write of the
    summed deltas; how many events counted."""
    case_ids = {e.payload.case_id for e in events if e.name in RECORDERS}
    if not case_ids:
        return 0
    folded, counted = fold_events(calendar, events, ledger.case_facts(case_ids))
    if folded:
        ledger.add(folded)
    return counted


def scope_department(principal: Principal, department: str) -> str:
    """The department a caller may see ("" = all): city-wide roles any; department admins and
    supervisors their own; anyone else PermissionDenied."""
    if principal.kind in ("staff", "service") and principal.has_role(*CITY_WIDE_ROLES):
        return department
    if principal.kind in ("staff", "service") and principal.has_role(*DEPARTMENT_ROLES):
        if department and department != principal.department:
            raise PermissionDenied(
                f"statistics of department {department!r} need a city-wide role "
                f"({' or '.join(CITY_WIDE_ROLES)})"
            )
        return principal.department
    raise PermissionDenied(
        "statistics need the role dept_admin or supervisor (own department), "
        "or city_supervisor or auditor (every department)"
    )


def _statistics_port(deps: Services) -> StatisticsReads:
    if deps.statistics is None:
        raise RuntimeError("statistics are not wired in this process")
    return deps.statistics


def get_statistics(
    deps: Services, principal: Principal, query: StatisticsQuery
) -> list[tuple[BucketKey, Counters]]:
    """Day buckets rolled up by day / week / month, ordered by period then dimensions."""
    query = replace(query, department=scope_department(principal, query.department))
    rows = _statistics_port(deps).day_buckets(query)
    periods = roll_up(rows, query.group_by)
    return sorted(periods.items(), key=lambda kv: _order(kv[0]))


def _order(key: BucketKey) -> tuple:
    return (key.day, key.department, key.service_type, key.office)


def get_live_backlog(
    deps: Services, principal: Principal, department: str, office: str
) -> tuple[date, list[Row]]:
    """Open, due soon and overdue cases per department and office, counted now."""
    department = scope_department(principal, department)
    now = deps.now()
    soon = now.calendar.add_working_days(now.today, DUE_SOON_WORKING_DAYS)
    rows = _statistics_port(deps).live_backlog(department, office.strip(), now.today, soon)
    return now.today, sorted(rows, key=lambda r: (r["department"], r["office"]))


def totals(rows: Iterable[tuple[BucketKey, Counters]]) -> Counters:
    """Everything in ``rows`` summed (tests and the recount compare against it)."""
    out = Counters()
    for _, counters in rows:
        out.add(counters)
    return out
