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
from onewindow_documents.entrypoints.consumer import BATCHED_FETCH
from onewindow_documents.service_layer import case_links
from onewindow_documents.service_layer.ports import DocumentsUnitOfWork
from onewindow_kit.consumer import ConsumerRunner, UndecodableEvent, unpack
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


def make_links_handler(
    uow_for: Callable[[Session], DocumentsUnitOfWork],
) -> Callable[[Session, envelope_pb2.EventEnvelope], None]:
    """The ConsumerRunner handler: other case events are not its to act on."""

    def handle(session: Session, envelope: envelope_pb2.EventEnvelope) -> None:
        payload_type = PAYLOADS.get(envelope.type)
        if payload_type is None:
            return
        payload: cases_events.CaseSubmitted | cases_events.SupplementProvided = unpack(
            envelope, payload_type
        )
        service_type = ""
        if isinstance(payload, cases_events.CaseSubmitted):
            service_type = payload.service_type
        if not payload.document_ids and not service_type:
            return
        if not payload.case_id or not payload.responsible_department:
            raise UndecodableEvent(f"{envelope.type} {envelope.id} lacks case or department")
        case_links.link_documents(
            payload.case_id, payload.responsible_department, payload.document_ids,
            uow=lambda: uow_for(session), at=envelope.occurred_at.ToDatetime(tzinfo=UTC),
            service_type=service_type,
        )  # fmt: skip

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
        handler=make_links_handler(lambda session: SessionUnitOfWork(session, box)),
        consumer_config=BATCHED_FETCH,
    )
