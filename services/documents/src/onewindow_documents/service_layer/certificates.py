"""Certificates: issued as a compact JWS on an approved decision (once per case and type),
revoked when the decision is annulled. Verification lives in verification.py."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from onewindow.documents.v1 import events_pb2
from onewindow_documents.domain import certificate as cert
from onewindow_documents.domain.model import (
    ACTIVE,
    CERTIFICATE,
    RECEIPT,
    REVOKED,
    Certificate,
    Document,
    DocumentVersion,
)
from onewindow_documents.service_layer import commands
from onewindow_documents.service_layer.ports import Services
from onewindow_kit.logging import get_logger
from onewindow_kit.outbox import PendingEvent

log = get_logger("onewindow.documents.certificates")
JWS_CONTENT_TYPE = "application/jose"


@dataclass(frozen=True)
class Issuance:
    """A signed document to store once per (case, type): its rows, content and event. A receipt
    comes without content: its PDF is rendered when first read (``receipts.rendered_version``)."""

    document: Document
    certificate: Certificate
    content: bytes | None
    content_type: str
    filename: str
    event: PendingEvent


def _claims(cmd: commands.IssueCertificate, document_id: str) -> dict[str, Any]:
    return {
        "format": cert.JWS_CERTIFICATE_FORMAT,
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


def sign(
    claims: dict[str, Any], issued_at: datetime, expires_at: datetime | None, svc: Services
) -> tuple[str, str]:
    """(compact JWS of the claims, key id)."""
    payload = cert.canonical_json(cert.jws_claims(claims, issued_at, expires_at))
    return svc.signer.sign_jws(payload)


def issue_certificate(cmd: commands.IssueCertificate, *, svc: Services) -> str | None:
    """Issue the case's certificate; None when it was issued before (nothing changes)."""
    document_id = cert.certificate_document_id(cmd.case_id, cmd.certificate_type)
    issued_at = cert.parse_rfc3339(cmd.decided_at_iso)
    days = svc.certificate_validity_days.get(cmd.certificate_type)
    expires_at = issued_at + timedelta(days=days) if days else None
    token, kid = sign(_claims(cmd, document_id), issued_at, expires_at, svc)
    row = Certificate(
        document_id=document_id,
        case_id=cmd.case_id,
        case_number=cmd.case_number,
        certificate_type=cmd.certificate_type,
        subject_id=cmd.applicant_id,
        issuer_department=cmd.issuer_department,
        service_type=cmd.service_type,
        bundle_id=cmd.bundle_id,
        issued_at=issued_at,
        payload=token.encode(),
        signature=token.rsplit(".", 1)[1],
        key_id=kid,
        source_event_id=cmd.event_id,
        expires_at=expires_at,
    )
    issuance = Issuance(
        document=new_document(row, kind=CERTIFICATE, now=svc.clock()),
        certificate=row,
        content=token.encode(),
        content_type=JWS_CONTENT_TYPE,
        filename=f"certificate-{document_id}.jws",
        event=_issued_event(row),
    )
    return store_issued(issuance, svc=svc)


def store_issued(issuance: Issuance, *, svc: Services) -> str | None:
    """Store a signed document once per (case, type); None when it exists (nothing changes)."""
    row = issuance.certificate
    key = cert.version_id(row.document_id, 1)
    with svc.uow() as uow:
        if uow.certificates.find(row.case_id, row.certificate_type) is not None:
            log.info("certificate_already_issued", case_id=row.case_id, document_id=row.document_id)
            return None
        uow.documents.add(issuance.document)
        if issuance.content is not None:
            # Written before the commit under a deterministic key: a failed commit leaves a file
            # no metadata points to, and the retry writes the very same bytes again.
            svc.store.put(key, issuance.content)
            uow.versions.add(
                content_version(issuance.document, key, issuance.content, svc.clock(),
                                content_type=issuance.content_type, filename=issuance.filename)
            )  # fmt: skip
        uow.certificates.add(row)
        uow.emit(issuance.event)
        uow.commit()
    log.info(
        "certificate_issued",
        case_id=row.case_id,
        document_id=row.document_id,
        kind=issuance.document.kind,
        key_id=row.key_id,
    )
    return row.document_id


def new_document(row: Certificate, *, kind: str, now: datetime, title: str = "") -> Document:
    """The wallet entry of an issued certificate or receipt."""
    return Document(
        id=row.document_id,
        owner_id=row.subject_id,
        document_type=row.certificate_type,
        title=title or row.certificate_type.replace("_", " "),
        kind=kind,
        certificate_type=row.certificate_type,
        issuer_department=row.issuer_department,
        status=ACTIVE,
        latest_version=1,
        created_at=now,
        updated_at=now,
        created_by=f"department:{row.issuer_department}",
        case_id=row.case_id,
        case_number=row.case_number,
    )


def content_version(
    document: Document, key: str, content: bytes, now: datetime, *, content_type: str, filename: str
) -> DocumentVersion:
    """Version 1 of an issued document: its content stored by the documents service itself."""
    return DocumentVersion(
        id=key,
        document_id=document.id,
        version=1,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content_type=content_type,
        filename=filename,
        content_key=key,
        uploaded_by="documents",
        uploaded_by_kind="system",
        uploaded_by_department="",
        uploaded_at=now,
    )


def _issued_event(row: Certificate) -> PendingEvent:
    return PendingEvent(
        name="certificate_issued",
        subject=row.document_id,
        aggregate_type="document",
        payload=events_pb2.CertificateIssued(
            document_id=row.document_id,
            certificate_type=row.certificate_type,
            applicant_id=row.subject_id,
            case_id=row.case_id,
            case_number=row.case_number,
            issuer_department=row.issuer_department,
            bundle_id=row.bundle_id,
            service_type=row.service_type,
            issued_at=cert.rfc3339(row.issued_at),
            key_id=row.key_id,
            expires_at=cert.rfc3339(row.expires_at) if row.expires_at else "",
        ),
    )


def revoke_case_certificates(cmd: commands.RevokeCaseCertificates, *, svc: Services) -> list[str]:
    """Revoke what was issued for an annulled decision (receipts stay: the application was
    received); the ids revoked now — none when they were revoked before."""
    revoked_at = cert.parse_rfc3339(cmd.annulled_at_iso)
    done = []
    with svc.uow() as uow:
        for row in uow.certificates.of_case(cmd.case_id):
            document = uow.documents.get(row.document_id, for_update=True)
            if document is None or document.kind == RECEIPT or row.revoked_at is not None:
                continue
            uow.certificates.save(replace(row, revoked_at=revoked_at, revocation_reason=cmd.reason))
            uow.documents.save(replace(document, status=REVOKED, updated_at=svc.clock()))
            uow.emit(_revoked_event(row, cmd))
            done.append(row.document_id)
        uow.commit()
    log.info("certificates_revoked", case_id=cmd.case_id, document_ids=done)
    return done


def _revoked_event(row: Certificate, cmd: commands.RevokeCaseCertificates) -> PendingEvent:
    return PendingEvent(
        name="certificate_revoked",
        subject=row.document_id,
        aggregate_type="document",
        payload=events_pb2.CertificateRevoked(
            document_id=row.document_id,
            certificate_type=row.certificate_type,
            applicant_id=row.subject_id,
            case_id=row.case_id,
            case_number=row.case_number,
            issuer_department=row.issuer_department,
            reason=cmd.reason,
            revoked_at=cmd.annulled_at_iso,
        ),
    )
