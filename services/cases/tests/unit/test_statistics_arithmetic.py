"""Statistics arithmetic: working days, on time, rating levels, exact week/month roll-ups."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from onewindow_cases.domain.calendar import WorkingCalendar
from onewindow_cases.domain.statistics import (
    BucketKey,
    Counters,
    handling_working_days,
    on_time,
    parse_query,
    period_start,
    quantile,
    rating_level,
    roll_up,
)
from onewindow_kit.errors import InvalidArgument

# 2026-10-01..07 National Day holidays; Sunday 2026-09-27 and Saturday 2026-10-10 worked.
CAL = WorkingCalendar.of(
    holidays=[date(2026, 10, d) for d in range(1, 8)],
    working_weekends=[date(2026, 9, 27), date(2026, 10, 10)],
)


def test_handling_time_counts_working_days_after_receipt_without_holidays_or_pauses() -> None:
    # Received Wed 30 Sep, decided Fri 9 Oct: the holiday week does not count, only 8 and 9 Oct.
    assert handling_working_days(CAL, date(2026, 9, 30), date(2026, 10, 9)) == 2
    # A make-up Saturday counts; 3 paused working days come off.
    assert (
        handling_working_days(CAL, date(2026, 10, 8), date(2026, 10, 16)) == 7
    )  # 9, Sat 10, 12-16
    assert handling_working_days(CAL, date(2026, 10, 8), date(2026, 10, 16), paused_days=3) == 4
    assert handling_working_days(CAL, date(2026, 10, 8), date(2026, 10, 8)) == 0


def test_decided_on_the_due_date_is_on_time_and_the_day_after_is_late() -> None:
    due = CAL.add_working_days(date(2026, 9, 30), 2)
    assert due == date(2026, 10, 9)
    assert on_time(date(2026, 10, 9), due)
    assert not on_time(date(2026, 10, 10), due)
    assert on_time(date(2026, 12, 1), None)


def test_scores_map_onto_the_five_national_levels() -> None:
    assert [rating_level(s) for s in (5, 4, 3, 2, 1)] == [
        "very_satisfied",
        "satisfied",
        "neutral",
        "dissatisfied",
        "very_dissatisfied",
    ]
    with pytest.raises(InvalidArgument):
        rating_level(0)
    bucket = Counters()
    for score in (5, 2, 1, 3):
        bucket.record_rating(score)
    assert bucket.bad_ratings == 2
    assert bucket.ratings["very_satisfied"] == 1


def test_median_and_p90_come_from_the_histogram_by_nearest_rank() -> None:
    hist = Counter({1: 4, 2: 1, 3: 4, 10: 1})  # 10 cases
    assert quantile(hist, 0.5) == 2.0  # 5th of 10
    assert quantile(hist, 0.9) == 3.0  # 9th of 10
    assert quantile(Counter(), 0.5) == 0.0


def test_periods_start_on_monday_and_on_the_first_of_the_month() -> None:
    assert period_start(date(2026, 12, 2), "week") == date(2026, 11, 30)
    assert period_start(date(2026, 12, 2), "month") == date(2026, 12, 1)
    assert period_start(date(2026, 12, 2), "day") == date(2026, 12, 2)


def _day(day: date, handled: list[int], on_time_count: int) -> tuple[BucketKey, Counters]:
    counters = Counters(received=len(handled))
    for i, days in enumerate(handled):
        counters.record_decided(days)
        counters.record_closed(i < on_time_count)
    return BucketKey("health", "birth_registration", "central", day), counters


def test_a_month_is_the_exact_sum_of_its_days_median_included() -> None:
    rows = [
        _day(date(2026, 11, 2), [1, 1, 1], 3),
        _day(date(2026, 11, 3), [9, 9], 0),
        _day(date(2026, 11, 30), [2], 1),
        _day(date(2026, 12, 1), [20], 0),
    ]
    months = roll_up(rows, "month")
    nov = months[BucketKey("health", "birth_registration", "central", date(2026, 11, 1))]
    assert (nov.received, nov.decided, nov.closed, nov.closed_on_time) == (6, 6, 6, 4)
    # The median of all six handling times (1,1,1,2,9,9) -- not the median of daily medians.
    assert nov.median_days == 1.0
    assert nov.p90_days == 9.0
    weeks = roll_up(rows, "week")
    last = weeks[BucketKey("health", "birth_registration", "central", date(2026, 11, 30))]
    assert last.closed == 2 and last.handling_days == Counter({2: 1, 20: 1})


def test_query_filters_name_each_bad_field() -> None:
    with pytest.raises(InvalidArgument) as err:
        parse_query("2026-13-01", "", group_by="year")
    fields = {v.field for v in err.value.violations}
    assert fields == {"date_from", "date_to", "group_by"}
    with pytest.raises(InvalidArgument) as err:
        parse_query("2026-12-02", "2026-12-01")
    assert [v.field for v in err.value.violations] == ["date_to"]
    query = parse_query("2026-11-01", "2026-11-30", department="health")
    assert query.matches(BucketKey("health", "x", "o", date(2026, 11, 30)))
    assert not query.matches(BucketKey("health", "x", "o", date(2026, 12, 1)))
    assert not query.matches(BucketKey("civil", "x", "o", date(2026, 11, 5)))
