"""Working-day arithmetic over a holiday calendar (statutory time limits count working days)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

# Monday=0 ... Sunday=6
DEFAULT_WEEKEND = frozenset({5, 6})
_MAX_SCAN_DAYS = 3660  # a calendar with no working days must not loop forever


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are working days: weekdays minus holidays, plus make-up working weekends."""

    holidays: frozenset[date] = frozenset()
    working_weekends: frozenset[date] = frozenset()
    weekend: frozenset[int] = field(default=DEFAULT_WEEKEND)
    region: str = "default"

    @classmethod
    def of(
        cls,
        holidays: Iterable[date] = (),
        working_weekends: Iterable[date] = (),
        region: str = "default",
    ) -> WorkingCalendar:
        """A calendar from plain iterables."""
        return cls(frozenset(holidays), frozenset(working_weekends), DEFAULT_WEEKEND, region)

    def is_working_day(self, day: date) -> bool:
        """True on a working day."""
        if day in self.holidays:
            return False
        if day in self.working_weekends:
            return True
        return day.weekday() not in self.weekend

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (``start`` itself never counts)."""
        if days < 0:
            raise ValueError("days must not be negative")
        current, counted = start, 0
        for _ in range(_MAX_SCAN_DAYS):
            if counted == days:
                return current
            current += timedelta(days=1)
            if self.is_working_day(current):
                counted += 1
        raise ValueError("the calendar has no working days in ten years")

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in the interval (start, end]; 0 when end is not after start."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count
