"""Open data: a month's handling statistics per department and service type, with totals, and
small counts suppressed before anything leaves the service.

Suppression (threshold k, default 5):
- primary: a non-zero count below k is suppressed; zeros are published;
- the median handling time is suppressed when fewer than k decisions lie behind it;
- complementary: a department's total row is the sum of its service-type rows, and the city row
  the sum of the department totals. In any such group (a total and its parts, one column) a single
  suppressed cell could be computed back from the others, so a second one is suppressed: the
  smallest non-zero published part, or the total when no part qualifies. Repeated until no group
  has exactly one suppressed cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from onewindow_cases.domain.statistics import BucketKey, Counters
from onewindow_kit.errors import InvalidArgument

DEFAULT_K = 5
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
COUNT_COLUMNS = (
    "received",
    "closed",
    "closed_on_time",
    "ratings_very_satisfied",
    "ratings_satisfied",
    "ratings_neutral",
    "ratings_dissatisfied",
    "ratings_very_dissatisfied",
    "bad_ratings_remediated_on_time",
)
TOTAL = ""  # the service type of a department's total row; the department of the city's row


@dataclass
class Cell:
    """One published count."""

    value: int
    suppressed: bool = False


@dataclass
class OpenDataRow:
    """One row of the monthly table: a department x service type, or a total."""

    department: str
    service_type: str
    counts: dict[str, Cell] = field(default_factory=dict)
    decided: int = 0
    median: float = 0.0
    median_suppressed: bool = False

    @property
    def key(self) -> tuple[str, str]:
        """(department, service type); "" marks a total."""
        return (self.department, self.service_type)


def parse_month(text: str, today: date) -> tuple[date, date]:
    """The first and last day of a YYYY-MM month that is not after ``today``'s month."""
    found = MONTH.match(text.strip())
    if not found or int(found.group(1)) < 1900:
        raise InvalidArgument("month", "must be a month YYYY-MM (from 1900)")
    first = date(int(found.group(1)), int(found.group(2)), 1)
    if first > today.replace(day=1):
        raise InvalidArgument("month", "must not be after the current month")
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def _counts(c: Counters) -> dict[str, Cell]:
    values = {
        "received": c.received,
        "closed": c.closed,
        "closed_on_time": c.closed_on_time,
        "bad_ratings_remediated_on_time": c.bad_ratings_remediated_on_time,
        **{f"ratings_{level}": c.ratings.get(level, 0) for level in _LEVELS},
    }
    return {name: Cell(values[name]) for name in COUNT_COLUMNS}


_LEVELS = ("very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied")


def build_rows(
    buckets: Iterable[tuple[BucketKey, Counters]], known: Iterable[tuple[str, str]] = ()
) -> list[OpenDataRow]:
    """Sum a month's day buckets (every office) per department x service type, add each
    department's total row and the city's; ``known`` pairs appear with zeros when idle."""
    sums: dict[tuple[str, str], Counters] = {pair: Counters() for pair in known}
    for key, counters in buckets:
        pair = (key.department, key.service_type)
        for total in (pair, (key.department, TOTAL), (TOTAL, TOTAL)):
            sums.setdefault(total, Counters()).add(counters)
    for department, _ in list(sums):
        sums.setdefault((department, TOTAL), Counters())
    sums.setdefault((TOTAL, TOTAL), Counters())
    rows = []
    for (department, service_type), c in sorted(sums.items(), key=lambda kv: _order(kv[0])):
        rows.append(
            OpenDataRow(
                department, service_type, _counts(c), decided=c.decided, median=c.median_days
            )
        )
    return rows


def _order(pair: tuple[str, str]) -> tuple:
    # the city row last, each department's total after its service types
    department, service_type = pair
    return (department == TOTAL, department, service_type == TOTAL, service_type)


def suppress(rows: list[OpenDataRow], k: int = DEFAULT_K) -> list[OpenDataRow]:
    """Apply primary and complementary suppression in place; returns ``rows``."""
    if k < 1:
        raise ValueError("k must be at least 1")
    for row in rows:
        for cell in row.counts.values():
            cell.suppressed = 0 < cell.value < k
        row.median_suppressed = 0 < row.decided < k
    groups = _groups(rows)
    for column in COUNT_COLUMNS:
        while any(_complement(total, parts, column) for total, parts in groups):
            pass
    return rows


def _groups(rows: list[OpenDataRow]) -> list[tuple[OpenDataRow, list[OpenDataRow]]]:
    by_key = {row.key: row for row in rows}
    departments = sorted({r.department for r in rows if r.department != TOTAL})
    groups = [
        (by_key[(d, TOTAL)], [r for r in rows if r.department == d and r.service_type != TOTAL])
        for d in departments
    ]
    groups.append((by_key[(TOTAL, TOTAL)], [by_key[(d, TOTAL)] for d in departments]))
    return groups


def _complement(total: OpenDataRow, parts: list[OpenDataRow], column: str) -> bool:
    """Suppress one more cell when the group has exactly one suppressed; True if it did."""
    cells = [total.counts[column], *(p.counts[column] for p in parts)]
    if sum(c.suppressed for c in cells) != 1:
        return False
    candidates = [p.counts[column] for p in parts if p.counts[column].value > 0]
    candidates = [c for c in candidates if not c.suppressed]
    if candidates:
        min(candidates, key=lambda c: c.value).suppressed = True
        return True
    if total.counts[column].suppressed:  # cannot happen (a suppressed total has a part > 0)
        return False
    total.counts[column].suppressed = True
    return True
