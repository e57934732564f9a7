"""The ``consume`` process's handler: events of onewindow.documents.v1 → the cases service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from zoneinfo import ZoneInfo

from google.protobuf.message import Message
from sqlalchemy.orm import Session

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow.documents.v1 import events_pb2 as documents_events
from onewindow.events.v1 import envelope_pb2
from onewindow_cases.adapters.repository import CaseRepository
from onewindow_cases.adapters.statistics_sql import SqlStatisticsLedger
from onewindow_cases.domain.calendar import WorkingCalendar
from onewindow_cases.service_layer.certificates import record_certificate
from onewindow_cases.service_layer.statistics import StatisticsEvent, record_events
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


# The statistics consumer's payload types, by short event name.
CASE_EVENTS: dict[str, type[Message]] = {
    "case_submitted": cases_events.CaseSubmitted,
    "case_decided": cases_events.CaseDecided,
    "case_closed": cases_events.CaseClosed,
    "supplement_requested": cases_events.SupplementRequested,
    "case_withdrawn": cases_events.CaseWithdrawn,
    "case_transferred": cases_events.CaseTransferred,
    "rating_received": cases_events.RatingReceived,
    "follow_up_overdue": cases_events.FollowUpOverdue,
    "follow_up_remediated": cases_events.FollowUpRemediated,
}
_BY_TYPE = {event_type("cases", name): (name, cls) for name, cls in CASE_EVENTS.items()}
STATISTICS_EVENT_TYPES = sorted(_BY_TYPE)  # the statistics consumer passes over the others


def statistics_event(envelope: envelope_pb2.EventEnvelope, tz: ZoneInfo) -> StatisticsEvent | None:
    """The envelope as a statistics event (None for an event the statistics ignore)."""
    known = _BY_TYPE.get(envelope.type)
    if known is None:
        return None
    name, payload_type = known
    day = envelope.occurred_at.ToDatetime(tzinfo=UTC).astimezone(tz).date()
    return StatisticsEvent(envelope.id, name, unpack(envelope, payload_type), day)


def statistics_handler(
    calendar: Callable[[], WorkingCalendar], schema: str, timezone: str
) -> Callable[[Session, list[envelope_pb2.EventEnvelope]], None]:
    """The ``statistics`` consumer's batch handler: a polled batch of the service's own events
    folded into per-bucket deltas and added with a few statements, in the kit consumer's
    transaction (deduplicated by the kit; on a failure it applies the batch one by one)."""
    tz = ZoneInfo(timezone)

    def handle(session: Session, envelopes: list[envelope_pb2.EventEnvelope]) -> None:
        events = [e for e in (statistics_event(env, tz) for env in envelopes) if e is not None]
        if events:
            record_events(SqlStatisticsLedger(session, schema, timezone), calendar(), events)

    return handle
