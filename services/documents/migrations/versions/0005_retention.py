"""Retention and legal hold: a hold on documents, tombstones of removed documents, and an access
log that outlives the documents it names (its foreign key goes)."""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
S = "documents"
TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    for column in ("legal_hold_reason", "legal_hold_by"):
        op.add_column(
            "documents", sa.Column(column, sa.Text, nullable=False, server_default=""), schema=S
        )
    op.add_column("documents", sa.Column("legal_hold_at", TZ), schema=S)
    # purge candidates: documents without a hold, oldest change first
    op.create_index(
        "ix_documents_unheld_updated",
        "documents",
        ["updated_at", "id"],
        schema=S,
        postgresql_where=sa.text("legal_hold_reason = ''"),
    )
    op.create_index("ix_versions_sha256", "document_versions", ["sha256"], schema=S)
    op.create_table(
        "tombstones",
        sa.Column("document_id", sa.Uuid(as_uuid=False), primary_key=True),
        *[sa.Column(n, sa.Text, nullable=False) for n in ("owner_id", "document_type", "kind")],
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("removed_at", TZ, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("removed_by", sa.Text, nullable=False),
        sa.Column("content_keys", postgresql.ARRAY(sa.Text), nullable=False),
        sa.Column("content_digests", postgresql.ARRAY(sa.Text), nullable=False),
        sa.Column("content_removed_at", TZ),
        schema=S,
    )
    op.create_index(
        "ix_tombstones_content_pending",
        "tombstones",
        ["removed_at"],
        schema=S,
        postgresql_where=sa.text("content_removed_at IS NULL"),
    )
    op.drop_constraint("access_log_document_id_fkey", "access_log", schema=S, type_="foreignkey")


def downgrade() -> None:
    op.create_foreign_key(
        "access_log_document_id_fkey", "access_log", "documents", ["document_id"], ["id"],
        source_schema=S, referent_schema=S,
    )  # fmt: skip
    op.drop_table("tombstones", schema=S)
    op.drop_index("ix_versions_sha256", "document_versions", schema=S)
    op.drop_index("ix_documents_unheld_updated", "documents", schema=S)
    for column in ("legal_hold_at", "legal_hold_by", "legal_hold_reason"):
        op.drop_column("documents", column, schema=S)
