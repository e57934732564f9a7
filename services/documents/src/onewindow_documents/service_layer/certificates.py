"""Certificates: issued on an approved decision (once per case and type), verified on request."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from onewindow.documents.v1 import events_pb2
from onewindow_documents.domain import access
from onewindow_documents.domain import certificate as cert
from onewindow_documents.domain.model import (
    ACTIVE,
    CERTIFICATE,
    REVOKED,
    Certificate,
    Document,
    DocumentVersion,
)
from onewindow_documents.service_layer import commands
from onewindow_documents.service_layer.ports import Services
from onewindow_kit.errors import InvalidArgument, NotFound
from onewindow_kit.logging import get_logger
from onewindow_kit.outbox import PendingEvent
from onewindow_kit.principal import Principal

log = get_logger("onewindow.documents.certificates")


def _claims(cmd: commands.IssueCertificate, document_id: str) -> dict[str, Any]:
    return {
        "format": cert.CERTIFICATE_FORMAT,
        "document_id": document_id,
        "certificate_type": cmd.certificate_type,
        "subject_id": cmd.applicant_id,
        "issuer_department": cmd.issuer_department,
        "case_id": cmd.case_id,
        "case_number": cmd.case_number,
        "service_type": cmd.service_type,
        "bundle_id": cmd.bundle_id,
        "issued_at": cmd.decided_at_iso,
    }


def issue_certificate(cmd: commands.IssueCertificate, *, svc: Services) -> str | None:
    """Issue the case's certificate; None when it was issued before (nothing changes)."""
    document_id = cert.certificate_document_id(cmd.case_id, cmd.certificate_type)
    claims = _claims(cmd, document_id)
    payload = cert.canonical_json(claims)
    signature = svc.signer.sign(payload)
    content = cert.signed_document(claims, signature, svc.signer.key_id)
    key = cert.version_id(document_id, 1)
    issued_at = cert.parse_rfc3339(cmd.decided_at_iso)
    with svc.uow() as uow:
        if uow.certificates.find(cmd.case_id, cmd.certificate_type) is not None:
            log.info("certificate_already_issued", case_id=cmd.case_id, document_id=document_id)
            return None
        # Written before the commit under a deterministic key: a failed commit leaves a file
        # no metadata points to, and the retry writes the very same bytes again.
        svc.store.put(key, content)
        uow.documents.add(_document(cmd, document_id, issued_at, svc.clock()))
        uow.versions.add(_version(document_id, key, content, svc.clock()))
        uow.certificates.add(_certificate(cmd, document_id, issued_at, payload, signature, svc))
        uow.emit(_issued_event(cmd, document_id, svc.signer.key_id))
        uow.commit()
    log.info("certificate_issued", case_id=cmd.case_id, document_id=document_id)
    return document_id


def _certificate(
    cmd: commands.IssueCertificate,
    document_id: str,
    issued_at: datetime,
    payload: bytes,
    signature: str,
    svc: Services,
) -> Certificate:
    return Certificate(
        document_id=document_id,
        case_id=cmd.case_id,
        case_number=cmd.case_number,
        certificate_type=cmd.certificate_type,
        subject_id=cmd.applicant_id,
        issuer_department=cmd.issuer_department,
        service_type=cmd.service_type,
        bundle_id=cmd.bundle_id,
        issued_at=issued_at,
        payload=payload,
        signature=signature,
        key_id=svc.signer.key_id,
        source_event_id=cmd.event_id,
    )


def _document(
    cmd: commands.IssueCertificate, document_id: str, issued_at: datetime, now: datetime
) -> Document:
    return Document(
        id=document_id,
        owner_id=cmd.applicant_id,
        document_type=cmd.certificate_type,
        title=cmd.certificate_type.replace("_", " "),
        kind=CERTIFICATE,
        certificate_type=cmd.certificate_type,
        issuer_department=cmd.issuer_department,
        status=ACTIVE,
        latest_version=1,
        created_at=now,
        updated_at=now,
        created_by=f"department:{cmd.issuer_department}",
        case_id=cmd.case_id,
        case_number=cmd.case_number,
    )


def _version(document_id: str, key: str, content: bytes, now: datetime) -> DocumentVersion:
    return DocumentVersion(
        id=key,
        document_id=document_id,
        version=1,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content_type="application/json",
        filename=f"certificate-{document_id}.json",
        content_key=key,
        uploaded_by="documents",
        uploaded_by_kind="system",
        uploaded_by_department="",
        uploaded_at=now,
    )


def _issued_event(cmd: commands.IssueCertificate, document_id: str, key_id: str) -> PendingEvent:
    return PendingEvent(
        name="certificate_issued",
        subject=document_id,
        aggregate_type="document",
        payload=events_pb2.CertificateIssued(
            document_id=document_id,
            certificate_type=cmd.certificate_type,
            applicant_id=cmd.applicant_id,
            case_id=cmd.case_id,
            case_number=cmd.case_number,
            issuer_department=cmd.issuer_department,
            bundle_id=cmd.bundle_id,
            service_type=cmd.service_type,
            issued_at=cmd.decided_at_iso,
            key_id=key_id,
        ),
    )


@dataclass(frozen=True)
class Verification:
    """What a verifier learns about a certificate."""

    valid: bool
    reason: str = ""
    claims: dict[str, Any] | None = None
    key_id: str = ""
    revoked: bool = False


def _parse_signed(data: bytes) -> tuple[dict[str, Any], str, str]:
    """(certificate claims, signature, key id) of a signed certificate file."""
    try:
        doc = json.loads(data)
        claims, sig = doc["certificate"], doc["signature"]
        if not isinstance(claims, dict) or not isinstance(sig, dict):
            raise TypeError("certificate and signature must be objects")
        return claims, str(sig["value"]), str(sig.get("key_id", ""))
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidArgument("signed_certificate", f"is not a signed certificate: {exc}") from exc


def _from_request(
    cmd: commands.VerifyCertificate, svc: Services, actor: Principal
) -> tuple[dict, str, str]:
    if cmd.signed_certificate:
        return _parse_signed(cmd.signed_certificate)
    if cmd.certificate_json and cmd.signature:
        try:
            claims = json.loads(cmd.certificate_json)
        except ValueError as exc:
            raise InvalidArgument("certificate_json", "is not JSON") from exc
        if not isinstance(claims, dict):
            raise InvalidArgument("certificate_json", "must be a JSON object")
        return claims, cmd.signature, svc.signer.key_id
    if cmd.certificate_json:
        raise InvalidArgument("signature", "is required with certificate_json")
    if not cmd.document_id:
        raise InvalidArgument(
            "document_id", "name a document, or send signed_certificate or certificate_json"
        )
    with svc.uow() as uow:
        document = uow.documents.get(cmd.document_id)
        version = uow.versions.get(cmd.document_id, 1) if document else None
    # By id only who may see it (a holder shows the file); anything else answers alike.
    if document is None or document.kind != CERTIFICATE or version is None:
        raise NotFound(access.CERTIFICATE_NOT_FOUND)
    access.readable(actor, document, message=access.CERTIFICATE_NOT_FOUND)
    return _parse_signed(b"".join(svc.store.read(version.content_key, svc.chunk_size)))


def verify_certificate(
    cmd: commands.VerifyCertificate, *, svc: Services, actor: Principal
) -> Verification:
    """Valid when our key signed exactly these claims and we issued that certificate."""
    claims, signature, key_id = _from_request(cmd, svc, actor)
    if not svc.signer.verify(cert.canonical_json(claims), signature, key_id):
        return Verification(False, "the signature does not match the certificate", claims, key_id)
    with svc.uow() as uow:
        issued = uow.certificates.get(str(claims.get("document_id", "")))
        document = uow.documents.get(issued.document_id) if issued else None
    if issued is None or document is None:
        return Verification(False, "no such certificate was issued here", claims, key_id)
    if issued.payload != cert.canonical_json(claims):
        return Verification(False, "the certificate differs from the one issued", claims, key_id)
    return Verification(True, "", claims, key_id, revoked=document.status == REVOKED)
