"""Handling statistics and transfers driven with the fakes: the consumer's fold of the service's
own events, GetStatistics / GetLiveBacklog with the caller's scope, TransferCase."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, date, datetime

import pytest

from onewindow_cases.adapters.memory_statistics import InMemoryStatistics
from onewindow_cases.config import load_settings
from onewindow_cases.domain.statistics import parse_query
from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import decisions, ratings, submission, work
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.service_layer.ports import Services
from onewindow_cases.service_layer.statistics import get_live_backlog, get_statistics, totals
from onewindow_cases.testing import SAMPLE_FORMS, citizen, staff
from onewindow_kit.errors import FailedPrecondition, InvalidArgument, PermissionDenied
from onewindow_kit.settings import SettingsError

PENSION = "provident-fund-withdrawal"  # hrss, 3 working days
BOSS = staff("hrss", "hall-central", "supervisor", subject="boss-1")
ADMIN = staff("hrss", "hall-central", "dept_admin", subject="admin-hrss")
CLERK = staff("hrss", "hall-central", "clerk", subject="clerk-1")
CITY = staff("", "", "city_supervisor", subject="city-1")
CIVIL_BOSS = staff("civil", "hall-east", "supervisor", subject="civil-boss")
APPLICANT = citizen("P-1")
MARCH = parse_query("2027-03-01", "2027-03-31", "month")


@pytest.fixture()
def stats(store) -> InMemoryStatistics:
    return InMemoryStatistics(store)


@pytest.fixture()
def sdeps(deps: Services, stats: InMemoryStatistics) -> Services:
    return dataclasses.replace(deps, statistics=stats)


def feed(deps: Services, stats: InMemoryStatistics) -> int:
    return stats.feed(deps.catalogues.published().calendar)


def at(deps: Services, day: date) -> None:
    deps.clock.at = datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    deps.clock.day = day  # type: ignore[attr-defined]


def submit(deps: Services, key: str):
    app = Application(
        client_key=key, code=PENSION, catalogue_version=0, form=SAMPLE_FORMS[PENSION],
        document_ids=["P-1-resident_id"],
    )  # fmt: skip
    return asyncio.run(submission.submit_case(deps, APPLICANT, app)).case


def in_review(deps: Services, key: str):
    case = submit(deps, key)
    for status in ("accepted", "in_review"):
        case = work.transition_case(
            deps, BOSS, c.TransitionCase(case.id, case.version, status, "")
        ).case
    return case


def decide_and_close(deps: Services, case):
    case = decisions.decide_case(
        deps, BOSS, c.DecideCase(case.id, case.version, "approved", "ok")
    ).case
    return decisions.close_case(deps, BOSS, c.CloseCase(case.id, case.version, "sent")).case


def test_a_mixed_month_is_counted_once_with_on_time_and_late_decisions(sdeps, stats):
    on_time = decide_and_close(sdeps, in_review(sdeps, "k-1"))  # Monday 1 March, 0 days
    late = in_review(sdeps, "k-2")  # due Thursday 4 March
    assert late.due_date == date(2027, 3, 4)
    paused = in_review(sdeps, "k-3")
    work.request_supplement(
        sdeps,
        BOSS,
        c.RequestSupplement(paused.id, paused.version, "blurred", ["household_register"]),
    )
    gone = submit(sdeps, "k-4")
    decisions.withdraw_case(sdeps, APPLICANT, c.WithdrawCase(gone.id, gone.version, "moved"))
    ratings.rate_case(sdeps, APPLICANT, c.RateCase(on_time.id, 2, "slow"))
    at(sdeps, date(2027, 3, 10))  # seven working days after receipt
    decide_and_close(sdeps, late)

    assert feed(sdeps, stats) > 0
    assert feed(sdeps, stats) == 0  # redelivered events are not counted again
    rows = get_statistics(sdeps, BOSS, MARCH)
    assert [(k.department, k.service_type, k.day) for k, _ in rows] == [
        ("hrss", PENSION, date(2027, 3, 1))
    ]
    month = rows[0][1]
    assert (month.received, month.decided, month.closed, month.closed_on_time) == (4, 2, 2, 1)
    assert (month.supplements_requested, month.withdrawals) == (1, 1)
    assert dict(month.handling_days) == {0: 1, 7: 1}
    assert dict(month.ratings) == {"dissatisfied": 1} and month.bad_ratings == 1
    days = get_statistics(sdeps, BOSS, parse_query("2027-03-01", "2027-03-31", "day"))
    assert {k.day: v.decided for k, v in days} == {date(2027, 3, 1): 1, date(2027, 3, 10): 1}


def test_statistics_scope_follows_the_callers_role(sdeps, stats):
    submit(sdeps, "k-1")
    feed(sdeps, stats)
    assert totals(get_statistics(sdeps, ADMIN, MARCH)).received == 1
    assert totals(get_statistics(sdeps, CITY, MARCH)).received == 1
    auditor = staff("", "", "auditor", subject="auditor-1")
    assert totals(get_statistics(sdeps, auditor, MARCH)).received == 1  # every department
    assert get_statistics(sdeps, CIVIL_BOSS, MARCH) == []  # their own department: nothing
    with pytest.raises(PermissionDenied):
        get_statistics(sdeps, CIVIL_BOSS, dataclasses.replace(MARCH, department="hrss"))
    for nobody in (CLERK, APPLICANT):
        with pytest.raises(PermissionDenied):
            get_statistics(sdeps, nobody, MARCH)


def test_live_backlog_counts_open_due_soon_and_overdue_now(sdeps):
    in_review(sdeps, "k-1")  # due Thursday 4 March
    decide_and_close(sdeps, in_review(sdeps, "k-2"))
    day, rows = get_live_backlog(sdeps, BOSS, "", "")
    assert day == date(2027, 3, 1)
    assert [(r["department"], r["open"], r["due_soon"], r["overdue"]) for r in rows] == [
        ("hrss", 1, 0, 0)
    ]
    at(sdeps, date(2027, 3, 2))  # due within 2 working days
    assert get_live_backlog(sdeps, BOSS, "", "")[1][0]["due_soon"] == 1
    at(sdeps, date(2027, 3, 5))
    row = get_live_backlog(sdeps, CITY, "", "")[1][0]
    assert (row["open"], row["due_soon"], row["overdue"]) == (1, 0, 1)
    assert get_live_backlog(sdeps, CIVIL_BOSS, "", "")[1] == []
    with pytest.raises(PermissionDenied):
        get_live_backlog(sdeps, CLERK, "", "")


def test_a_supervisor_transfers_a_misrouted_case_and_the_clock_continues(sdeps, stats, store):
    case = in_review(sdeps, "k-1")
    case = work.claim_case(sdeps, BOSS, c.ClaimCase(case.id, case.version)).case
    with pytest.raises(PermissionDenied):
        work.transfer_case(sdeps, CLERK, c.TransferCase(case.id, case.version, "civil", "wrong"))
    with pytest.raises(InvalidArgument) as err:
        work.transfer_case(sdeps, BOSS, c.TransferCase(case.id, case.version, "nowhere", " "))
    assert {v.field for v in err.value.violations} == {"to_department", "reason"}
    with pytest.raises(InvalidArgument, match="to_department"):
        work.transfer_case(sdeps, BOSS, c.TransferCase(case.id, case.version, "hrss", "why"))
    at(sdeps, date(2027, 3, 2))
    moved = work.transfer_case(
        sdeps, BOSS, c.TransferCase(case.id, case.version, "civil", "a marriage matter")
    ).case
    assert (moved.responsible_department, moved.assignee) == ("civil", "")
    assert moved.due_date == case.due_date  # the clock continues
    assert store.event_names(case.id)[-1] == "case_transferred"
    feed(sdeps, stats)
    civil = totals(get_statistics(sdeps, CIVIL_BOSS, MARCH))
    hrss = totals(get_statistics(sdeps, BOSS, MARCH))
    assert (civil.transfers_in, civil.received, hrss.transfers_out, hrss.received) == (1, 0, 1, 1)
    # the new department works it now; the old one may no longer move it
    with pytest.raises(PermissionDenied):
        work.transfer_case(sdeps, BOSS, c.TransferCase(moved.id, moved.version, "hrss", "back"))
    done = decide_and_close_by(sdeps, moved, CIVIL_BOSS)
    with pytest.raises(FailedPrecondition):
        work.transfer_case(sdeps, CIVIL_BOSS, c.TransferCase(done.id, done.version, "hrss", "x"))


def decide_and_close_by(deps: Services, case, who):
    return decisions.decide_case(
        deps, who, c.DecideCase(case.id, case.version, "approved", "ok")
    ).case


def test_a_restart_clock_gives_the_new_department_the_full_time_limit(sdeps):
    restarting = dataclasses.replace(sdeps, transfer_clock="restart")
    case = in_review(restarting, "k-1")  # Monday 1 March: due Thursday 4 March
    at(restarting, date(2027, 3, 3))
    moved = work.transfer_case(
        restarting, BOSS, c.TransferCase(case.id, case.version, "civil", "misrouted")
    ).case
    assert (case.due_date, moved.due_date) == (date(2027, 3, 4), date(2027, 3, 8))


def test_the_transfer_clock_setting_is_checked_at_start():
    assert load_settings({}).transfer_clock == "continue"
    assert load_settings({"ONEWINDOW_CASES_TRANSFER_CLOCK": "restart"}).transfer_clock == "restart"
    with pytest.raises(SettingsError, match="ONEWINDOW_CASES_TRANSFER_CLOCK"):
        load_settings({"ONEWINDOW_CASES_TRANSFER_CLOCK": "pause"})
