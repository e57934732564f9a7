"""Deliveries remember the send slot they reserved under a rate limit, so a queued delivery is
sent in its slot instead of reserving a new one each time it comes due."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
S = "notifications"


def upgrade() -> None:
    op.add_column("deliveries", sa.Column("rate_slot", sa.DateTime(timezone=True)), schema=S)


def downgrade() -> None:
    op.drop_column("deliveries", "rate_slot", schema=S)
