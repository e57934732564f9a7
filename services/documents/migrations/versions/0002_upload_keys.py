"""Upload idempotency: an uploader's client key, the request's fingerprint and what it produced."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
S = "documents"


def upgrade() -> None:
    op.create_table(
        "upload_keys",
        sa.Column("subject", sa.Text, primary_key=True),
        sa.Column("client_key", sa.Text, primary_key=True),
        sa.Column("request_hash", sa.Text, nullable=False),
        sa.Column(
            "document_id",
            sa.Uuid(as_uuid=False),
            sa.ForeignKey(f"{S}.documents.id"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        schema=S,
    )


def downgrade() -> None:
    op.drop_table("upload_keys", schema=S)
