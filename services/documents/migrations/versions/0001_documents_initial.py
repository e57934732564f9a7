"""Documents schema: documents, versions, certificates, access log, and the kit's outbox +
processed_events."""

import sqlalchemy as sa
from alembic import op

from onewindow_kit.outbox import kit_tables

revision = "0001"
down_revision = None
S = "documents"
UUID = sa.Uuid(as_uuid=False)
TZ = sa.DateTime(timezone=True)


def _text(*names: str) -> list[sa.Column]:
    return [sa.Column(n, sa.Text, nullable=False) for n in names]


def _document_ref(primary: bool = False) -> sa.Column:
    return sa.Column(
        "document_id",
        UUID,
        sa.ForeignKey(f"{S}.documents.id"),
        nullable=False,
        primary_key=primary,
    )


def _documents() -> None:
    op.create_table(
        "documents",
        sa.Column("id", UUID, primary_key=True),
        *_text("owner_id", "document_type", "title", "kind", "certificate_type"),
        *_text("issuer_department", "status"),
        sa.Column("latest_version", sa.Integer, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        *_text("created_by", "case_id", "case_number"),
        schema=S,
    )
    op.create_index("ix_documents_owner", "documents", ["owner_id", "created_at", "id"], schema=S)
    op.create_table(
        "document_versions",
        sa.Column("id", UUID, primary_key=True),
        _document_ref(),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("size_bytes", sa.BigInteger, nullable=False),
        *_text("sha256", "content_type", "filename", "content_key"),
        *_text("uploaded_by", "uploaded_by_kind", "uploaded_by_department"),
        sa.Column("uploaded_at", TZ, nullable=False),
        sa.UniqueConstraint("document_id", "version", name="uq_versions_number"),
        schema=S,
    )


def _certificates_and_access_log() -> None:
    op.create_table(
        "certificates",
        _document_ref(primary=True),
        *_text("case_id", "case_number", "certificate_type", "subject_id"),
        *_text("issuer_department", "service_type", "bundle_id"),
        sa.Column("issued_at", TZ, nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False),
        *_text("signature", "key_id", "source_event_id"),
        sa.UniqueConstraint("case_id", "certificate_type", name="uq_certificates_case_type"),
        schema=S,
    )
    op.create_table(
        "access_log",
        sa.Column("id", UUID, primary_key=True),
        _document_ref(),
        *_text("owner_id", "accessor_subject", "accessor_kind", "accessor_username"),
        *_text("department", "office", "action", "purpose"),
        sa.Column("accessed_at", TZ, nullable=False),
        schema=S,
    )
    op.create_index(
        "ix_access_log_owner", "access_log", ["owner_id", "accessed_at", "id"], schema=S
    )


def upgrade() -> None:
    _documents()
    _certificates_and_access_log()
    kit_tables(S).create_all(op.get_bind())


def downgrade() -> None:
    kit_tables(S).drop_all(op.get_bind())
    for table in ("access_log", "certificates", "document_versions", "documents"):
        op.drop_table(table, schema=S)
