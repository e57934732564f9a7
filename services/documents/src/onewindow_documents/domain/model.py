"""Documents, their versions, issued certificates and the access log: plain Python."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from onewindow_kit.errors import Validator

UPLOAD, CERTIFICATE, RECEIPT = "upload", "certificate", "receipt"
ACTIVE, REVOKED = "active", "revoked"
TYPE_CODE = re.compile(r"^[a-z][a-z0-9_]{1,62}$")
MAX_TITLE = 200
MAX_PURPOSE = 200
DEFAULT_PURPOSE = "case handling"


@dataclass(frozen=True)
class Document:
    """A document a person or organisation owns: an upload or an issued certificate."""

    id: str
    owner_id: str
    document_type: str
    title: str
    kind: str
    certificate_type: str
    issuer_department: str
    status: str
    latest_version: int
    created_at: datetime
    updated_at: datetime
    created_by: str
    case_id: str = ""
    case_number: str = ""
    # A legal hold keeps the document past its retention period ("" = none).
    legal_hold_reason: str = ""
    legal_hold_by: str = ""
    legal_hold_at: datetime | None = None


@dataclass(frozen=True)
class Tombstone:
    """What stays of a removed document: that it existed, whose, and why and when it went.
    The content keys and digests are kept until the stored bytes are gone too."""

    document_id: str
    owner_id: str
    document_type: str
    kind: str
    created_at: datetime
    removed_at: datetime
    reason: str  # retention | deleted_by_owner
    removed_by: str
    content_keys: tuple[str, ...]
    content_digests: tuple[str, ...]
    content_removed_at: datetime | None = None


RETENTION, DELETED_BY_OWNER = "retention", "deleted_by_owner"


@dataclass(frozen=True)
class DocumentVersion:
    """One immutable version of a document's content."""

    id: str
    document_id: str
    version: int
    size_bytes: int
    sha256: str
    content_type: str
    filename: str
    content_key: str
    uploaded_by: str
    uploaded_by_kind: str
    uploaded_by_department: str
    uploaded_at: datetime


@dataclass(frozen=True)
class Certificate:
    """The signed part of an issued certificate (the document row holds the rest)."""

    document_id: str
    case_id: str
    case_number: str
    certificate_type: str
    subject_id: str
    issuer_department: str
    service_type: str
    bundle_id: str
    issued_at: datetime
    payload: bytes  # what was signed: the JWS compact form (older ones: canonical JSON)
    signature: str  # base64url (JWS) or base64 (older detached) Ed25519 signature
    key_id: str
    source_event_id: str
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    revocation_reason: str = ""


@dataclass(frozen=True)
class AccessLogEntry:
    """A staff or department-system read of a citizen's document."""

    id: str
    document_id: str
    owner_id: str
    accessor_subject: str
    accessor_kind: str
    accessor_username: str
    department: str
    office: str
    action: str  # metadata | download | versions | wallet
    purpose: str
    accessed_at: datetime
    case_id: str = ""  # the case the read was for ("" when none)


@dataclass(frozen=True)
class CaseLink:
    """A case uses a document: the case's responsible department may read it."""

    document_id: str
    case_id: str
    department: str
    linked_at: datetime


def check_type_code(v: Validator, value: str, field: str, *, required: bool = True) -> None:
    """A catalogue code: lower-case letters, digits and underscores, starting with a letter."""
    if not value:
        if required:
            v.add(field, "is required")
        return
    if not TYPE_CODE.fullmatch(value):
        v.add(field, "must be a code of 2-63 lower-case letters, digits or '_' (e.g. resident_id)")


def check_text(v: Validator, value: str, field: str, limit: int) -> None:
    """Free text within ``limit`` characters."""
    if len(value) > limit:
        v.add(field, f"must be at most {limit} characters")


@dataclass(frozen=True)
class UploadKey:
    """An uploader's idempotency key and what it produced (the request's fingerprint too)."""

    subject: str
    client_key: str
    request_hash: str
    document_id: str
    version: int
    created_at: datetime
