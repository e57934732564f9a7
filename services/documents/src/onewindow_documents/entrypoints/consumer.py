"""The ``consume`` process: case events from onewindow.cases.v1 → a receipt for every submitted
case, a certificate for an approval that issues one, its revocation when the approval is annulled.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC

from sqlalchemy.orm import Session

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow.events.v1 import envelope_pb2
from onewindow_documents.domain.certificate import rfc3339
from onewindow_documents.service_layer import certificates, commands, receipts
from onewindow_documents.service_layer.ports import Services
from onewindow_kit.consumer import BatchHandler, UndecodableEvent, unpack
from onewindow_kit.logging import get_logger
from onewindow_kit.outbox import event_type

log = get_logger("onewindow.documents.consumer")
CONSUMER_NAME = "documents-certificates"
RECEIPTS_CONSUMER_NAME = "documents-receipts"
CASE_DECIDED = event_type("cases", "case_decided")
DECISION_ANNULLED = event_type("cases", "decision_annulled")
CASE_SUBMITTED = event_type("cases", "case_submitted")
# Receipts (a PDF each, ~0.1 s of CPU) have a consumer group of their own, so a wave of
# submissions never delays the certificates of decisions.
CERTIFICATE_EVENTS = frozenset({CASE_DECIDED, DECISION_ANNULLED})
RECEIPT_EVENTS = frozenset({CASE_SUBMITTED})


def _occurred(envelope: envelope_pb2.EventEnvelope) -> str:
    if not envelope.HasField("occurred_at"):
        raise UndecodableEvent(f"{envelope.type} {envelope.id} has no occurred_at")
    return rfc3339(envelope.occurred_at.ToDatetime(tzinfo=UTC))


def _require(envelope: envelope_pb2.EventEnvelope, payload: object, names: tuple[str, ...]) -> None:
    missing = [name for name in names if not getattr(payload, name)]
    if missing:
        raise UndecodableEvent(f"{envelope.type} {envelope.id} lacks {', '.join(missing)}")


def issue_command(
    envelope: envelope_pb2.EventEnvelope, decided: cases_events.CaseDecided
) -> commands.IssueCertificate | None:
    """The certificate to issue for a decision, or None when it issues none."""
    if decided.outcome != "approved" or not decided.issue_certificate:
        return None
    names = ("case_id", "applicant_id", "certificate_type", "responsible_department")
    _require(envelope, decided, names)
    return commands.IssueCertificate(
        event_id=envelope.id,
        case_id=decided.case_id,
        case_number=decided.case_number,
        certificate_type=decided.certificate_type,
        applicant_id=decided.applicant_id,
        issuer_department=decided.responsible_department,
        service_type=decided.service_type,
        bundle_id=decided.bundle_id,
        decided_at_iso=_occurred(envelope),
    )


def revoke_command(
    envelope: envelope_pb2.EventEnvelope, annulled: cases_events.DecisionAnnulled
) -> commands.RevokeCaseCertificates:
    """What a decision_annulled revokes."""
    _require(envelope, annulled, ("case_id", "reason"))
    return commands.RevokeCaseCertificates(
        event_id=envelope.id,
        case_id=annulled.case_id,
        reason=annulled.reason,
        annulled_at_iso=_occurred(envelope),
    )


def receipt_command(
    envelope: envelope_pb2.EventEnvelope, submitted: cases_events.CaseSubmitted
) -> commands.IssueReceipt:
    """The receipt of a submitted case."""
    _require(envelope, submitted, ("case_id", "case_number", "applicant_id"))
    return commands.IssueReceipt(
        event_id=envelope.id,
        case_id=submitted.case_id,
        case_number=submitted.case_number,
        service_type=submitted.service_type,
        service_name=submitted.service_type,
        applicant_id=submitted.applicant_id,
        responsible_department=submitted.responsible_department,
        receiving_office=submitted.receiving_office,
        due_date=submitted.due_date,
        submitted_at_iso=_occurred(envelope),
    )


def make_handler(
    services_for: Callable[[Session], Services],
    events: frozenset[str] = CERTIFICATE_EVENTS | RECEIPT_EVENTS,
) -> Callable[[Session, envelope_pb2.EventEnvelope], None]:
    """The ConsumerRunner handler for ``events``: works inside the runner's transaction (with
    the dedupe row); other case events are not its to act on."""

    def handle(session: Session, envelope: envelope_pb2.EventEnvelope) -> None:
        if envelope.type not in events:
            return
        if envelope.type == CASE_DECIDED:
            cmd = issue_command(envelope, unpack(envelope, cases_events.CaseDecided))
            if cmd is None:
                log.debug("case_decided_no_certificate", event_id=envelope.id)
                return
            certificates.issue_certificate(cmd, svc=services_for(session))
        elif envelope.type == DECISION_ANNULLED:
            revoke = revoke_command(envelope, unpack(envelope, cases_events.DecisionAnnulled))
            certificates.revoke_case_certificates(revoke, svc=services_for(session))
        elif envelope.type == CASE_SUBMITTED:
            receipt = receipt_command(envelope, unpack(envelope, cases_events.CaseSubmitted))
            receipts.issue_receipt(receipt, svc=services_for(session))

    return handle


def make_receipts_handler(services_for: Callable[[Session], Services]) -> BatchHandler:
    """The receipts consumer's ConsumerRunner batch handler: the receipts of a polled batch's
    case_submitted events issued in one unit of work (see ``receipts.issue_receipts``)."""

    def handle(session: Session, envelopes: list[envelope_pb2.EventEnvelope]) -> None:
        cmds = []
        for envelope in envelopes:
            if envelope.type != CASE_SUBMITTED:
                continue
            try:
                cmds.append(receipt_command(envelope, unpack(envelope, cases_events.CaseSubmitted)))
            except Exception as exc:
                exc.onewindow_event_id = envelope.id  # type: ignore[attr-defined]
                raise
        receipts.issue_receipts(cmds, svc=services_for(session))

    return handle
