"""Two deadline scanners at once (ONEWINDOW_REPLICAS=2 runs two `scan` processes): each case is
alerted once per threshold, however their scans overlap."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from cases_support import on_loop
from sqlalchemy.exc import OperationalError

from onewindow.cases.v1 import events_pb2 as ev
from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import decisions, ratings, submission, work
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.service_layer.deadlines import scan_once
from onewindow_cases.testing import SAMPLE_FORMS, citizen, staff

pytestmark = pytest.mark.integration
CASES = 60
BOSS = staff("hrss", "hall-central", "supervisor", subject="boss-1")
SERVICE_TYPE = "provident-fund-withdrawal"  # 3 working days: filed Mon 1 Mar, due Thu 4 Mar


def _file(deps, key: str):
    application = Application(
        key, SERVICE_TYPE, 0, dict(SAMPLE_FORMS[SERVICE_TYPE]), ["P-1-resident_id"]
    )
    return on_loop(submission.submit_case)(deps, citizen("P-1"), application).case


def _scanner(deps, start: threading.Barrier, threshold: str = "overdue") -> int:
    """One replica: scan until nothing is left, retrying as run_scanner does after an error."""
    start.wait()
    alerted = 0
    for _ in range(5):
        try:
            counts = scan_once(deps)
        except OperationalError:  # e.g. a deadlock with the other replica: the next scan retries
            continue
        alerted += counts[threshold]
        if not any(counts.values()):
            break
    return alerted


def test_two_scanners_alert_every_overdue_case_exactly_once(deps, clock, outbox):
    filed = {_file(deps, f"replica-{i}").id for i in range(CASES)}
    clock.day = date(2027, 3, 5)  # every case is past its due date
    start = threading.Barrier(2)
    with ThreadPoolExecutor(2) as pool:
        alerted = list(pool.map(lambda _: _scanner(deps, start), range(2)))
    overdue = [o.case_id for o in outbox.payloads("case_overdue", ev.CaseOverdue)]
    assert sum(alerted) == CASES
    assert sorted(overdue) == sorted(filed)  # one event per case: none lost, none doubled


def _rated_badly(deps, key: str) -> str:
    case = _file(deps, key)
    for status in ("accepted", "in_review"):
        case = work.transition_case(
            deps, BOSS, c.TransitionCase(case.id, case.version, status, "")
        ).case
    case = decisions.decide_case(deps, BOSS, c.DecideCase(case.id, case.version, "approved", ""))
    case = decisions.close_case(deps, BOSS, c.CloseCase(case.case.id, case.case.version, "")).case
    rated = ratings.rate_case(deps, citizen("P-1"), c.RateCase(case.id, 0, "", 2))
    return rated["follow_up_task_id"]


def test_two_scanners_emit_follow_up_overdue_once_per_task(deps, clock, outbox):
    tasks = {_rated_badly(deps, f"rated-{i}") for i in range(12)}
    clock.day = date(2027, 3, 23)  # the follow-ups were due on Monday 22 March
    start = threading.Barrier(2)
    with ThreadPoolExecutor(2) as pool:
        alerted = list(pool.map(lambda _: _scanner(deps, start, "follow_up_overdue"), range(2)))
    overdue = [o.task_id for o in outbox.payloads("follow_up_overdue", ev.FollowUpOverdue)]
    assert sum(alerted) == len(tasks) == 12
    assert sorted(overdue) == sorted(tasks)
