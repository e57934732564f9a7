"""The deadline scanner: deadline_approaching and case_overdue, exactly once per case and
threshold, and follow_up_overdue once per follow-up task of a bad rating (an alert row with a
primary key is written with the event, so two scanner replicas never both emit)."""

from __future__ import annotations

from onewindow_cases.service_layer import events
from onewindow_cases.service_layer.ports import Services
from onewindow_cases.service_layer.read_model import FOLLOW_UP_OVERDUE
from onewindow_kit.logging import get_logger
from onewindow_kit.outbox import PendingEvent

log = get_logger("onewindow.cases.deadlines")
APPROACHING, OVERDUE = "approaching", "overdue"


def scan_once(deps: Services, batch: int = 500) -> dict[str, int]:
    """Alert every case that reached a threshold since the last scan; returns counts."""
    counts = {APPROACHING: 0, OVERDUE: 0}
    today = deps.clock.today()
    for threshold in (APPROACHING, OVERDUE):
        while True:
            with deps.uow() as uow:
                rows = uow.reads.due_for_alert(threshold, today, batch)
                if not rows:
                    break
                fresh = uow.alerts.record(
                    [(r["id"], r["due_date"]) for r in rows], threshold, deps.clock.now()
                )
                for row in rows:
                    if row["id"] in fresh:
                        uow.emit(_event(row, threshold, deps.warn_percent))
                uow.commit()
            counts[threshold] += len(fresh)
            if len(rows) < batch:
                break
    counts[FOLLOW_UP_OVERDUE] = scan_follow_ups(deps, batch)
    if any(counts.values()):
        log.info("deadline_alerts", **counts)
    return counts


def scan_follow_ups(deps: Services, batch: int = 500) -> int:
    """follow_up_overdue for every open follow-up task past its due date, once each."""
    emitted = 0
    today = deps.clock.today()
    while True:
        with deps.uow() as uow:
            rows = uow.reads.follow_ups_due_for_alert(today, batch)
            if not rows:
                break
            items = [(str(r["case_id"]), r["due_date"]) for r in rows]
            fresh = uow.alerts.record(items, FOLLOW_UP_OVERDUE, deps.clock.now())
            for row in rows:
                if str(row["case_id"]) in fresh:
                    uow.emit(events.follow_up_overdue(row, deps.clock.day_of))
            uow.commit()
        emitted += len(fresh)
        if len(rows) < batch:
            break
    return emitted


def _event(row: dict, threshold: str, percent: int) -> PendingEvent:
    if threshold == APPROACHING:
        return events.deadline_approaching(row, percent)
    return events.case_overdue(row)
