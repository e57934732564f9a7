"""The deadline scanner: deadline_approaching and case_overdue, exactly once per case and
threshold (an alert row with a primary key is written with the event)."""

from __future__ import annotations

from onewindow_cases.service_layer import events
from onewindow_cases.service_layer.ports import Services
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
    if any(counts.values()):
        log.info("deadline_alerts", **counts)
    return counts


def _event(row: dict, threshold: str, percent: int) -> PendingEvent:
    if threshold == APPROACHING:
        return events.deadline_approaching(row, percent)
    return events.case_overdue(row)
