"""Ratings under the national rule, driven with the fakes: five levels (the older 1..5 score is
the level's number), one per case, dissatisfied or worse opens a follow-up due 15 working days
out on the holiday calendar, follow_up_overdue once per task (two scanners too), remediation on
time or late, and both in the handling statistics on the rating's day."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, date, datetime

import pytest

from onewindow_cases.adapters.memory_statistics import InMemoryStatistics
from onewindow_cases.domain.calendar import WorkingCalendar
from onewindow_cases.domain.ratings import follow_up_due
from onewindow_cases.domain.statistics import parse_query
from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import decisions, ratings, submission, work
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.service_layer.deadlines import scan_once
from onewindow_cases.service_layer.ports import Services
from onewindow_cases.service_layer.statistics import get_statistics, totals
from onewindow_cases.testing import SAMPLE_FORMS, citizen, staff
from onewindow_kit.errors import AlreadyExists, InvalidArgument

PENSION = "provident-fund-withdrawal"  # hrss
BOSS = staff("hrss", "hall-central", "supervisor", subject="boss-1")
APPLICANT = citizen("P-1")
DISSATISFIED, NEUTRAL, VERY_DISSATISFIED = 2, 3, 1  # RatingLevel numbers


@pytest.fixture()
def stats(store) -> InMemoryStatistics:
    return InMemoryStatistics(store)


@pytest.fixture()
def sdeps(deps: Services, stats: InMemoryStatistics) -> Services:
    return dataclasses.replace(deps, statistics=stats)


def at(deps: Services, day: date) -> None:
    deps.clock.at = datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    deps.clock.day = day  # type: ignore[attr-defined]


def closed_case(deps: Services, key: str):
    app = Application(
        client_key=key, code=PENSION, catalogue_version=0, form=SAMPLE_FORMS[PENSION],
        document_ids=["P-1-resident_id"],
    )  # fmt: skip
    case = asyncio.run(submission.submit_case(deps, APPLICANT, app)).case
    for status in ("accepted", "in_review"):
        case = work.transition_case(
            deps, BOSS, c.TransitionCase(case.id, case.version, status, "")
        ).case
    case = decisions.decide_case(
        deps, BOSS, c.DecideCase(case.id, case.version, "approved", "ok")
    ).case
    return decisions.close_case(deps, BOSS, c.CloseCase(case.id, case.version, "")).case


def rate(deps: Services, case, level: int = 0, score: int = 0) -> dict:
    return ratings.rate_case(deps, APPLICANT, c.RateCase(case.id, score, "", level))


def test_the_follow_up_is_due_15_working_days_out_on_the_holiday_calendar(catalogue) -> None:
    assert follow_up_due(catalogue.calendar, date(2027, 3, 1)) == date(2027, 3, 22)
    # 26 April 2027: the May holidays (1-5 May) push it from 17 to 20 May.
    assert follow_up_due(WorkingCalendar(), date(2027, 4, 26)) == date(2027, 5, 17)
    assert follow_up_due(catalogue.calendar, date(2027, 4, 26)) == date(2027, 5, 20)


def test_a_level_or_the_older_score_one_rating_per_case(deps, store) -> None:
    first, second, third = (closed_case(deps, f"k-{i}") for i in range(3))
    bad = rate(deps, first, level=DISSATISFIED)
    assert (bad["score"], bad["level"], bad["follow_up_due_date"]) == (
        2, "dissatisfied", date(2027, 3, 22),
    )  # fmt: skip
    task = store.tasks[bad["follow_up_task_id"]]
    assert (task["due_date"], task["state"]) == (date(2027, 3, 22), "open")
    event = store.events[-1]
    assert (event.name, event.payload.level, event.payload.follow_up_due_date) == (
        "rating_received", "dissatisfied", "2027-03-22",
    )  # fmt: skip
    with pytest.raises(AlreadyExists):
        rate(deps, first, level=5)
    neutral = rate(deps, second, score=3)  # an older client: score only
    assert (neutral["level"], neutral["follow_up_task_id"]) == ("neutral", None)
    both = rate(deps, third, level=VERY_DISSATISFIED, score=1)
    assert both["level"] == "very_dissatisfied" and both["follow_up_task_id"]


@pytest.mark.parametrize(
    ("score", "level", "field"),
    [(0, 0, "level"), (0, 6, "level"), (9, 0, "score"), (4, DISSATISFIED, "score")],
)
def test_a_bad_level_or_score_names_the_field_and_stores_nothing(
    deps, store, score, level, field
) -> None:
    case = closed_case(deps, "k-1")
    with pytest.raises(InvalidArgument) as refused:
        rate(deps, case, level=level, score=score)
    assert [v.field for v in refused.value.violations] == [field]
    assert store.ratings == {} and store.tasks == {}


def test_follow_up_overdue_once_by_either_scanner_and_never_for_a_remediated_task(
    deps, store
) -> None:
    late = rate(deps, closed_case(deps, "k-1"), level=DISSATISFIED)
    done = rate(deps, closed_case(deps, "k-2"), level=VERY_DISSATISFIED)
    ratings.complete_follow_up(deps, BOSS, c.CompleteFollowUpTask(done["follow_up_task_id"], "ok"))
    at(deps, date(2027, 3, 22))  # the due date itself: not overdue yet
    assert scan_once(deps)["follow_up_overdue"] == 0
    at(deps, date(2027, 3, 23))
    replica = dataclasses.replace(deps)  # a second scanner over the same store
    assert scan_once(deps)["follow_up_overdue"] == 1
    assert scan_once(replica)["follow_up_overdue"] == 0
    overdue = [e for e in store.events if e.name == "follow_up_overdue"]
    assert len(overdue) == 1
    payload = overdue[0].payload
    assert (payload.task_id, payload.due_date, payload.rated_on, payload.department) == (
        late["follow_up_task_id"], "2027-03-22", "2027-03-01", "hrss",
    )  # fmt: skip


def test_remediation_on_time_and_late_and_overdue_count_on_the_rating_day(
    sdeps, stats, store
) -> None:
    on_time = rate(sdeps, closed_case(sdeps, "k-1"), level=DISSATISFIED)
    late = rate(sdeps, closed_case(sdeps, "k-2"), level=VERY_DISSATISFIED)
    rate(sdeps, closed_case(sdeps, "k-3"), level=5)
    at(sdeps, date(2027, 3, 22))
    first = ratings.complete_follow_up(
        sdeps, BOSS, c.CompleteFollowUpTask(on_time["follow_up_task_id"], "called back")
    )
    assert first["remediated_on_time"] is True
    at(sdeps, date(2027, 3, 24))
    scan_once(sdeps)
    second = ratings.complete_follow_up(
        sdeps, BOSS, c.CompleteFollowUpTask(late["follow_up_task_id"], "apologised")
    )
    assert second["remediated_on_time"] is False
    events = [e for e in store.events if e.name == "follow_up_remediated"]
    assert [e.payload.on_time for e in events] == [True, False]
    stats.feed(sdeps.catalogues.published().calendar)

    march = get_statistics(sdeps, BOSS, parse_query("2027-03-01", "2027-03-31", "day"))
    by_day = {key.day: counters for key, counters in march}
    first_day = by_day[date(2027, 3, 1)]
    assert (first_day.bad_ratings, first_day.bad_ratings_remediated_on_time) == (2, 1)
    assert first_day.follow_ups_overdue == 1
    assert first_day.ratings == {"dissatisfied": 1, "very_dissatisfied": 1, "very_satisfied": 1}
    whole = totals(march)
    assert (whole.bad_ratings_remediated_on_time, whole.follow_ups_overdue) == (1, 1)


def test_the_follow_up_list_shows_the_due_date_and_whether_it_was_on_time(deps) -> None:
    bad = rate(deps, closed_case(deps, "k-1"), level=DISSATISFIED)
    ratings.complete_follow_up(deps, BOSS, c.CompleteFollowUpTask(bad["follow_up_task_id"], "ok"))
    page = ratings.list_follow_ups(deps, BOSS, False, 10, "")
    [task] = page.items
    assert (task["due_date"], task["remediated_on_time"], task["score"]) == (
        date(2027, 3, 22), True, 2,
    )  # fmt: skip
