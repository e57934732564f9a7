"""Certificates: an optional expiry, and the revocation (time and reason) an annulment brings."""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
S = "documents"


def upgrade() -> None:
    op.add_column("certificates", sa.Column("expires_at", sa.DateTime(timezone=True)), schema=S)
    op.add_column("certificates", sa.Column("revoked_at", sa.DateTime(timezone=True)), schema=S)
    op.add_column(
        "certificates",
        sa.Column("revocation_reason", sa.Text, nullable=False, server_default=""),
        schema=S,
    )
    op.create_index("ix_certificates_case", "certificates", ["case_id"], schema=S)


def downgrade() -> None:
    op.drop_index("ix_certificates_case", "certificates", schema=S)
    for column in ("revocation_reason", "revoked_at", "expires_at"):
        op.drop_column("certificates", column, schema=S)
