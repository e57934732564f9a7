"""The cases schema as SQLAlchemy Core tables (typed columns; rows map to domain dataclasses
explicitly in the repositories, which keeps the write path lean and the version checks visible)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    SmallInteger,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

SCHEMA = "cases"
SOURCE = "cases"  # the event source and Kafka domain (onewindow.cases.v1)
metadata = MetaData(schema=SCHEMA)


def _uuid(name: str, **kw: Any) -> Column:
    return Column(name, UUID(as_uuid=False), **kw)


def _ts(name: str, **kw: Any) -> Column:
    return Column(name, DateTime(timezone=True), **kw)


catalogue_versions = Table(
    "catalogue_versions",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("state", Text, nullable=False),
    Column("label", Text, nullable=False, default=""),
    Column("checksum", Text, nullable=False),
    Column("source", Text, nullable=False),
    _ts("loaded_at", nullable=False),
    Column("loaded_by", Text, nullable=False),
    _ts("published_at"),
    Column("published_by", Text, nullable=False, default=""),
    Column("service_type_count", Integer, nullable=False),
    Column("bundle_count", Integer, nullable=False),
)

bundles = Table(
    "bundles",
    metadata,
    _uuid("id", primary_key=True),
    Column("bundle_number", Text, nullable=False, unique=True),
    Column("bundle_type", Text, nullable=False),
    Column("catalogue_version", Integer, nullable=False),
    Column("applicant_id", Text, nullable=False),
    Column("submitted_by", Text, nullable=False),
    Column("form", JSONB, nullable=False),
    Column("parts_total", SmallInteger, nullable=False),
    Column("state", Text, nullable=False),
    Column("outcome", Text, nullable=False, default=""),
    _ts("created_at", nullable=False),
    _ts("completed_at"),
)

cases = Table(
    "cases",
    metadata,
    _uuid("id", primary_key=True),
    Column("case_number", Text, nullable=False, unique=True),
    Column("catalogue_version", Integer, nullable=False),
    Column("service_type", Text, nullable=False),
    Column("responsible_department", Text, nullable=False),
    Column("receiving_office", Text, nullable=False),
    Column("delivery_office", Text, nullable=False),
    Column("channel", Text, nullable=False),
    Column("applicant_id", Text, nullable=False),
    Column("submitted_by", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("form", JSONB, nullable=False),
    Column("documents", JSONB, nullable=False),
    Column("time_limit_days", SmallInteger, nullable=False),
    Column("start_date", Date),
    Column("extension_days", SmallInteger, nullable=False),
    Column("extension_reason", Text, nullable=False),
    Column("paused_days", SmallInteger, nullable=False),
    Column("paused_since", Date),
    Column("clock", Text, nullable=False),
    Column("due_date", Date),
    Column("warn_date", Date),
    _uuid("bundle_id"),
    Column("bundle_part", SmallInteger, nullable=False),
    _uuid("waiting_for_case_id"),
    Column("assignee", Text, nullable=False),
    Column("external_reference", Text, nullable=False),
    Column("decision", Text, nullable=False),
    Column("decision_reason", Text, nullable=False),
    _ts("decided_at"),
    Column("decided_by", Text, nullable=False),
    Column("certificate_type", Text, nullable=False),
    Column("version", Integer, nullable=False),
    _ts("created_at", nullable=False),
    _ts("updated_at", nullable=False),
)

case_history = Table(
    "case_history",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    _uuid("case_id", nullable=False),
    _ts("at", nullable=False),
    Column("action", Text, nullable=False),
    Column("from_status", Text, nullable=False),
    Column("to_status", Text, nullable=False),
    Column("actor_subject", Text, nullable=False),
    Column("actor_kind", Text, nullable=False),
    Column("actor_department", Text, nullable=False),
    Column("actor_office", Text, nullable=False),
    Column("acting_for", Text, nullable=False),
    Column("reason", Text, nullable=False),
)

supplements = Table(
    "supplements",
    metadata,
    _uuid("id", primary_key=True),
    _uuid("case_id", nullable=False),
    Column("reason", Text, nullable=False),
    Column("requested_document_types", ARRAY(Text), nullable=False),
    _ts("requested_at", nullable=False),
    Column("requested_by", Text, nullable=False),
    Column("resume_status", Text, nullable=False),
    _ts("provided_at"),
    Column("provided_document_ids", ARRAY(Text), nullable=False),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("subject", Text, primary_key=True),
    Column("client_key", Text, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("fingerprint", Text, nullable=False),
    _uuid("target_id", nullable=False),
    _ts("created_at", nullable=False),
)

deadline_alerts = Table(
    "deadline_alerts",
    metadata,
    _uuid("case_id", primary_key=True),
    Column("threshold", Text, primary_key=True),
    Column("due_date", Date),
    _ts("alerted_at", nullable=False),
)

ratings = Table(
    "ratings",
    metadata,
    _uuid("case_id", primary_key=True),
    Column("score", SmallInteger, nullable=False),
    Column("comment", Text, nullable=False),
    Column("department", Text, nullable=False),
    Column("office", Text, nullable=False),
    Column("service_type", Text, nullable=False),
    Column("applicant_id", Text, nullable=False),
    _ts("rated_at", nullable=False),
    _uuid("follow_up_task_id"),
)

follow_up_tasks = Table(
    "follow_up_tasks",
    metadata,
    _uuid("id", primary_key=True),
    _uuid("case_id", nullable=False),
    Column("case_number", Text, nullable=False),
    Column("department", Text, nullable=False),
    Column("score", SmallInteger, nullable=False),
    Column("comment", Text, nullable=False),
    Column("state", Text, nullable=False),
    _ts("created_at", nullable=False),
    _ts("resolved_at"),
    Column("resolved_by", Text, nullable=False, default=""),
    Column("resolution", Text, nullable=False, default=""),
    Column("due_date", Date),  # migration 0003: 15 working days after the rating
)

access_log = Table(
    "access_log",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    _uuid("case_id", nullable=False),
    Column("case_number", Text, nullable=False),
    Column("applicant_id", Text, nullable=False),
    _ts("at", nullable=False),
    Column("actor_subject", Text, nullable=False),
    Column("actor_department", Text, nullable=False),
    Column("actor_office", Text, nullable=False),
    Column("purpose", Text, nullable=False),
)

# Handling statistics (migration 0002), kept by the statistics consumer; the columns are spelled
# out in adapters/statistics_sql.py, these definitions keep the tables in ``metadata``.
_STAT_KEY = ("department", "service_type", "office")
stat_days = Table(
    "stat_days",
    metadata,
    *[Column(n, Text, primary_key=True) for n in _STAT_KEY],
    Column("day", Date, primary_key=True),
    *[
        Column(n, BigInteger, nullable=False)
        for n in (
            "received",
            "decided",
            "closed",
            "closed_on_time",
            "supplements_requested",
            "withdrawals",
            "transfers_in",
            "transfers_out",
            "bad_ratings",
            "rating_very_satisfied",
            "rating_satisfied",
            "rating_neutral",
            "rating_dissatisfied",
            "rating_very_dissatisfied",
            "bad_ratings_remediated_on_time",  # migration 0003
            "follow_ups_overdue",
        )
    ],
)
stat_handling = Table(
    "stat_handling",
    metadata,
    *[Column(n, Text, primary_key=True) for n in _STAT_KEY],
    Column("day", Date, primary_key=True),
    Column("working_days", Integer, primary_key=True),
    Column("cases", BigInteger, nullable=False),
)

CASE_COLUMNS = tuple(c.name for c in cases.columns)
