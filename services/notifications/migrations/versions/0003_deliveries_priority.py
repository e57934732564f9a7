"""Deliveries carry a priority: 0 for what a person waits for (a receipt, a decision), 1 for bulk
notices (every clerk of a department told of a new case). When a channel's rate limit queues
deliveries, the dispatcher sends priority 0 first."""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
S = "notifications"


def upgrade() -> None:
    op.add_column(
        "deliveries",
        sa.Column("priority", sa.SmallInteger(), nullable=False, server_default="0"),
        schema=S,
    )


def downgrade() -> None:
    op.drop_column("deliveries", "priority", schema=S)
