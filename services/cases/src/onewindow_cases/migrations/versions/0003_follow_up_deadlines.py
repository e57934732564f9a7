"""Follow-ups of bad ratings under the national rule: a due date (15 working days after the
rating, computed by the service on its holiday calendar) and the index the scanner's overdue
query uses; the statistics' day buckets count remediated-on-time and overdue follow-ups.

Tasks opened before this migration keep no due date (they never go overdue)."""

import sqlalchemy as sa
from alembic import context, op

revision = "0003"
down_revision = "0002"
S = context.config.attributes.get("schema", "cases")
COUNTS = ("bad_ratings_remediated_on_time", "follow_ups_overdue")


def upgrade() -> None:
    op.add_column("follow_up_tasks", sa.Column("due_date", sa.Date), schema=S)
    op.execute(
        f"CREATE INDEX ix_follow_up_open_due ON {S}.follow_up_tasks (due_date) "
        "WHERE state = 'open' AND due_date IS NOT NULL"
    )
    for name in COUNTS:
        op.add_column(
            "stat_days",
            sa.Column(name, sa.BigInteger, nullable=False, server_default="0"),
            schema=S,
        )


def downgrade() -> None:
    for name in COUNTS:
        op.drop_column("stat_days", name, schema=S)
    op.execute(f"DROP INDEX IF EXISTS {S}.ix_follow_up_open_due")
    op.drop_column("follow_up_tasks", "due_date", schema=S)
