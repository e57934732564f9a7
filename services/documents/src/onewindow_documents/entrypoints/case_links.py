"""The ``links`` process: case_submitted and supplement_provided of onewindow.cases.v1 name the
documents a case uses; each becomes a (document, case, department) link in the consumer's
transaction (with its dedupe row), which opens the document to that department's staff.
case_submitted also records the case's service type (a representative whose mandate covers
some service types sees the mandator's documents of those cases only).

Why events and not a LinkToCase RPC: cases already writes these events through its outbox in
the submission's own transaction, so no link is lost or made for a case that was rolled back,
and cases needs no second call (nor retry logic) towards documents. The price is a short delay
after submission before the department's staff can open the documents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow.events.v1 import envelope_pb2
from onewindow_documents.adapters.orm import SCHEMA
from onewindow_documents.adapters.uow import SessionUnitOfWork
from onewindow_documents.service_layer import case_links
from onewindow_documents.service_layer.ports import DocumentsUnitOfWork
from onewindow_kit.consumer import (
    BATCHED_FETCH,
    BatchHandler,
    ConsumerRunner,
    UndecodableEvent,
    unpack,
)
from onewindow_kit.outbox import event_type
from onewindow_kit.settings import CommonSettings
from onewindow_kit.topics import domain_topic

LINKS_CONSUMER_NAME = "documents-case-links"
CASE_SUBMITTED = event_type("cases", "case_submitted")
SUPPLEMENT_PROVIDED = event_type("cases", "supplement_provided")
PAYLOADS: dict[str, type[cases_events.CaseSubmitted | cases_events.SupplementProvided]] = {
    CASE_SUBMITTED: cases_events.CaseSubmitted,
    SUPPLEMENT_PROVIDED: cases_events.SupplementProvided,
}


def _case_documents(envelope: envelope_pb2.EventEnvelope) -> case_links.CaseDocuments | None:
    """What an event says of a case; None for other events and for events with nothing to
    record."""
    payload_type = PAYLOADS.get(envelope.type)
    if payload_type is None:
        return None
    payload: cases_events.CaseSubmitted | cases_events.SupplementProvided = unpack(
        envelope, payload_type
    )
    service_type = ""
    if isinstance(payload, cases_events.CaseSubmitted):
        service_type = payload.service_type
    if not payload.document_ids and not service_type:
        return None
    if not payload.case_id or not payload.responsible_department:
        raise UndecodableEvent(f"{envelope.type} {envelope.id} lacks case or department")
    return case_links.CaseDocuments(
        payload.case_id, payload.responsible_department, tuple(payload.document_ids),
        envelope.occurred_at.ToDatetime(tzinfo=UTC), service_type,
    )  # fmt: skip


def make_links_batch_handler(
    uow_for: Callable[[Session], DocumentsUnitOfWork],
) -> BatchHandler:
    """The ConsumerRunner batch handler: a polled batch's links and service types in one
    multi-row insert each; other case events are not its to act on."""

    def handle(session: Session, envelopes: list[envelope_pb2.EventEnvelope]) -> None:
        items = []
        for envelope in envelopes:
            try:
                item = _case_documents(envelope)
            except Exception as exc:
                exc.onewindow_event_id = envelope.id  # type: ignore[attr-defined]
                raise
            if item is not None:
                items.append(item)
        case_links.link_many(items, uow=lambda: uow_for(session))

    return handle


def make_links_handler(
    uow_for: Callable[[Session], DocumentsUnitOfWork],
) -> Callable[[Session, envelope_pb2.EventEnvelope], None]:
    """One event at a time (the batch handler's work for a batch of one)."""
    batch = make_links_batch_handler(uow_for)

    def handle(session: Session, envelope: envelope_pb2.EventEnvelope) -> None:
        batch(session, [envelope])

    return handle


def build_links_consumer(common: CommonSettings, engine: Engine) -> ConsumerRunner:
    """For the kit's ServiceSpec: case links from onewindow.cases.v1 in a consumer group of
    their own, from the start of the topic (links for cases submitted before it first ran)."""
    from onewindow_documents.bootstrap import outbox  # the one place that wires the outbox

    box = outbox()
    return ConsumerRunner(
        name=LINKS_CONSUMER_NAME,
        topics=[domain_topic("cases")],
        engine=engine,
        schema=SCHEMA,
        bootstrap=common.kafka_bootstrap,
        batch_handler=make_links_batch_handler(lambda session: SessionUnitOfWork(session, box)),
        consumer_config=BATCHED_FETCH,
        event_types=PAYLOADS,  # the rest of the cases topic is passed over unparsed
    )
