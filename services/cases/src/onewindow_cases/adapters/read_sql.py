"""Read side: queue pages, citizen lists, search, logs and aggregates; keyset pagination only
(no OFFSET), each query shaped for one index."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    exists,
    func,
    literal,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import Session

from onewindow_cases.adapters.tables import (
    SCHEMA,
    access_log,
    cases,
    deadline_alerts,
    follow_up_tasks,
    ratings,
)
from onewindow_cases.service_layer.read_model import FOLLOW_UP_OVERDUE, QueueFilter, SearchScope
from onewindow_kit.db import driver_rows

SUMMARY = [
    cases.c.id, cases.c.case_number, cases.c.catalogue_version, cases.c.service_type,
    cases.c.responsible_department, cases.c.receiving_office, cases.c.applicant_id,
    cases.c.status, cases.c.clock, cases.c.due_date, cases.c.assignee, cases.c.bundle_id,
    cases.c.version, cases.c.created_at,
]  # fmt: skip


def _beyond(columns: Sequence[Any], values: tuple, descending: bool) -> ColumnElement[bool]:
    """Keyset condition: rows after the cursor in (columns) order, typed like the columns."""
    left = tuple_(*columns)
    right = tuple_(*[literal(v, c.type) for c, v in zip(columns, values, strict=True)])
    return left < right if descending else left > right


def _rows(session: Session, query: Any) -> list[dict[str, Any]]:
    result = session.execute(query)
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result.fetchall()]


# The two hottest reads (a department's queue, a citizen's list) go straight to the driver with
# SQL built once per filter shape: no per-request statement construction, no row processing
# beyond psycopg's own, and psycopg prepares them server-side after a few uses per connection.
_SUMMARY_SQL = (
    "c.id::text AS id, c.case_number, c.catalogue_version, c.service_type, "
    "c.responsible_department, c.receiving_office, c.applicant_id, c.status, c.clock, "
    "c.due_date, c.assignee, c.bundle_id::text AS bundle_id, c.version, c.created_at"
)


@lru_cache(maxsize=256)
def _queue_sql(shape: tuple) -> str:
    schema = SCHEMA
    statuses, types, office, due, assignee, after = shape
    where = ["responsible_department = %(dept)s", "due_date IS NOT NULL"]
    if types:
        where.append(f"service_type IN ({', '.join(f'%(t{i})s' for i in range(types))})")
    if office:
        where.append("receiving_office = %(office)s")
    if due:
        where.append("due_date <= %(due)s")
    if assignee:
        where.append("assignee = %(assignee)s")
    if after:
        where.append("(due_date, id) > (%(after_due)s, %(after_id)s::uuid)")
    cond = " AND ".join(where)
    # Only columns of ix_cases_queue (keys + INCLUDE): index-only scans, filters in the index.
    branches = " UNION ALL ".join(
        f'(SELECT id, due_date FROM "{schema}".cases WHERE status = %(s{i})s AND {cond} '
        "ORDER BY due_date, id LIMIT %(limit)s)"
        for i in range(statuses)
    )
    return (
        f"SELECT {_SUMMARY_SQL} FROM (SELECT id, due_date FROM ({branches}) AS u "
        f'ORDER BY due_date, id LIMIT %(limit)s) AS k JOIN "{schema}".cases AS c ON c.id = k.id '
        "ORDER BY k.due_date, k.id"
    )


def queue_page(
    session: Session, f: QueueFilter, after: tuple | None, limit: int
) -> list[dict[str, Any]]:
    """Earliest due first. One index range per status, merged: each branch reads at most
    ``limit`` entries of (department, status, due_date, id); then the page's rows are fetched."""
    shape = (
        len(f.statuses), len(f.service_types), bool(f.receiving_office),
        f.due_on_or_before is not None, f.assignee is not None, after is not None,
    )  # fmt: skip
    params: dict[str, Any] = {"dept": f.department, "limit": limit, "office": f.receiving_office,
                              "due": f.due_on_or_before, "assignee": f.assignee}  # fmt: skip
    params.update({f"s{i}": status for i, status in enumerate(f.statuses)})
    params.update({f"t{i}": code for i, code in enumerate(f.service_types)})
    if after is not None:
        params.update(after_due=after[0], after_id=str(after[1]))
    return driver_rows(session, _queue_sql(shape), params)


@lru_cache(maxsize=16)
def _citizen_sql(open_only: bool, after: bool, scoped: bool = False) -> str:
    schema = SCHEMA
    where = ["applicant_id = %(applicant)s"]
    if scoped:
        where.append("service_type = ANY(%(types)s)")
    if open_only:
        where.append("clock <> 'stopped'")
    if after:
        where.append("(created_at, id) < (%(after_at)s, %(after_id)s::uuid)")
    return (
        f'SELECT {_SUMMARY_SQL} FROM "{schema}".cases AS c WHERE {" AND ".join(where)} '
        "ORDER BY created_at DESC, id DESC LIMIT %(limit)s"
    )


def citizen_page(
    session: Session, applicant_id: str, open_only: bool, after: tuple | None,
    limit: int, service_types: frozenset[str] | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """A citizen's own cases, newest first (index: applicant_id, created_at desc, id desc);
    only of ``service_types`` when given (a representative's mandate scope)."""
    params: dict[str, Any] = {"applicant": applicant_id, "limit": limit}
    if after is not None:
        params.update(after_at=after[0], after_id=str(after[1]))
    if service_types is not None:
        params["types"] = sorted(service_types)
    sql = _citizen_sql(open_only, after is not None, service_types is not None)
    return driver_rows(session, sql, params)


@lru_cache(maxsize=8)
def _bundles_sql(after: bool, scoped: bool) -> str:
    schema = SCHEMA
    where = ["b.applicant_id = %(applicant)s"]
    if scoped:  # no part outside the mandate's service types
        where.append(
            f'NOT EXISTS (SELECT 1 FROM "{schema}".cases AS c WHERE c.bundle_id = b.id '
            "AND NOT c.service_type = ANY(%(types)s))"
        )
    if after:
        where.append("(b.created_at, b.id) < (%(after_at)s, %(after_id)s::uuid)")
    return (
        "SELECT b.id::text AS id, b.bundle_number, b.bundle_type, b.catalogue_version, "
        "b.applicant_id, b.submitted_by, b.form, b.parts_total, b.state, b.outcome, "
        f'b.created_at, b.completed_at FROM "{schema}".bundles AS b WHERE {" AND ".join(where)} '
        "ORDER BY b.created_at DESC, b.id DESC LIMIT %(limit)s"
    )


def bundles_page(
    session: Session, applicant_id: str, after: tuple | None, limit: int,
    service_types: frozenset[str] | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """A citizen's bundles, newest first; with ``service_types``, only bundles none of whose
    parts lies outside them. Straight to the driver, like citizen_page (a dashboard read)."""
    params: dict[str, Any] = {"applicant": applicant_id, "limit": limit}
    if after is not None:
        params.update(after_at=after[0], after_id=str(after[1]))
    if service_types is not None:
        params["types"] = sorted(service_types)
    return driver_rows(session, _bundles_sql(after is not None, service_types is not None), params)


_PARTS_SQL = (
    f"SELECT {_SUMMARY_SQL}, c.bundle_part, c.decision "
    f'FROM "{SCHEMA}".cases AS c WHERE c.bundle_id = ANY(%(ids)s::uuid[]) '
    "ORDER BY c.bundle_id, c.bundle_part"
)


def parts_summaries(session: Session, bundle_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Summaries of the parts of several bundles (in part order)."""
    if not bundle_ids:
        return []
    return driver_rows(session, _PARTS_SQL, {"ids": [str(i) for i in bundle_ids]})


def search_page(
    session: Session, scope: SearchScope, terms: dict[str, str], after: tuple | None, limit: int
) -> list[dict[str, Any]]:
    """Staff search by case number, applicant or external reference (newest first)."""
    q = select(*SUMMARY)
    for name, value in terms.items():
        if value:
            q = q.where(cases.c[name] == value)
    if not scope.everything:
        allowed = [cases.c.responsible_department == scope.department]
        if scope.office:
            allowed += [
                cases.c.receiving_office == scope.office,
                cases.c.delivery_office == scope.office,
            ]
        q = q.where(or_(*allowed))
    if after is not None:
        q = q.where(_beyond([cases.c.created_at, cases.c.id], after, True))
    return _rows(session, q.order_by(cases.c.created_at.desc(), cases.c.id.desc()).limit(limit))


def access_log_page(
    session: Session, applicant_id: str, case_id: str, after_id: int | None, limit: int,
    service_types: frozenset[str] | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Reads of a citizen's cases by staff, newest first (of cases of ``service_types``)."""
    q = select(access_log).where(access_log.c.applicant_id == applicant_id)
    if service_types is not None:
        covered = select(cases.c.id).where(
            cases.c.applicant_id == applicant_id, cases.c.service_type.in_(sorted(service_types))
        )
        q = q.where(access_log.c.case_id.in_(covered))
    if case_id:
        q = q.where(access_log.c.case_id == case_id)
    if after_id is not None:
        q = q.where(access_log.c.id < after_id)
    return _rows(session, q.order_by(access_log.c.id.desc()).limit(limit))


def follow_up_page(
    session: Session, department: str, open_only: bool, after: tuple | None, limit: int
) -> list[dict[str, Any]]:
    """A department's follow-up tasks, newest first."""
    q = select(follow_up_tasks).where(follow_up_tasks.c.department == department)
    if open_only:
        q = q.where(follow_up_tasks.c.state == "open")
    if after is not None:
        q = q.where(_beyond([follow_up_tasks.c.created_at, follow_up_tasks.c.id], after, True))
    order = (follow_up_tasks.c.created_at.desc(), follow_up_tasks.c.id.desc())
    return _rows(session, q.order_by(*order).limit(limit))


def rating_summary(session: Session, group_by: str, department: str) -> list[dict[str, Any]]:
    """Count, average and distribution of scores per department, office or service type."""
    key = ratings.c[group_by]
    per_score = [func.count().filter(ratings.c.score == s).label(f"s{s}") for s in range(1, 6)]
    q = select(
        key.label("key"), func.count().label("count"), func.avg(ratings.c.score).label("average"),
        *per_score,
    ).group_by(key).order_by(key)  # fmt: skip
    if department:
        q = q.where(ratings.c.department == department)
    return _rows(session, q)


def due_for_alert(
    session: Session, threshold: str, today: date, batch: int
) -> list[dict[str, Any]]:
    """Running cases past the warning date (approaching) or the due date (overdue) that were
    not alerted for that threshold yet."""
    column = cases.c.warn_date if threshold == "approaching" else cases.c.due_date
    reached = column <= today if threshold == "approaching" else column < today
    alerted = exists().where(
        and_(deadline_alerts.c.case_id == cases.c.id, deadline_alerts.c.threshold == threshold)
    )
    q = (
        select(*SUMMARY, cases.c.time_limit_days, cases.c.extension_days)
        .where(cases.c.clock == "running", reached, ~alerted)
        .order_by(column)
        .limit(batch)
    )
    return _rows(session, q)


def follow_ups_due_for_alert(session: Session, today: date, batch: int) -> list[dict[str, Any]]:
    """Open follow-up tasks past their due date (the partial index ix_follow_up_open_due) that
    have no follow_up_overdue alert yet (one task per case: the alert is keyed by case)."""
    alerted = exists().where(
        and_(
            deadline_alerts.c.case_id == follow_up_tasks.c.case_id,
            deadline_alerts.c.threshold == FOLLOW_UP_OVERDUE,
        )
    )
    q = (
        select(follow_up_tasks)
        .where(
            follow_up_tasks.c.state == "open",
            follow_up_tasks.c.due_date.is_not(None),
            follow_up_tasks.c.due_date < today,
            ~alerted,
        )
        .order_by(follow_up_tasks.c.due_date, follow_up_tasks.c.id)
        .limit(batch)
    )
    return _rows(session, q)
