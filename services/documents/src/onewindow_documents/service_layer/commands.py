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


@dataclass(frozen=True)
class GetMetadata:
    document_ids: tuple[str, ...]
    purpose: str = ""


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
class VerifyCertificate:
    document_id: str = ""
    signed_certificate: bytes = b""
    certificate_json: bytes = b""
    signature: str = ""
