"""Tables of the ``documents`` schema as SQLAlchemy 2.x typed mappings (columns named like the
domain fields, so repositories map rows ↔ domain objects generically)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ARRAY,
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SCHEMA = "documents"
TZ = DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = MetaData(schema=SCHEMA)


def _uuid(primary: bool = False) -> Mapped[str]:
    return mapped_column(Uuid(as_uuid=False), primary_key=primary)


def _document_ref(primary: bool = False) -> Mapped[str]:
    return mapped_column(
        Uuid(as_uuid=False), ForeignKey(f"{SCHEMA}.documents.id"), primary_key=primary
    )


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_owner", "owner_id", "created_at", "id"),)
    id: Mapped[str] = _uuid(primary=True)
    owner_id: Mapped[str] = mapped_column(Text)
    document_type: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    certificate_type: Mapped[str] = mapped_column(Text)
    issuer_department: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    latest_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(TZ)
    updated_at: Mapped[datetime] = mapped_column(TZ)
    created_by: Mapped[str] = mapped_column(Text)
    case_id: Mapped[str] = mapped_column(Text)
    case_number: Mapped[str] = mapped_column(Text)
    legal_hold_reason: Mapped[str] = mapped_column(Text, server_default="")
    legal_hold_by: Mapped[str] = mapped_column(Text, server_default="")
    legal_hold_at: Mapped[datetime | None] = mapped_column(TZ, nullable=True)


class TombstoneRow(Base):
    """A removed document (no foreign keys: the document row is gone)."""

    __tablename__ = "tombstones"
    document_id: Mapped[str] = _uuid(primary=True)
    owner_id: Mapped[str] = mapped_column(Text)
    document_type: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TZ)
    removed_at: Mapped[datetime] = mapped_column(TZ)
    reason: Mapped[str] = mapped_column(Text)
    removed_by: Mapped[str] = mapped_column(Text)
    content_keys: Mapped[list[str]] = mapped_column(ARRAY(Text))
    content_digests: Mapped[list[str]] = mapped_column(ARRAY(Text))
    content_removed_at: Mapped[datetime | None] = mapped_column(TZ, nullable=True)


class VersionRow(Base):
    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "version", name="uq_versions_number"),)
    id: Mapped[str] = _uuid(primary=True)
    document_id: Mapped[str] = _document_ref()
    version: Mapped[int] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(Text)
    filename: Mapped[str] = mapped_column(Text)
    content_key: Mapped[str] = mapped_column(Text)
    uploaded_by: Mapped[str] = mapped_column(Text)
    uploaded_by_kind: Mapped[str] = mapped_column(Text)
    uploaded_by_department: Mapped[str] = mapped_column(Text)
    uploaded_at: Mapped[datetime] = mapped_column(TZ)


class CertificateRow(Base):
    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("case_id", "certificate_type", name="uq_certificates_case_type"),
        Index("ix_certificates_case", "case_id"),
    )
    document_id: Mapped[str] = _document_ref(primary=True)
    case_id: Mapped[str] = mapped_column(Text)
    case_number: Mapped[str] = mapped_column(Text)
    certificate_type: Mapped[str] = mapped_column(Text)
    subject_id: Mapped[str] = mapped_column(Text)
    issuer_department: Mapped[str] = mapped_column(Text)
    service_type: Mapped[str] = mapped_column(Text)
    bundle_id: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(TZ)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[str] = mapped_column(Text)
    key_id: Mapped[str] = mapped_column(Text)
    source_event_id: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime | None] = mapped_column(TZ, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(TZ, nullable=True)
    revocation_reason: Mapped[str] = mapped_column(Text, server_default="")


class AccessLogRow(Base):
    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_owner", "owner_id", "accessed_at", "id"),)
    id: Mapped[str] = _uuid(primary=True)
    document_id: Mapped[str] = _uuid()  # no foreign key: the log outlives a removed document
    owner_id: Mapped[str] = mapped_column(Text)
    accessor_subject: Mapped[str] = mapped_column(Text)
    accessor_kind: Mapped[str] = mapped_column(Text)
    accessor_username: Mapped[str] = mapped_column(Text)
    department: Mapped[str] = mapped_column(Text)
    office: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(Text)
    accessed_at: Mapped[datetime] = mapped_column(TZ)
    case_id: Mapped[str] = mapped_column(Text, server_default="")


class CaseLinkRow(Base):
    """A document a case uses, and the department responsible for that case."""

    __tablename__ = "case_links"

    document_id: Mapped[str] = mapped_column(Text, primary_key=True)
    case_id: Mapped[str] = mapped_column(Text, primary_key=True)
    department: Mapped[str] = mapped_column(Text)
    linked_at: Mapped[datetime] = mapped_column(TZ)


class CaseServiceTypeRow(Base):
    """A submitted case's service type (what a scoped mandate is checked against)."""

    __tablename__ = "case_service_types"

    case_id: Mapped[str] = mapped_column(Text, primary_key=True)
    service_type: Mapped[str] = mapped_column(Text)


class UploadKeyRow(Base):
    __tablename__ = "upload_keys"

    subject: Mapped[str] = mapped_column(Text, primary_key=True)
    client_key: Mapped[str] = mapped_column(Text, primary_key=True)
    request_hash: Mapped[str] = mapped_column(Text)
    document_id: Mapped[str] = _document_ref()
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(TZ)
