"""Access that follows the case: which documents each case uses (learnt from the cases events),
and the case a logged read was for."""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
S = "documents"


def upgrade() -> None:
    op.create_table(
        "case_links",
        # No foreign key to documents: a case may name a document this service never stored
        # (or one purged later); the link then opens nothing.
        sa.Column("document_id", sa.Text, primary_key=True),
        sa.Column("case_id", sa.Text, primary_key=True),
        sa.Column("department", sa.Text, nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        schema=S,
    )
    op.add_column(
        "access_log", sa.Column("case_id", sa.Text, nullable=False, server_default=""), schema=S
    )


def downgrade() -> None:
    op.drop_column("access_log", "case_id", schema=S)
    op.drop_table("case_links", schema=S)
