"""The handling statistics on PostgreSQL: the consumer's ledger (upserts that add to a day
bucket, in the consumer's transaction) and the reads (a date range of day buckets by primary
key or day index; the live backlog from the partial index of open cases)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from onewindow_cases.domain.statistics import (
    RATING_LEVELS,
    BucketKey,
    Counters,
    StatisticsQuery,
    office_of,
)
from onewindow_cases.service_layer.read_model import Row
from onewindow_cases.service_layer.statistics_ports import CaseFacts

SCALARS = (
    "received", "decided", "closed", "closed_on_time", "supplements_requested", "withdrawals",
    "transfers_in", "transfers_out", "bad_ratings", "bad_ratings_remediated_on_time",
    "follow_ups_overdue",
)  # fmt: skip
COLUMNS = (*SCALARS, *(f"rating_{level}" for level in RATING_LEVELS))
KEY = ("department", "service_type", "office", "day")


def _values(delta: Counters) -> dict[str, int]:
    values = {name: int(getattr(delta, name)) for name in SCALARS}
    values.update({f"rating_{level}": delta.ratings.get(level, 0) for level in RATING_LEVELS})
    return values


class SqlStatisticsLedger:
    """``StatisticsLedger`` in one consumer transaction."""

    def __init__(self, session: Session, schema: str, timezone: str) -> None:
        self._s, self._schema, self._tz = session, schema, timezone

    def case_facts(self, case_id: str) -> CaseFacts | None:
        """The case row's facts (its days in the service's time zone)."""
        row = (
            self._s.execute(
                text(
                    "SELECT service_type, receiving_office, "
                    "(created_at AT TIME ZONE :tz)::date AS received_on, start_date, paused_days, "
                    "due_date, (decided_at AT TIME ZONE :tz)::date AS decided_on "
                    f"FROM {self._schema}.cases WHERE id = CAST(:id AS uuid)"
                ),
                {"tz": self._tz, "id": case_id},
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        return CaseFacts(
            service_type=row["service_type"], office=office_of(row["receiving_office"]),
            received_on=row["received_on"], start_date=row["start_date"],
            paused_days=row["paused_days"], due_date=row["due_date"],
            decided_on=row["decided_on"],
        )  # fmt: skip

    def add(self, key: BucketKey, delta: Counters) -> None:
        """Add to one day bucket (and its histogram bins)."""
        values = {k: v for k, v in _values(delta).items() if v}
        params: dict[str, Any] = {
            "department": key.department, "service_type": key.service_type,
            "office": key.office, "day": key.day,
        }  # fmt: skip
        if values:
            cols = ", ".join(values)
            sets = ", ".join(f"{c} = d.{c} + EXCLUDED.{c}" for c in values)
            self._s.execute(
                text(
                    f"INSERT INTO {self._schema}.stat_days AS d ({', '.join(KEY)}, {cols}) "
                    f"VALUES (:department, :service_type, :office, :day, "
                    f"{', '.join(':' + c for c in values)}) "
                    f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET {sets}"
                ),
                {**params, **values},
            )
        for days, cases in delta.handling_days.items():
            self._s.execute(
                text(
                    f"INSERT INTO {self._schema}.stat_handling AS h "
                    f"({', '.join(KEY)}, working_days, cases) "
                    "VALUES (:department, :service_type, :office, :day, :wd, :n) "
                    f"ON CONFLICT ({', '.join(KEY)}, working_days) "
                    "DO UPDATE SET cases = h.cases + EXCLUDED.cases"
                ),
                {**params, "wd": days, "n": cases},
            )


def _where(query: StatisticsQuery) -> tuple[str, dict[str, Any]]:
    clauses = ["day BETWEEN :date_from AND :date_to"]
    params: dict[str, Any] = {"date_from": query.date_from, "date_to": query.date_to}
    for name in ("department", "service_type", "office"):
        value = getattr(query, name)
        if value:
            clauses.append(f"{name} = :{name}")
            params[name] = value
    return " AND ".join(clauses), params


class SqlStatisticsReads:
    """``StatisticsReads`` on autocommit connections of ``engine``."""

    def __init__(self, engine: Engine, schema: str) -> None:
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._schema = schema

    def day_buckets(self, query: StatisticsQuery) -> list[tuple[BucketKey, Counters]]:
        """The day buckets and their histograms inside the filters."""
        where, params = _where(query)
        out: dict[BucketKey, Counters] = {}
        with self._engine.connect() as conn:
            days = conn.execute(
                text(f"SELECT {', '.join(KEY)}, {', '.join(COLUMNS)} "
                     f"FROM {self._schema}.stat_days WHERE {where}"),
                params,
            ).mappings().all()  # fmt: skip
            bins = conn.execute(
                text(f"SELECT {', '.join(KEY)}, working_days, cases "
                     f"FROM {self._schema}.stat_handling WHERE {where}"),
                params,
            ).mappings().all()  # fmt: skip
        for row in days:
            c = out.setdefault(_key(row), Counters())
            for name in SCALARS:
                setattr(c, name, row[name])
            c.ratings = Counter(
                {lv: row[f"rating_{lv}"] for lv in RATING_LEVELS if row[f"rating_{lv}"]}
            )
        for row in bins:
            out.setdefault(_key(row), Counters()).handling_days[row["working_days"]] += row["cases"]
        return list(out.items())

    def live_backlog(self, department: str, office: str, today: date, soon: date) -> list[Row]:
        """Open cases per department and receiving office ("" = online), counted now."""
        clauses = ["clock <> 'stopped'"]
        params: dict[str, Any] = {"today": today, "soon": soon}
        if department:
            clauses.append("responsible_department = :department")
            params["department"] = department
        if office:
            clauses.append("receiving_office = :office")
            params["office"] = "" if office == office_of("") else office
        sql = (
            "SELECT responsible_department AS department, receiving_office AS office, "
            "count(*) AS open, "
            "count(*) FILTER (WHERE clock = 'running' AND due_date BETWEEN :today AND :soon) "
            "AS due_soon, "
            "count(*) FILTER (WHERE clock = 'running' AND due_date < :today) AS overdue "
            f"FROM {self._schema}.cases WHERE {' AND '.join(clauses)} "
            "GROUP BY responsible_department, receiving_office"
        )
        with self._engine.connect() as conn:
            rows = conn.execute(text(sql), params).mappings().all()
        return [{**r, "office": office_of(r["office"])} for r in rows]


def _key(row: Any) -> BucketKey:
    return BucketKey(row["department"], row["service_type"], row["office"], row["day"])
