"""The ``consume`` process's handler: events of onewindow.documents.v1 → the cases service."""

from __future__ import annotations

from sqlalchemy.orm import Session

from onewindow.documents.v1 import events_pb2 as documents_events
from onewindow.events.v1 import envelope_pb2
from onewindow_cases.adapters.repository import CaseRepository
from onewindow_cases.service_layer.certificates import record_certificate
from onewindow_kit.consumer import unpack
from onewindow_kit.outbox import event_type

CERTIFICATE_ISSUED = event_type("documents", "certificate_issued")


def handle_documents_event(session: Session, envelope: envelope_pb2.EventEnvelope) -> None:
    """The kit consumer's handler: runs in its transaction, deduplicated by the kit."""
    if envelope.type != CERTIFICATE_ISSUED:
        return
    record_certificate(
        CaseRepository(session), unpack(envelope, documents_events.CertificateIssued)
    )
