"""Dates and date ranges in catalogue documents (holiday calendars)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from onewindow_cases.domain.catalogue_problems import Problems

_MAX_RANGE_DAYS = 366


def _one(value: Any) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def parse_dates(p: Problems, raw: Any, path: str) -> list[date]:
    """Days from a list of dates and ``{from: ..., to: ...}`` ranges (inclusive)."""
    out: list[date] = []
    for i, item in enumerate(raw or []):
        try:
            if isinstance(item, Mapping):
                first, last = _one(item["from"]), _one(item["to"])
                if last < first or (last - first).days > _MAX_RANGE_DAYS:
                    p.add(f"{path}[{i}]", "'to' must be on or after 'from', within a year")
                    continue
                out.extend(first + timedelta(days=n) for n in range((last - first).days + 1))
            else:
                out.append(_one(item))
        except (KeyError, ValueError, TypeError):
            p.add(f"{path}[{i}]", "must be YYYY-MM-DD or {from: YYYY-MM-DD, to: YYYY-MM-DD}")
    return out
