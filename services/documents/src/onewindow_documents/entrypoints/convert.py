"""Domain objects → protobuf messages of onewindow.documents.v1."""

from __future__ import annotations

import json

from onewindow.common.v1 import access_log_pb2 as common_pb
from onewindow.documents.v1 import documents_pb2 as pb
from onewindow_documents.adapters.signing import jwk_set
from onewindow_documents.domain.model import AccessLogEntry, Document, DocumentVersion
from onewindow_documents.service_layer.ports import PublicKey
from onewindow_documents.service_layer.verification import Verification
from onewindow_kit.proto_time import ts

# Maximum lengths of request fields, checked by the kit's server before a handler runs
# (documented in documents.proto; title and purpose are the domain's own limits). Bytes are
# limited only where named: an upload chunk is bounded by the server's message size.
TEXT_LIMITS: dict[str, int] = {
    "title": 200,
    "purpose": 200,
    "reason": 200,  # SetLegalHoldRequest
    "filename": 255,
    "content_type": 255,
    "page_token": 1024,
    "signature": 4096,
    "signed_certificate": 64 * 1024,
    "certificate_json": 64 * 1024,
}


def document(d: Document) -> pb.DocumentMetadata:
    """Metadata of a document (the shape cases reads)."""
    return pb.DocumentMetadata(
        id=d.id,
        owner_id=d.owner_id,
        document_type=d.document_type,
        certificate_type=d.certificate_type,
        issuer_department=d.issuer_department,
        status=d.status,
        title=d.title,
        latest_version=d.latest_version,
        created_at=ts(d.created_at),
        updated_at=ts(d.updated_at),
        case_id=d.case_id,
        case_number=d.case_number,
        kind=d.kind,
    )


def version(v: DocumentVersion) -> pb.DocumentVersion:
    """One version's description."""
    return pb.DocumentVersion(
        document_id=v.document_id,
        version=v.version,
        size_bytes=v.size_bytes,
        sha256=v.sha256,
        content_type=v.content_type,
        uploaded_by=v.uploaded_by,
        uploaded_by_kind=v.uploaded_by_kind,
        uploaded_by_department=v.uploaded_by_department,
        uploaded_at=ts(v.uploaded_at),
        filename=v.filename,
    )


def access_entry(e: AccessLogEntry) -> pb.AccessLogEntry:
    """One access-log entry."""
    return pb.AccessLogEntry(
        id=e.id,
        document_id=e.document_id,
        accessor_subject=e.accessor_subject,
        accessor_kind=e.accessor_kind,
        accessor_username=e.accessor_username,
        department=e.department,
        office=e.office,
        action=e.action,
        purpose=e.purpose,
        accessed_at=ts(e.accessed_at),
    )


def access_record(e: AccessLogEntry) -> common_pb.AccessLogEntry:
    """The same read in the shared access-log shape (onewindow.common.v1)."""
    return common_pb.AccessLogEntry(
        at=ts(e.accessed_at), actor_subject=e.accessor_subject, actor_kind=e.accessor_kind,
        actor_department=e.department, actor_office=e.office,
        actor_username=e.accessor_username, action=e.action, object_kind="document",
        object_id=e.document_id, purpose=e.purpose, case_id=e.case_id, source="documents",
    )  # fmt: skip


def verification(v: Verification) -> pb.VerifyCertificateResponse:
    """The verdict with what the certificate says."""
    claims = v.claims or {}
    reply = pb.VerifyCertificateResponse(
        valid=v.valid,
        reason=v.reason,
        revoked=v.revoked,
        key_id=v.key_id,
        issuer_department=str(claims.get("issuer_department", "")),
        subject_id=str(claims.get("subject_id", "")),
        certificate_type=str(claims.get("certificate_type", "")),
        case_id=str(claims.get("case_id", "")),
        case_number=str(claims.get("case_number", "")),
        document_id=str(claims.get("document_id", "")),
        revocation_reason=v.revocation_reason,
        revoked_at=ts(v.revoked_at),
        expires_at=ts(v.expires_at),
    )
    issued = str(claims.get("issued_at", ""))
    if issued:
        try:
            reply.issued_at.FromJsonString(issued)
        except ValueError:
            reply.valid, reply.reason = False, "issued_at is not an RFC 3339 time"
    return reply


def signing_keys(keys: list[PublicKey]) -> pb.GetSigningKeysResponse:
    """The public keys, as messages and as a JWK Set document."""
    reply = pb.GetSigningKeysResponse(jwks_json=json.dumps(jwk_set(keys), separators=(",", ":")))
    for k in keys:
        reply.keys.append(
            pb.SigningKey(
                kid=k.kid,
                kty="OKP",
                crv="Ed25519",
                alg="EdDSA",
                x=k.x,
                valid_from=ts(k.valid_from),
                retired_at=ts(k.retired_at),
            )
        )
    return reply
