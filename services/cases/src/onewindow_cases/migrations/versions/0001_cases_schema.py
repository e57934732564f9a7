"""Cases schema: catalogue versions, cases, bundles, history, supplements, idempotency keys,
deadline alerts, ratings, follow-up tasks, access log, and the kit's outbox tables."""

from typing import Any

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from onewindow_kit.outbox import kit_tables

revision = "0001"
down_revision = None
# The service's own schema ("cases"; the benchmark has a database of its own, ow_cases_bench).
S = context.config.attributes.get("schema", "cases")


def _uuid(name: str, *args: Any, **kw: Any) -> sa.Column:
    return sa.Column(name, UUID(as_uuid=False), *args, **kw)


def _ts(name: str, **kw: Any) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), **kw)


def _text(name: str, **kw: Any) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=False, server_default="", **kw)


def _catalogue_and_bundles() -> None:
    op.create_table(
        "catalogue_versions",
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("state", sa.Text, nullable=False),
        _text("label"),
        sa.Column("checksum", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        _ts("loaded_at", nullable=False),
        sa.Column("loaded_by", sa.Text, nullable=False),
        _ts("published_at"),
        _text("published_by"),
        sa.Column("service_type_count", sa.Integer, nullable=False),
        sa.Column("bundle_count", sa.Integer, nullable=False),
        sa.CheckConstraint("state IN ('draft', 'published', 'retired')", name="ck_catalogue_state"),
        schema=S,
    )
    # At most one published version at a time.
    op.create_index(
        "ux_catalogue_published", "catalogue_versions", ["state"], unique=True, schema=S,
        postgresql_where=sa.text("state = 'published'"),
    )  # fmt: skip
    op.create_table(
        "bundles",
        _uuid("id", primary_key=True),
        sa.Column("bundle_number", sa.Text, nullable=False, unique=True),
        sa.Column("bundle_type", sa.Text, nullable=False),
        sa.Column("catalogue_version", sa.Integer, nullable=False),
        sa.Column("applicant_id", sa.Text, nullable=False),
        sa.Column("submitted_by", sa.Text, nullable=False),
        sa.Column("form", JSONB, nullable=False),
        sa.Column("parts_total", sa.SmallInteger, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        _text("outcome"),
        _ts("created_at", nullable=False),
        _ts("completed_at"),
        schema=S,
    )
    op.execute(
        f"CREATE INDEX ix_bundles_applicant ON {S}.bundles (applicant_id, created_at DESC, id DESC)"
    )


def _cases() -> None:
    op.create_table(
        "cases",
        _uuid("id", primary_key=True),
        sa.Column("case_number", sa.Text, nullable=False, unique=True),
        sa.Column("catalogue_version", sa.Integer, nullable=False),
        sa.Column("service_type", sa.Text, nullable=False),
        sa.Column("responsible_department", sa.Text, nullable=False),
        _text("receiving_office"),
        _text("delivery_office"),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("applicant_id", sa.Text, nullable=False),
        sa.Column("submitted_by", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("form", JSONB, nullable=False),
        sa.Column("documents", JSONB, nullable=False),
        sa.Column("time_limit_days", sa.SmallInteger, nullable=False),
        sa.Column("start_date", sa.Date),
        sa.Column("extension_days", sa.SmallInteger, nullable=False, server_default="0"),
        _text("extension_reason"),
        sa.Column("paused_days", sa.SmallInteger, nullable=False, server_default="0"),
        sa.Column("paused_since", sa.Date),
        sa.Column("clock", sa.Text, nullable=False),
        sa.Column("due_date", sa.Date),
        sa.Column("warn_date", sa.Date),
        _uuid("bundle_id", sa.ForeignKey(f"{S}.bundles.id")),
        sa.Column("bundle_part", sa.SmallInteger, nullable=False, server_default="0"),
        _uuid("waiting_for_case_id"),
        _text("assignee"),
        _text("external_reference"),
        _text("decision"),
        _text("decision_reason"),
        _ts("decided_at"),
        _text("decided_by"),
        _text("certificate_type"),
        sa.Column("version", sa.Integer, nullable=False),
        _ts("created_at", nullable=False),
        _ts("updated_at", nullable=False),
        sa.CheckConstraint("clock IN ('running', 'paused', 'waiting', 'stopped')", name="ck_clock"),
        schema=S,
    )
    for ddl in (
        # a citizen's list: newest first, keyset on (created_at, id)
        "CREATE INDEX ix_cases_applicant ON {s}.cases (applicant_id, created_at DESC, id DESC)",
        # a department's queue: per status, earliest due first, keyset on (due_date, id)
        # (filter columns included: filters are checked in the index, not on the heap)
        "CREATE INDEX ix_cases_queue ON {s}.cases (responsible_department, status, due_date, id) "
        "INCLUDE (service_type, receiving_office, assignee)",
        "CREATE INDEX ix_cases_external_ref ON {s}.cases (external_reference) "
        "WHERE external_reference <> ''",
        "CREATE INDEX ix_cases_bundle ON {s}.cases (bundle_id) WHERE bundle_id IS NOT NULL",
        "CREATE INDEX ix_cases_waiting ON {s}.cases (waiting_for_case_id) "
        "WHERE waiting_for_case_id IS NOT NULL",
        # the deadline scanner only looks at running clocks
        "CREATE INDEX ix_cases_warn_running ON {s}.cases (warn_date) WHERE clock = 'running'",
        "CREATE INDEX ix_cases_due_running ON {s}.cases (due_date) WHERE clock = 'running'",
    ):
        op.execute(ddl.format(s=S))


def _case_children() -> None:
    op.create_table(
        "case_history",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        _uuid("case_id", sa.ForeignKey(f"{S}.cases.id"), nullable=False),
        _ts("at", nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        _text("from_status"),
        _text("to_status"),
        sa.Column("actor_subject", sa.Text, nullable=False),
        sa.Column("actor_kind", sa.Text, nullable=False),
        _text("actor_department"),
        _text("actor_office"),
        _text("acting_for"),
        _text("reason"),
        schema=S,
    )
    op.create_index("ix_case_history_case", "case_history", ["case_id", "id"], schema=S)
    op.create_table(
        "supplements",
        _uuid("id", primary_key=True),
        _uuid("case_id", sa.ForeignKey(f"{S}.cases.id"), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("requested_document_types", ARRAY(sa.Text), nullable=False),
        _ts("requested_at", nullable=False),
        sa.Column("requested_by", sa.Text, nullable=False),
        sa.Column("resume_status", sa.Text, nullable=False),
        _ts("provided_at"),
        sa.Column("provided_document_ids", ARRAY(sa.Text), nullable=False),
        schema=S,
    )
    op.create_index("ix_supplements_case", "supplements", ["case_id", "requested_at"], schema=S)
    op.create_table(
        "idempotency_keys",
        sa.Column("subject", sa.Text, primary_key=True),
        sa.Column("client_key", sa.Text, primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.Text, nullable=False),
        _uuid("target_id", nullable=False),
        _ts("created_at", nullable=False),
        schema=S,
    )
    op.create_table(
        "deadline_alerts",
        _uuid("case_id", primary_key=True),
        sa.Column("threshold", sa.Text, primary_key=True),
        sa.Column("due_date", sa.Date),
        _ts("alerted_at", nullable=False),
        schema=S,
    )


def _ratings_and_logs() -> None:
    op.create_table(
        "ratings",
        _uuid("case_id", sa.ForeignKey(f"{S}.cases.id"), primary_key=True),
        sa.Column("score", sa.SmallInteger, nullable=False),
        _text("comment"),
        sa.Column("department", sa.Text, nullable=False),
        _text("office"),
        sa.Column("service_type", sa.Text, nullable=False),
        sa.Column("applicant_id", sa.Text, nullable=False),
        _ts("rated_at", nullable=False),
        _uuid("follow_up_task_id"),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name="ck_rating_score"),
        schema=S,
    )
    op.create_index("ix_ratings_department", "ratings", ["department"], schema=S)
    op.create_table(
        "follow_up_tasks",
        _uuid("id", primary_key=True),
        _uuid("case_id", nullable=False),
        sa.Column("case_number", sa.Text, nullable=False),
        sa.Column("department", sa.Text, nullable=False),
        sa.Column("score", sa.SmallInteger, nullable=False),
        _text("comment"),
        sa.Column("state", sa.Text, nullable=False),
        _ts("created_at", nullable=False),
        _ts("resolved_at"),
        _text("resolved_by"),
        _text("resolution"),
        schema=S,
    )
    op.execute(
        f"CREATE INDEX ix_follow_up_department ON {S}.follow_up_tasks "
        "(department, state, created_at DESC, id DESC)"
    )
    op.create_table(
        "access_log",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        _uuid("case_id", nullable=False),
        sa.Column("case_number", sa.Text, nullable=False),
        sa.Column("applicant_id", sa.Text, nullable=False),
        _ts("at", nullable=False),
        sa.Column("actor_subject", sa.Text, nullable=False),
        _text("actor_department"),
        _text("actor_office"),
        sa.Column("purpose", sa.Text, nullable=False),
        schema=S,
    )
    op.execute(f"CREATE INDEX ix_access_log_applicant ON {S}.access_log (applicant_id, id DESC)")
    op.execute(f"CREATE INDEX ix_access_log_case ON {S}.access_log (case_id, id DESC)")


def upgrade() -> None:
    kit_tables(S).create_all(op.get_bind())
    _catalogue_and_bundles()
    _cases()
    _case_children()
    _ratings_and_logs()


def downgrade() -> None:
    for table in (
        "access_log", "follow_up_tasks", "ratings", "deadline_alerts", "idempotency_keys",
        "supplements", "case_history", "cases", "bundles", "catalogue_versions",
    ):  # fmt: skip
        op.drop_table(table, schema=S)
    kit_tables(S).drop_all(op.get_bind())
