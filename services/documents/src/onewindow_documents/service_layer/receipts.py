"""A signed receipt (回执) for every submitted case, into the applicant's wallet: a PDF whose QR
code carries a compact JWS, verifiable like a certificate. Once per case."""

from __future__ import annotations

from typing import Any

from onewindow.documents.v1 import events_pb2
from onewindow_documents.domain import certificate as cert
from onewindow_documents.domain.model import RECEIPT, Certificate
from onewindow_documents.service_layer import commands
from onewindow_documents.service_layer.certificates import (
    Issuance,
    new_document,
    sign,
    store_issued,
)
from onewindow_documents.service_layer.ports import ReceiptContent, Services
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


def receipt_content(cmd: commands.IssueReceipt, jws: str) -> ReceiptContent:
    """The printed lines of a receipt."""
    due = cmd.due_date or "待前序事项办结后确定 set when the earlier part is decided"
    lines = (
        ("受理编号 Case number", cmd.case_number),
        ("事项 Service", cmd.service_name or cmd.service_type),
        ("主办部门 Department", cmd.responsible_department),
        ("受理窗口 Receiving office", cmd.receiving_office or "网上 online"),
        ("受理时间 Received", cmd.submitted_at_iso),
        ("承诺办结 Due date", due),
    )
    return ReceiptContent(TITLE, lines, NEXT_STEPS, jws, QR_CAPTION)


def issue_receipt(cmd: commands.IssueReceipt, *, svc: Services) -> str | None:
    """Issue the case's receipt; None when it was issued before (nothing changes)."""
    if svc.render_receipt is None:
        raise RuntimeError("receipts need a renderer (Services.render_receipt)")
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
        content=svc.render_receipt(receipt_content(cmd, token)),
        content_type="application/pdf",
        filename=f"receipt-{cmd.case_number}.pdf",
        event=_issued_event(cmd, document_id, kid),
    )
    return store_issued(issuance, svc=svc)


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
