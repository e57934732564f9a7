"""A signed receipt (回执) for every submitted case, into the applicant's wallet: a PDF whose QR
code carries a compact JWS, verifiable like a certificate. Once per case.

The receipt is issued (signed, in the wallet, ``receipt_issued`` published) when the case is
submitted; its PDF is rendered when someone first reads its content or versions, from the signed
claims alone, and stored once. Rendering is deterministic (reportlab's invariant mode), so the
file is byte for byte the one an issue-time rendering gave — nothing is lost — while a wave of
submissions no longer costs a PDF each (~0.06 s of CPU, most receipts are never downloaded)."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any

from onewindow.documents.v1 import events_pb2
from onewindow_documents.domain import certificate as cert
from onewindow_documents.domain.model import RECEIPT, Certificate, Document, DocumentVersion
from onewindow_documents.service_layer import commands
from onewindow_documents.service_layer.certificates import (
    Issuance,
    content_version,
    new_document,
    sign,
    store_issued,
)
from onewindow_documents.service_layer.ports import DocumentsUnitOfWork, ReceiptContent, Services
from onewindow_kit.outbox import PendingEvent

RECEIPT_TYPE = "application_receipt"
TITLE = "受理回执 Application receipt"
# Chinese punctuation is full-width on purpose (RUF001 flags it as look-alike ASCII).
NEXT_STEPS = (
    "下一步：主办部门审查您的申请；如需补正材料，将通知您。",  # noqa: RUF001
    "Next: the department examines your application and tells you if anything is missing.",
    "办结后，决定与证照将发送至您的电子证照夹。",  # noqa: RUF001
    "The decision, and any certificate, will reach your wallet when the case is decided.",
)
QR_CAPTION = "扫码验证 Scan to verify: a compact JWS (EdDSA), keys at /v1/certificates/signing-keys"


def _claims(cmd: commands.IssueReceipt, document_id: str) -> dict[str, Any]:
    return {
        "format": cert.RECEIPT_FORMAT,
        "document_id": document_id,
        "certificate_type": RECEIPT_TYPE,
        "subject_id": cmd.applicant_id,
        "issuer_department": cmd.responsible_department,
        "case_id": cmd.case_id,
        "case_number": cmd.case_number,
        "service_type": cmd.service_type,
        "receiving_office": cmd.receiving_office,
        "due_date": cmd.due_date,
        "issued_at": cmd.submitted_at_iso,
    }


def receipt_content(claims: Mapping[str, Any], jws: str) -> ReceiptContent:
    """The printed lines of a receipt, from its signed claims."""
    due = claims.get("due_date") or "待前序事项办结后确定 set when the earlier part is decided"
    lines = (
        ("受理编号 Case number", str(claims["case_number"])),
        ("事项 Service", str(claims["service_type"])),
        ("主办部门 Department", str(claims["issuer_department"])),
        ("受理窗口 Receiving office", claims.get("receiving_office") or "网上 online"),
        ("受理时间 Received", str(claims["issued_at"])),
        ("承诺办结 Due date", str(due)),
    )
    return ReceiptContent(TITLE, lines, NEXT_STEPS, jws, QR_CAPTION)


def _signed_claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


def issue_receipt(cmd: commands.IssueReceipt, *, svc: Services) -> str | None:
    """Issue the case's receipt (its PDF is rendered on first read); None when it was issued
    before (nothing changes)."""
    document_id = cert.certificate_document_id(cmd.case_id, RECEIPT_TYPE)
    issued_at = cert.parse_rfc3339(cmd.submitted_at_iso)
    token, kid = sign(_claims(cmd, document_id), issued_at, None, svc)
    row = Certificate(
        document_id=document_id,
        case_id=cmd.case_id,
        case_number=cmd.case_number,
        certificate_type=RECEIPT_TYPE,
        subject_id=cmd.applicant_id,
        issuer_department=cmd.responsible_department,
        service_type=cmd.service_type,
        bundle_id="",
        issued_at=issued_at,
        payload=token.encode(),
        signature=token.rsplit(".", 1)[1],
        key_id=kid,
        source_event_id=cmd.event_id,
    )
    now = svc.clock()
    issuance = Issuance(
        document=new_document(row, kind=RECEIPT, now=now, title=f"受理回执 {cmd.case_number}"),
        certificate=row,
        content=None,
        content_type="application/pdf",
        filename=f"receipt-{cmd.case_number}.pdf",
        event=_issued_event(cmd, document_id, kid),
    )
    return store_issued(issuance, svc=svc)


def rendered_version(
    uow: DocumentsUnitOfWork, document: Document, *, svc: Services
) -> DocumentVersion | None:
    """Version 1 of a receipt, its PDF rendered and stored now if no read did it before (in the
    caller's transaction, under the document's row lock: concurrent first reads render once).
    None for anything that is not a receipt."""
    if document.kind != RECEIPT:
        return None
    uow.documents.get(document.id, for_update=True)
    version = uow.versions.get(document.id, 1)
    if version is not None:  # another read rendered it while this one waited for the lock
        return version
    row = uow.certificates.get(document.id)
    if row is None or svc.render_receipt is None:
        return None
    token = row.payload.decode()
    claims = _signed_claims(token)
    content = svc.render_receipt(receipt_content(claims, token))
    key = cert.version_id(document.id, 1)
    svc.store.put(key, content)  # deterministic key and bytes: a failed commit is harmless
    version = content_version(
        document,
        key,
        content,
        document.created_at,
        content_type="application/pdf",
        filename=f"receipt-{row.case_number}.pdf",
    )
    uow.versions.add(version)
    return version


def _issued_event(cmd: commands.IssueReceipt, document_id: str, kid: str) -> PendingEvent:
    return PendingEvent(
        name="receipt_issued",
        subject=document_id,
        aggregate_type="document",
        payload=events_pb2.ReceiptIssued(
            document_id=document_id,
            applicant_id=cmd.applicant_id,
            case_id=cmd.case_id,
            case_number=cmd.case_number,
            service_type=cmd.service_type,
            receiving_office=cmd.receiving_office,
            due_date=cmd.due_date,
            key_id=kid,
        ),
    )
