"""Open data: a month's handling statistics per department and service type, from the
statistics read model, with small counts suppressed here (the gateway only formats them)."""

from __future__ import annotations

from dataclasses import dataclass

from onewindow_cases.domain.open_data import OpenDataRow, build_rows, parse_month, suppress
from onewindow_cases.domain.statistics import StatisticsQuery
from onewindow_cases.service_layer.ports import Services
from onewindow_kit.errors import FailedPrecondition
from onewindow_kit.logging import get_logger

log = get_logger("onewindow.cases.open_data")


@dataclass(frozen=True)
class OpenDataTable:
    """What GetOpenDataStatistics answers."""

    month: str
    k: int
    complete: bool  # the month is over
    as_of: str
    rows: list[OpenDataRow]


def _known_pairs(deps: Services) -> list[tuple[str, str]]:
    """Every department x service type of the published catalogue (idle ones publish zeros)."""
    try:
        catalogue = deps.catalogues.published()
    except FailedPrecondition:  # nothing published yet: only what the buckets hold
        return []
    return [(st.department, st.code) for st in catalogue.service_types.values()]


def open_data_statistics(deps: Services, month: str) -> OpenDataTable:
    """The month's table (public figures: any authenticated caller may read it)."""
    today = deps.clock.today()
    first, last = parse_month(month, today)
    if deps.statistics is None:
        raise RuntimeError("statistics are not wired in this process")
    buckets = deps.statistics.day_buckets(StatisticsQuery(first, last, "month"))
    rows = suppress(build_rows(buckets, _known_pairs(deps)), deps.open_data_k)
    log.info("open_data_read", month=first.strftime("%Y-%m"), rows=len(rows))
    return OpenDataTable(
        month=first.strftime("%Y-%m"), k=deps.open_data_k, complete=last < today,
        as_of=today.isoformat(), rows=rows,
    )  # fmt: skip
