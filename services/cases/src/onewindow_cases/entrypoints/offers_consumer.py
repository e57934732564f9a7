"""The ``offers`` process's handler: certificate_issued (onewindow.documents.v1) and
case_decided (onewindow.cases.v1) → offers, in the kit consumer's transaction (deduplicated
by the kit; the (rule, person, event) key makes a second offer impossible anyway)."""

from __future__ import annotations

from collections.abc import Callable

from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message
from sqlalchemy.orm import Session

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow.documents.v1 import events_pb2 as documents_events
from onewindow.events.v1 import envelope_pb2
from onewindow_cases.adapters.offers_sql import ConsumerOffersUnit
from onewindow_cases.domain.catalogue import Catalogue
from onewindow_cases.service_layer.offers import Trigger, make_offers
from onewindow_cases.service_layer.ports import Clock
from onewindow_kit.consumer import unpack
from onewindow_kit.outbox import Outbox, event_type

TRIGGERS: dict[str, tuple[str, type[Message]]] = {
    event_type("documents", "certificate_issued"): (
        "certificate_issued",
        documents_events.CertificateIssued,
    ),
    event_type("cases", "case_decided"): ("case_decided", cases_events.CaseDecided),
}


def trigger_of(envelope: envelope_pb2.EventEnvelope) -> Trigger | None:
    """The envelope as a Trigger (None for other event types)."""
    known = TRIGGERS.get(envelope.type)
    if known is None:
        return None
    name, payload_type = known
    payload = MessageToDict(
        unpack(envelope, payload_type), preserving_proto_field_name=True,
        always_print_fields_with_no_presence=True,
    )  # fmt: skip
    return Trigger(
        name, envelope.id, str(payload.get("applicant_id", "")), str(payload.get("case_id", "")),
        payload,
    )  # fmt: skip


def offers_handler(
    catalogue: Callable[[], Catalogue], outbox: Outbox, clock: Clock
) -> Callable[[Session, list[envelope_pb2.EventEnvelope]], None]:
    """The consumer's batch handler over the published catalogue's offer rules: a polled batch
    of events is applied with a few statements (the kit falls back to one by one on failure)."""

    def handle(session: Session, envelopes: list[envelope_pb2.EventEnvelope]) -> None:
        triggers = [t for t in map(trigger_of, envelopes) if t is not None]
        if triggers:
            unit = ConsumerOffersUnit(session, outbox)
            make_offers(unit, catalogue(), triggers, clock.now(), clock.today())

    return handle
