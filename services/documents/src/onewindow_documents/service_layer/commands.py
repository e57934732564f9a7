"""Commands the handlers take (already translated from protobuf)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Upload:
    """Metadata of an upload: a new document, or a new version of ``document_id``."""

    document_type: str = ""
    title: str = ""
    document_id: str = ""
    owner_id: str = ""
    content_type: str = ""
    filename: str = ""
    client_key: str = ""
    size_bytes: int = 0  # declared content size; 0 = not declared
    session_id: str = ""  # resumable upload: the client's session UUID
    offset: int = 0  # resumable upload: where this stream's chunks start


@dataclass(frozen=True)
class GetMetadata:
    document_ids: tuple[str, ...]
    purpose: str = ""
    applicant_id: str = ""  # intake: the person the case is filed for


@dataclass(frozen=True)
class Download:
    document_id: str
    version: int = 0
    purpose: str = ""


@dataclass(frozen=True)
class ListVersions:
    document_id: str
    purpose: str = ""


@dataclass(frozen=True)
class ListWallet:
    owner_id: str = ""
    page_size: int = 0
    page_token: str = ""
    kind: str = ""
    purpose: str = ""


@dataclass(frozen=True)
class CountWallet:
    kind: str = ""


@dataclass(frozen=True)
class ListAccessLog:
    owner_id: str = ""
    page_size: int = 0
    page_token: str = ""


@dataclass(frozen=True)
class IssueCertificate:
    """From a case_decided event."""

    event_id: str
    case_id: str
    case_number: str
    certificate_type: str
    applicant_id: str
    issuer_department: str
    service_type: str
    bundle_id: str
    decided_at_iso: str  # RFC 3339 decision time: the certificate's issue time


@dataclass(frozen=True)
class RevokeCaseCertificates:
    """From a decision_annulled event: the certificates issued for the case are revoked."""

    event_id: str
    case_id: str
    reason: str
    annulled_at_iso: str  # RFC 3339


@dataclass(frozen=True)
class IssueReceipt:
    """From a case_submitted event: the applicant's signed receipt (回执)."""

    event_id: str
    case_id: str
    case_number: str
    service_type: str
    service_name: str
    applicant_id: str
    responsible_department: str
    receiving_office: str
    due_date: str  # ISO date, "" while the part waits for an earlier one
    submitted_at_iso: str  # RFC 3339


@dataclass(frozen=True)
class VerifyCertificate:
    document_id: str = ""
    signed_certificate: bytes = b""  # a compact JWS, or an older signed JSON file
    certificate_json: bytes = b""
    signature: str = ""


@dataclass(frozen=True)
class DeleteDocument:
    """The owner deletes an upload no case uses."""

    document_id: str


@dataclass(frozen=True)
class SetLegalHold:
    """Staff set (held) or clear a legal hold, with a reason."""

    document_id: str
    held: bool
    reason: str
