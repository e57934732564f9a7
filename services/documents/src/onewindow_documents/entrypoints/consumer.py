"""The ``consume`` process: case decisions from onewindow.cases.v1 → certificates issued."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC

from sqlalchemy.orm import Session

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow.events.v1 import envelope_pb2
from onewindow_documents.domain.certificate import rfc3339
from onewindow_documents.service_layer import certificates, commands
from onewindow_documents.service_layer.ports import Services
from onewindow_kit.consumer import UndecodableEvent, unpack
from onewindow_kit.logging import get_logger
from onewindow_kit.outbox import event_type

log = get_logger("onewindow.documents.consumer")
CONSUMER_NAME = "documents-certificates"
CASE_DECIDED = event_type("cases", "case_decided")


def issue_command(
    envelope: envelope_pb2.EventEnvelope, decided: cases_events.CaseDecided
) -> commands.IssueCertificate | None:
    """The certificate to issue for a decision, or None when it issues none."""
    if decided.outcome != "approved" or not decided.issue_certificate:
        return None
    missing = [
        name
        for name in ("case_id", "applicant_id", "certificate_type", "responsible_department")
        if not getattr(decided, name)
    ]
    if missing:
        raise UndecodableEvent(f"case_decided {envelope.id} lacks {', '.join(missing)}")
    if not envelope.HasField("occurred_at"):
        raise UndecodableEvent(f"case_decided {envelope.id} has no occurred_at")
    return commands.IssueCertificate(
        event_id=envelope.id,
        case_id=decided.case_id,
        case_number=decided.case_number,
        certificate_type=decided.certificate_type,
        applicant_id=decided.applicant_id,
        issuer_department=decided.responsible_department,
        service_type=decided.service_type,
        bundle_id=decided.bundle_id,
        decided_at_iso=rfc3339(envelope.occurred_at.ToDatetime(tzinfo=UTC)),
    )


def make_handler(
    services_for: Callable[[Session], Services],
) -> Callable[[Session, envelope_pb2.EventEnvelope], None]:
    """The ConsumerRunner handler: works inside the runner's transaction (with the dedupe row)."""

    def handle(session: Session, envelope: envelope_pb2.EventEnvelope) -> None:
        if envelope.type != CASE_DECIDED:
            return  # other case events are not ours to act on
        cmd = issue_command(envelope, unpack(envelope, cases_events.CaseDecided))
        if cmd is None:
            log.debug("case_decided_no_certificate", event_id=envelope.id)
            return
        certificates.issue_certificate(cmd, svc=services_for(session))

    return handle
