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
from collections.abc import Mapping, Sequence
from typing import Any

from onewindow.documents.v1 import events_pb2
from onewindow_documents.domain import certificate as cert
from onewindow_documents.domain.model import RECEIPT, Certificate, Document, DocumentVersion
from onewindow_documents.service_layer import commands
from onewindow_documents.service_layer.certificates import content_version, new_document, sign
from onewindow_documents.service_layer.ports import DocumentsUnitOfWork, ReceiptContent, Services
from onewindow_kit.logging import get_logger
from onewindow_kit.outbox import PendingEvent

log = get_logger("onewindow.documents.receipts")

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
    issued = issue_receipts([cmd], svc=svc)
    return issued[0] if issued else None


def issue_receipts(cmds: Sequence[commands.IssueReceipt], *, svc: Services) -> list[str]:
    """Issue the receipts of many submitted cases in one unit of work (a consumer's batch:
    one lookup and one multi-row insert per table instead of a round of statements per case);
    the document ids issued now. A case whose receipt exists, or that the batch names twice,
    gets one receipt only."""
    if not cmds:
        return []
    with svc.uow() as uow:
        done = uow.certificates.cases_with(RECEIPT_TYPE, [c.case_id for c in cmds])
        documents, rows = [], []
        for cmd in cmds:
            if cmd.case_id in done:
                continue
            done.add(cmd.case_id)
            document, row = _receipt(cmd, svc)
            documents.append(document)
            rows.append(row)
            uow.emit(_issued_event(cmd, row.document_id, row.key_id))
        uow.documents.add_many(documents)
        uow.certificates.add_many(rows)
        uow.commit()
    # one line per batch, not per receipt (a wave of submissions wrote thousands)
    log.info("receipts_issued", count=len(rows), already_issued=len(cmds) - len(rows))
    return [row.document_id for row in rows]


def _receipt(cmd: commands.IssueReceipt, svc: Services) -> tuple[Document, Certificate]:
    """A receipt's wallet entry and signed certificate row."""
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
    title = f"受理回执 {cmd.case_number}"
    return new_document(row, kind=RECEIPT, now=svc.clock(), title=title), row


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
