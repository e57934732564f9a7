"""Working days, holidays, pauses and the one extension move due dates the way a citizen
reading the statutory time limit would expect."""

from datetime import date

import pytest

from onewindow_cases.domain.calendar import WorkingCalendar
from onewindow_cases.domain.deadline import PAUSED, RUNNING, STOPPED, WAITING, Deadline
from onewindow_kit.errors import FailedPrecondition, InvalidArgument


@pytest.fixture()
def cal(catalogue):
    return catalogue.calendar


def test_weekends_are_not_counted(cal):
    # Monday + 5 working days = next Monday
    assert cal.add_working_days(date(2027, 3, 1), 5) == date(2027, 3, 8)
    # Friday + 1 working day = Monday
    assert cal.add_working_days(date(2027, 3, 5), 1) == date(2027, 3, 8)


def test_public_holidays_are_skipped(cal):
    # Spring Festival 6-12 Feb 2027: from Friday 5 Feb, 3 working days end on Wednesday 17 Feb
    assert cal.add_working_days(date(2027, 2, 5), 3) == date(2027, 2, 17)
    # New Year's Day is a holiday, then the weekend
    assert cal.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_make_up_working_weekend_counts():
    saturday = date(2027, 3, 6)
    cal = WorkingCalendar.of(holidays=[], working_weekends=[saturday])
    assert cal.is_working_day(saturday)
    assert cal.add_working_days(date(2027, 3, 5), 1) == saturday


def test_working_days_between_excludes_start_and_includes_end(cal):
    assert cal.working_days_between(date(2027, 3, 1), date(2027, 3, 1)) == 0
    assert cal.working_days_between(date(2027, 3, 1), date(2027, 3, 8)) == 5
    assert cal.working_days_between(date(2027, 2, 5), date(2027, 2, 15)) == 1


def test_due_date_is_time_limit_working_days_after_start(cal):
    d = Deadline(time_limit_days=5, start_date=date(2027, 4, 29))
    # 30 Apr (Fri) is day 1; 1-5 May holiday; 6 May (Thu) day 2, 7 May day 3, 10 May day 4,
    # 11 May day 5
    assert d.due_date(cal) == date(2027, 5, 11)
    assert d.state == RUNNING


def test_pause_for_supplement_moves_due_date_by_paused_working_days(cal):
    d = Deadline(time_limit_days=5, start_date=date(2027, 3, 1))
    assert d.due_date(cal) == date(2027, 3, 8)
    paused = d.pause(date(2027, 3, 3))  # Wednesday
    assert paused.state == PAUSED
    resumed = paused.resume(cal, date(2027, 3, 9))  # next Tuesday: Thu, Fri, Mon, Tue = 4 days
    assert resumed.paused_days == 4
    assert resumed.due_date(cal) == date(2027, 3, 12)
    assert resumed.state == RUNNING


def test_pause_over_weekend_only_counts_working_days(cal):
    d = Deadline(time_limit_days=3, start_date=date(2027, 3, 1)).pause(date(2027, 3, 5))
    resumed = d.resume(cal, date(2027, 3, 7))  # Friday → Sunday: no working day lost
    assert resumed.paused_days == 0
    assert resumed.due_date(cal) == date(2027, 3, 4)


def test_elapsed_days_stop_counting_while_paused(cal):
    d = Deadline(time_limit_days=10, start_date=date(2027, 3, 1)).pause(date(2027, 3, 3))
    assert d.elapsed_days(cal, date(2027, 3, 12)) == 2


def test_one_extension_with_reason_where_allowed(cal):
    d = Deadline(time_limit_days=10, start_date=date(2027, 3, 1))
    extended = d.extend(5, "expert opinion needed", allowed=True, max_days=10)
    assert extended.due_date(cal) == cal.add_working_days(date(2027, 3, 1), 15)
    with pytest.raises(FailedPrecondition, match="already extended"):
        extended.extend(2, "again", allowed=True, max_days=10)


def test_extension_refused_when_not_allowed_or_without_reason(cal):
    d = Deadline(time_limit_days=3, start_date=date(2027, 3, 1))
    with pytest.raises(FailedPrecondition, match="does not allow"):
        d.extend(2, "busy", allowed=False, max_days=0)
    with pytest.raises(InvalidArgument) as bad:
        d.extend(2, "  ", allowed=True, max_days=3)
    assert bad.value.violations[0].field == "reason"
    with pytest.raises(InvalidArgument) as too_long:
        d.extend(4, "busy", allowed=True, max_days=3)
    assert too_long.value.violations[0].field == "working_days"


def test_warning_date_at_80_percent_of_allowed_days(cal):
    d = Deadline(time_limit_days=10, start_date=date(2027, 3, 1))
    assert d.warn_date(cal, 80) == cal.add_working_days(date(2027, 3, 1), 8)
    short = Deadline(time_limit_days=1, start_date=date(2027, 3, 1))
    assert short.warn_date(cal, 80) == short.due_date(cal)


def test_waiting_part_has_no_due_date_until_started(cal):
    d = Deadline(time_limit_days=5)
    assert d.state == WAITING and d.due_date(cal) is None
    assert d.start(date(2027, 3, 1)).due_date(cal) == date(2027, 3, 8)


def test_stopped_clock_keeps_paused_days(cal):
    d = Deadline(time_limit_days=5, start_date=date(2027, 3, 1)).pause(date(2027, 3, 2))
    stopped = d.stop(cal, date(2027, 3, 4))
    assert stopped.state == STOPPED
    assert stopped.paused_days == 2
