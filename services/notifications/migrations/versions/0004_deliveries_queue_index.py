"""The dispatcher's queue in the order it takes deliveries: ix_deliveries_queue (priority,
next_attempt_at, seq) over the due statuses of the channels it sends, and ix_deliveries_leased
(lease_until) over those being sent. They replace ix_deliveries_due (next_attempt_at over every
queued status), which matched the claim only through a bitmap scan and a sort: each claim read
every due delivery, and every dead index entry left by deliveries sent since the last vacuum,
to take the first few. An ordered index scan stops at the batch and marks dead entries as it
passes them."""

from alembic import op

revision = "0004"
down_revision = "0003"
S = "notifications"


def upgrade() -> None:
    op.create_index(
        "ix_deliveries_queue",
        "deliveries",
        ["priority", "next_attempt_at", "seq"],
        schema=S,
        postgresql_where="status IN ('created', 'retrying') AND channel <> 'inbox'",
    )
    op.create_index(
        "ix_deliveries_leased",
        "deliveries",
        ["lease_until"],
        schema=S,
        postgresql_where="status = 'sending'",
    )
    op.drop_index("ix_deliveries_due", table_name="deliveries", schema=S)


def downgrade() -> None:
    op.create_index(
        "ix_deliveries_due",
        "deliveries",
        ["next_attempt_at"],
        schema=S,
        postgresql_where="status IN ('created', 'retrying', 'sending')",
    )
    op.drop_index("ix_deliveries_leased", table_name="deliveries", schema=S)
    op.drop_index("ix_deliveries_queue", table_name="deliveries", schema=S)
