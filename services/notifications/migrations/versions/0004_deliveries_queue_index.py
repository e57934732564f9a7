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
# name, columns, partial-index condition
QUEUE = ("ix_deliveries_queue", ["priority", "next_attempt_at", "seq"],
         "status IN ('created', 'retrying') AND channel <> 'inbox'")  # fmt: skip
LEASED = ("ix_deliveries_leased", ["lease_until"], "status = 'sending'")
DUE = ("ix_deliveries_due", ["next_attempt_at"], "status IN ('created', 'retrying', 'sending')")


def _create(name: str, columns: list[str], where: str) -> None:
    op.create_index(name, "deliveries", columns, schema=S, postgresql_where=where)


def _drop(name: str, *_: object) -> None:
    op.drop_index(name, table_name="deliveries", schema=S)


def upgrade() -> None:
    _create(*QUEUE)
    _create(*LEASED)
    _drop(*DUE)


def downgrade() -> None:
    _create(*DUE)
    _drop(*LEASED)
    _drop(*QUEUE)
