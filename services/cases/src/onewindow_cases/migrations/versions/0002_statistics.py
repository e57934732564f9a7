"""Handling statistics: day buckets per department x service type x office (kept by the
``statistics`` consumer of the service's own events), their handling-time histograms, and the
index behind the live backlog."""

import sqlalchemy as sa
from alembic import context, op

revision = "0002"
down_revision = "0001"
S = context.config.attributes.get("schema", "cases")
KEY = ("department", "service_type", "office", "day")
COUNTS = (
    "received", "decided", "closed", "closed_on_time", "supplements_requested", "withdrawals",
    "transfers_in", "transfers_out", "bad_ratings", "rating_very_satisfied", "rating_satisfied",
    "rating_neutral", "rating_dissatisfied", "rating_very_dissatisfied",
)  # fmt: skip


def _key() -> list[sa.Column]:
    return [
        sa.Column("department", sa.Text, primary_key=True),
        sa.Column("service_type", sa.Text, primary_key=True),
        sa.Column("office", sa.Text, primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
    ]


def upgrade() -> None:
    op.create_table(
        "stat_days",
        *_key(),
        *[sa.Column(n, sa.BigInteger, nullable=False, server_default="0") for n in COUNTS],
        schema=S,
    )
    op.create_table(
        "stat_handling",
        *_key(),
        sa.Column("working_days", sa.Integer, primary_key=True),
        sa.Column("cases", sa.BigInteger, nullable=False),
        schema=S,
    )
    # A city's month or a department's month: the day first for city-wide ranges, and the
    # department first (the primary key) for a department's.
    op.create_index("ix_stat_days_day", "stat_days", ["day"], schema=S)
    op.create_index("ix_stat_handling_day", "stat_handling", ["day"], schema=S)
    # The live backlog: open cases per department and office, due dates in the index.
    op.execute(
        f"CREATE INDEX ix_cases_open ON {S}.cases "
        "(responsible_department, receiving_office, due_date) INCLUDE (clock) "
        "WHERE clock <> 'stopped'"
    )


def downgrade() -> None:
    op.execute(f"DROP INDEX IF EXISTS {S}.ix_cases_open")
    op.drop_table("stat_handling", schema=S)
    op.drop_table("stat_days", schema=S)
