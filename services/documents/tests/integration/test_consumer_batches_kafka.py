"""The receipts and links consumers as they run — batch handlers, passing over the other case
events — through real Kafka and PostgreSQL: a wave of submissions in one poll gets one receipt
per case (a second event of a case adds none) and every document its case link."""

from __future__ import annotations

import time
import uuid

import pytest
from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from sqlalchemy import func, select

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow.documents.v1 import documents_pb2 as pb
from onewindow.events.v1 import envelope_pb2
from onewindow_documents import bootstrap
from onewindow_documents.adapters.orm import (
    SCHEMA,
    CaseLinkRow,
    CaseServiceTypeRow,
    CertificateRow,
)
from onewindow_documents.adapters.uow import SessionUnitOfWork
from onewindow_documents.entrypoints.case_links import (
    PAYLOADS,
    make_links_batch_handler,
)
from onewindow_documents.entrypoints.consumer import (
    RECEIPT_EVENTS,
    make_receipts_handler,
)
from onewindow_documents.testing import case_decided, case_submitted
from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.outbox import PendingEvent, make_envelope
from onewindow_kit.relay import make_producer
from onewindow_kit.settings import load_common

from .conftest import Stack

pytestmark = pytest.mark.integration


@pytest.fixture
def kafka() -> str:
    return load_common("documents", test=True).kafka_bootstrap


@pytest.fixture
def topic(kafka: str):
    name = f"test.documents.{uuid.uuid4().hex[:10]}"
    admin = KafkaAdminClient(bootstrap_servers=kafka)
    admin.create_topics([NewTopic(name, 1, 1), NewTopic(f"{name}.dlt", 1, 1)])
    try:
        yield name
    finally:
        admin.delete_topics([name, f"{name}.dlt"])
        admin.close()


def _consume(stack: Stack, kafka: str, topic: str, runner_kwargs: dict, *envelopes) -> None:
    """Publish (with the relay's event_type header), then let one runner apply them all."""
    producer = make_producer(kafka, "test-documents-batches")
    for envelope in envelopes:
        headers = [("event_type", envelope.type.encode()), ("correlation_id", b"c")]
        producer.send(topic, key=envelope.subject.encode(), value=envelope.SerializeToString(),
                      headers=headers)  # fmt: skip
    producer.flush()
    producer.close()
    runner = ConsumerRunner(
        name=f"test-batches-{uuid.uuid4().hex[:8]}", topics=[topic], engine=stack.engine,
        schema=SCHEMA, bootstrap=kafka, **runner_kwargs,
    )  # fmt: skip
    try:
        handled, deadline = 0, time.monotonic() + 30
        while handled < len(envelopes) and time.monotonic() < deadline:
            handled += runner.poll_once(timeout_ms=500)
        assert handled == len(envelopes)
    finally:
        runner.close()


def test_a_wave_of_submissions_gets_one_receipt_per_case(stack: Stack, kafka: str, topic: str):
    people = [stack.citizen() for _ in range(5)]
    waves = [case_submitted(applicant_id=person) for person, _ in people]
    again = case_submitted(applicant_id=people[0][0], case_id=waves[0].subject)  # new event id
    decided = case_decided(applicant_id=people[1][0], case_id=waves[1].subject)  # not receipts'
    services_for = bootstrap.session_services(
        stack.svc.store, stack.svc.signer, max_upload_bytes=1024
    )
    kwargs = {
        "batch_handler": make_receipts_handler(services_for),
        "event_types": RECEIPT_EVENTS,
    }
    _consume(stack, kafka, topic, kwargs, *waves, again, decided)
    for (_, me), envelope in zip(people, waves, strict=True):
        [receipt] = stack.stub.ListWallet(
            pb.ListWalletRequest(kind="receipt"), metadata=me
        ).documents
        assert receipt.case_id == envelope.subject
        verdict = stack.stub.VerifyCertificate(
            pb.VerifyCertificateRequest(document_id=receipt.id), metadata=me
        )
        assert verdict.valid and verdict.certificate_type == "application_receipt"
    with stack.engine.connect() as conn:
        rows = conn.execute(
            select(CertificateRow.case_id, func.count())
            .where(CertificateRow.case_id.in_([e.subject for e in waves]))
            .group_by(CertificateRow.case_id)
        ).all()
    assert sorted(rows) == sorted((e.subject, 1) for e in waves)  # no certificate for the decision


def _links_event(name: str, case_id: str, ids: list[str]) -> envelope_pb2.EventEnvelope:
    payload_type = PAYLOADS[f"onewindow.cases.{name}.v1"]
    payload = payload_type(case_id=case_id, responsible_department="civil", document_ids=ids)
    if isinstance(payload, cases_events.CaseSubmitted):
        payload.service_type = "business-licence"
    return make_envelope("cases", PendingEvent(name, case_id, "case", payload))


def test_a_wave_of_case_events_links_every_document(stack: Stack, kafka: str, topic: str):
    cases = [str(uuid.uuid4()) for _ in range(3)]
    docs = [str(uuid.uuid4()) for _ in range(4)]
    events = [
        _links_event("case_submitted", cases[0], [docs[0], docs[1]]),
        _links_event("case_submitted", cases[1], [docs[1]]),
        _links_event("case_submitted", cases[2], []),  # no document: its service type only
        _links_event("supplement_provided", cases[0], [docs[2], docs[0]]),
    ]
    box = bootstrap.outbox()
    handler = make_links_batch_handler(lambda session: SessionUnitOfWork(session, box))
    kwargs = {"batch_handler": handler, "event_types": PAYLOADS}
    _consume(stack, kafka, topic, kwargs, *events, events[0])  # and one redelivered
    with stack.engine.connect() as conn:
        links = conn.execute(
            select(CaseLinkRow.document_id, CaseLinkRow.case_id).where(
                CaseLinkRow.case_id.in_(cases)
            )
        ).all()
        types = conn.execute(
            select(CaseServiceTypeRow.case_id).where(CaseServiceTypeRow.case_id.in_(cases))
        ).scalars()
        assert sorted(types) == sorted(cases)
    expected = [
        (docs[0], cases[0]),
        (docs[1], cases[0]),
        (docs[1], cases[1]),
        (docs[2], cases[0]),
    ]
    assert sorted(links) == sorted(expected)
