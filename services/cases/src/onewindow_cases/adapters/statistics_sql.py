"""The handling statistics on PostgreSQL: the consumer's ledger (a polled batch's deltas added to
the day buckets with two multi-row upserts, in the consumer's transaction) and the reads (a date
range of day buckets by primary key or day index; the live backlog from the partial index of
open cases)."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
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


def _uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _unnest(columns: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"CAST(:{name} AS {sql_type}[])" for name, sql_type in columns)


_KEY_TYPES = (("department", "text"), ("service_type", "text"), ("office", "text"), ("day", "date"))


class SqlStatisticsLedger:
    """``StatisticsLedger`` in one consumer transaction: a batch's deltas go in with two
    statements, one row per bucket in each (INSERT ... SELECT FROM unnest of one array per
    column, ON CONFLICT adding to the row). Rows are sorted by key, so two consumers adding to
    the same buckets lock them in the same order and never deadlock."""

    def __init__(self, session: Session, schema: str, timezone: str) -> None:
        self._s, self._schema, self._tz = session, schema, timezone
        key = ", ".join(KEY)
        self._facts = text(
            "SELECT id::text AS id, service_type, receiving_office, "
            "(created_at AT TIME ZONE :tz)::date AS received_on, start_date, paused_days, "
            "due_date, (decided_at AT TIME ZONE :tz)::date AS decided_on "
            f"FROM {schema}.cases WHERE id = ANY(CAST(:ids AS uuid[]))"
        )
        sets = ", ".join(f"{c} = d.{c} + EXCLUDED.{c}" for c in COLUMNS)
        self._days = text(
            f"INSERT INTO {schema}.stat_days AS d ({key}, {', '.join(COLUMNS)}) "
            f"SELECT * FROM unnest({_unnest([*_KEY_TYPES, *((c, 'bigint') for c in COLUMNS)])}) "
            f"ON CONFLICT ({key}) DO UPDATE SET {sets}"
        )
        self._bins = text(
            f"INSERT INTO {schema}.stat_handling AS h ({key}, working_days, cases) "
            f"SELECT * FROM unnest({_unnest([*_KEY_TYPES, ('wd', 'int'), ('n', 'bigint')])}) "
            f"ON CONFLICT ({key}, working_days) DO UPDATE SET cases = h.cases + EXCLUDED.cases"
        )

    def case_facts(self, case_ids: Collection[str]) -> dict[str, CaseFacts]:
        """The case rows' facts (their days in the service's time zone), in one query."""
        ids = sorted(i for i in case_ids if _uuid(i))
        if not ids:
            return {}
        rows = self._s.execute(self._facts, {"tz": self._tz, "ids": ids}).mappings()
        return {
            row["id"]: CaseFacts(
                service_type=row["service_type"],
                office=office_of(row["receiving_office"]),
                received_on=row["received_on"],
                start_date=row["start_date"],
                paused_days=row["paused_days"],
                due_date=row["due_date"],
                decided_on=row["decided_on"],
            )
            for row in rows
        }

    def add(self, deltas: Mapping[BucketKey, Counters]) -> None:
        """Add every bucket's delta (and its histogram bins): one statement per table."""
        keys = sorted(deltas, key=_order)
        days = {**_key_arrays(keys), **{c: [] for c in COLUMNS}}
        for key in keys:
            for name, value in _values(deltas[key]).items():
                days[name].append(value)
        self._s.execute(self._days, days)
        bins = [
            (key, wd, deltas[key].handling_days[wd])
            for key in keys
            for wd in sorted(deltas[key].handling_days)
            if deltas[key].handling_days[wd]
        ]
        if bins:
            params = _key_arrays([key for key, _, _ in bins])
            params.update(wd=[wd for _, wd, _ in bins], n=[n for _, _, n in bins])
            self._s.execute(self._bins, params)


def _order(key: BucketKey) -> tuple[str, str, str, date]:
    return (key.department, key.service_type, key.office, key.day)


def _key_arrays(keys: Sequence[BucketKey]) -> dict[str, list[Any]]:
    return {name: [getattr(k, name) for k in keys] for name, _ in _KEY_TYPES}


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
