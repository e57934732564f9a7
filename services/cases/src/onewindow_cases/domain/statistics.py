"""Handling statistics arithmetic: per-day counters and working-day histograms that roll up.

A day bucket is keyed by department x service type x office x day. Handling times are kept as
histograms (working days -> cases), never as medians, so a week or a month is the exact sum of
its days and its median and p90 are computed from the summed histogram.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from onewindow_cases.domain.calendar import WorkingCalendar
from onewindow_kit.errors import InvalidArgument, Validator

GROUPINGS = ("day", "week", "month")
# The national five-level rule; today's scores 1..5 map onto it (5 = very satisfied).
RATING_LEVELS = (
    "very_satisfied",
    "satisfied",
    "neutral",
    "dissatisfied",
    "very_dissatisfied",
)
MAX_RANGE_DAYS = 3660
ONLINE = "online"  # the office of an application nobody took in at a hall (as ratings say)


def office_of(receiving_office: str) -> str:
    """The statistics' office: the receiving office, or "online"."""
    return receiving_office or ONLINE


def rating_level(score: int) -> str:
    """The five-level name of a 1..5 score."""
    if not 1 <= score <= 5:
        raise InvalidArgument("score", "must be between 1 and 5")
    return RATING_LEVELS[5 - score]


def is_bad_rating(level: str) -> bool:
    """Dissatisfied or worse: counted as a bad rating (and opens a follow-up)."""
    return level in ("dissatisfied", "very_dissatisfied")


def handling_working_days(
    calendar: WorkingCalendar, received: date, decided: date, paused_days: int = 0
) -> int:
    """Working days from receipt to decision, pauses (supplements, suspensions) excluded."""
    return max(0, calendar.working_days_between(received, decided) - paused_days)


def on_time(decided: date, due: date | None) -> bool:
    """Decided on or before the due date (a case with no due date yet cannot be late)."""
    return due is None or decided <= due


def period_start(day: date, group_by: str) -> date:
    """The first day of the day / ISO week (Monday) / month that holds ``day``."""
    if group_by == "day":
        return day
    if group_by == "week":
        return day - timedelta(days=day.weekday())
    if group_by == "month":
        return day.replace(day=1)
    raise InvalidArgument("group_by", f"must be one of {', '.join(GROUPINGS)}")


def quantile(histogram: Mapping[int, int], q: float) -> float:
    """The q-quantile (0 < q <= 1) of a working-days histogram, nearest-rank; 0 when empty."""
    total = sum(histogram.values())
    if total == 0:
        return 0.0
    rank = max(1, math.ceil(round(q * total, 9)))  # round: 0.9 * 10 must not become 9.000001
    seen = 0
    for days in sorted(histogram):
        seen += histogram[days]
        if seen >= rank:
            return float(days)
    return float(max(histogram))


@dataclass(frozen=True)
class BucketKey:
    """One statistics row's dimensions."""

    department: str
    service_type: str
    office: str
    day: date


@dataclass
class Counters:
    """What happened in one bucket (a day, or a rolled-up period)."""

    received: int = 0
    decided: int = 0
    closed: int = 0
    closed_on_time: int = 0
    supplements_requested: int = 0
    withdrawals: int = 0
    transfers_in: int = 0
    transfers_out: int = 0
    bad_ratings: int = 0
    # Of the bad ratings of the bucket's day: follow-ups remediated within their 15 working
    # days, and follow-ups that went overdue (both counted on the rating's day).
    bad_ratings_remediated_on_time: int = 0
    follow_ups_overdue: int = 0
    ratings: Counter[str] = field(default_factory=Counter)
    handling_days: Counter[int] = field(default_factory=Counter)

    def add(self, other: Counters) -> None:
        """Sum another bucket into this one (exact: histograms add bin by bin)."""
        for name in _SCALARS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.ratings.update(other.ratings)
        self.handling_days.update(other.handling_days)

    def record_decided(self, working_days: int) -> None:
        """A decision after ``working_days`` of handling (the histogram counts decisions)."""
        if working_days < 0:
            raise ValueError("handling time must not be negative")
        self.decided += 1
        self.handling_days[working_days] += 1

    def record_closed(self, was_on_time: bool) -> None:
        """A case closed; on time when it was decided on or before its due date."""
        self.closed += 1
        self.closed_on_time += int(was_on_time)

    def record_rating(self, score: int) -> None:
        """One applicant's rating, by level."""
        level = rating_level(score)
        self.ratings[level] += 1
        self.bad_ratings += int(is_bad_rating(level))

    @property
    def median_days(self) -> float:
        """Median handling time in working days."""
        return quantile(self.handling_days, 0.5)

    @property
    def p90_days(self) -> float:
        """90th percentile of handling time in working days."""
        return quantile(self.handling_days, 0.9)


_SCALARS = (
    "received",
    "decided",
    "closed",
    "closed_on_time",
    "supplements_requested",
    "withdrawals",
    "transfers_in",
    "transfers_out",
    "bad_ratings",
    "bad_ratings_remediated_on_time",
    "follow_ups_overdue",
)


def roll_up(rows: Iterable[tuple[BucketKey, Counters]], group_by: str) -> dict[BucketKey, Counters]:
    """Sum day buckets into day / week / month periods (key day = the period's first day)."""
    out: dict[BucketKey, Counters] = {}
    for key, counters in rows:
        period = replace(key, day=period_start(key.day, group_by))
        out.setdefault(period, Counters()).add(counters)
    return out


@dataclass(frozen=True)
class StatisticsQuery:
    """Validated filters of GetStatistics."""

    date_from: date
    date_to: date
    group_by: str = "day"
    department: str = ""
    service_type: str = ""
    office: str = ""

    def matches(self, key: BucketKey) -> bool:
        """True when a day bucket falls inside the filters."""
        return (
            self.date_from <= key.day <= self.date_to
            and (not self.department or key.department == self.department)
            and (not self.service_type or key.service_type == self.service_type)
            and (not self.office or key.office == self.office)
        )


def parse_query(
    date_from: str,
    date_to: str,
    group_by: str = "",
    department: str = "",
    service_type: str = "",
    office: str = "",
) -> StatisticsQuery:
    """Check the filters, naming each bad field; dates are ISO (YYYY-MM-DD), both inclusive."""
    v = Validator()
    start, end = _parse_day(date_from, "date_from", v), _parse_day(date_to, "date_to", v)
    group_by = group_by or "day"
    if group_by not in GROUPINGS:
        v.add("group_by", f"must be one of {', '.join(GROUPINGS)}")
    if start and end and end < start:
        v.add("date_to", "must not be before date_from")
    elif start and end and (end - start).days > MAX_RANGE_DAYS:
        v.add("date_to", f"the range must be at most {MAX_RANGE_DAYS} days")
    v.raise_if_any()
    assert start is not None and end is not None  # Validator raised otherwise
    return StatisticsQuery(start, end, group_by, department, service_type, office)


def _parse_day(text: str, name: str, v: Validator) -> date | None:
    if not text:
        v.add(name, "is required (YYYY-MM-DD)")
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        v.add(name, "must be a date YYYY-MM-DD")
        return None
