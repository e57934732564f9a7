"""Through real Kafka and PostgreSQL: an annulled decision revokes its certificate (once), a
rotated key keeps older certificates valid, every submitted case gets one receipt."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime

import pytest
from jwcrypto import jwk, jws
from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from sqlalchemy import func, select

from onewindow.documents.v1 import documents_pb2 as pb
from onewindow.events.v1 import envelope_pb2
from onewindow_documents import bootstrap
from onewindow_documents.adapters.orm import SCHEMA, CertificateRow
from onewindow_documents.entrypoints.consumer import make_handler
from onewindow_documents.testing import case_decided, case_submitted, decision_annulled
from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.relay import make_producer
from onewindow_kit.settings import load_common
from onewindow_kit.testing import bearer

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


def _publish_and_consume(
    stack: Stack, kafka: str, topic: str, *envelopes: envelope_pb2.EventEnvelope
) -> None:
    """Publish, then consume exactly those (one consumer group per topic: committed offsets
    carry over between calls, as for the running consumer)."""
    producer = make_producer(kafka, "test-documents")
    for envelope in envelopes:
        producer.send(topic, key=envelope.subject.encode(), value=envelope.SerializeToString())
    producer.flush()
    producer.close()
    runner = ConsumerRunner(
        name=f"test-documents-{topic}",
        topics=[topic],
        engine=stack.engine,
        schema=SCHEMA,
        bootstrap=kafka,
        handler=make_handler(
            bootstrap.session_services(stack.svc.store, stack.svc.signer, max_upload_bytes=1024)
        ),
    )
    try:
        handled, deadline = 0, time.monotonic() + 30
        while handled < len(envelopes) and time.monotonic() < deadline:
            handled += runner.poll_once(timeout_ms=500)
        assert handled == len(envelopes)
    finally:
        runner.close()


def _certificate(stack: Stack, me, kind: str = "certificate") -> pb.DocumentMetadata:
    [doc] = stack.stub.ListWallet(pb.ListWalletRequest(kind=kind), metadata=me).documents
    return doc


def _jws(stack: Stack, me, document_id: str) -> bytes:
    replies = list(
        stack.stub.DownloadDocument(
            pb.DownloadDocumentRequest(document_id=document_id), metadata=me
        )
    )
    return b"".join(r.chunk for r in replies[1:])


def test_annulment_revokes_the_certificate(stack: Stack, kafka: str, topic: str):
    person, me = stack.citizen()
    decided = case_decided(applicant_id=person)
    annulled = decision_annulled(case_id=decided.subject, reason="approved by mistake")
    _publish_and_consume(stack, kafka, topic, decided)
    doc = _certificate(stack, me)
    token = _jws(stack, me, doc.id)
    before = stack.stub.VerifyCertificate(
        pb.VerifyCertificateRequest(signed_certificate=token), metadata=me
    )
    assert before.valid and not before.revoked

    _publish_and_consume(stack, kafka, topic, annulled, annulled)  # redelivered
    after = stack.stub.VerifyCertificate(
        pb.VerifyCertificateRequest(signed_certificate=token), metadata=stack.citizen()[1]
    )
    assert (after.valid, after.revoked, after.revocation_reason) == (
        False, True, "approved by mistake",
    )  # fmt: skip
    when = annulled.occurred_at.ToDatetime(tzinfo=UTC).replace(microsecond=0)
    assert after.revoked_at.ToDatetime(tzinfo=UTC) == when
    assert _certificate(stack, me).status == "revoked"
    with stack.engine.connect() as conn:
        revoked = conn.execute(
            select(CertificateRow.revoked_at, CertificateRow.revocation_reason).where(
                CertificateRow.case_id == decided.subject
            )
        ).all()
    assert revoked == [(when, "approved by mistake")]


def test_rotation_keeps_old_certificates_valid(stack: Stack, kafka: str, topic: str):
    first, first_md = stack.citizen()
    second, second_md = stack.citizen()
    _publish_and_consume(stack, kafka, topic, case_decided(applicant_id=first))
    old_kid = stack.svc.signer.key_id
    new_kid = stack.svc.signer.rotate(datetime.now(UTC))  # type: ignore[attr-defined]
    _publish_and_consume(stack, kafka, topic, case_decided(applicant_id=second))
    old_token = _jws(stack, first_md, _certificate(stack, first_md).id)
    new_token = _jws(stack, second_md, _certificate(stack, second_md).id)

    anyone = stack.citizen()[1]
    for token, kid in ((old_token, old_kid), (new_token, new_kid)):
        verdict = stack.stub.VerifyCertificate(
            pb.VerifyCertificateRequest(signed_certificate=token), metadata=anyone
        )
        assert (verdict.valid, verdict.key_id) == (True, kid)
    gateway = bearer(stack.tokens.token(roles=("gateway",)))
    keys = stack.stub.GetSigningKeys(pb.GetSigningKeysRequest(), metadata=gateway)
    by_kid = {k.kid: k for k in keys.keys}
    assert by_kid[old_kid].HasField("retired_at") and not by_kid[new_kid].HasField("retired_at")
    # offline, with the published set alone: a JOSE library verifies old and new
    key_set = jwk.JWKSet.from_json(keys.jwks_json)
    for token in (old_token, new_token):
        checked = jws.JWS()
        checked.deserialize(token.decode())
        checked.verify(key_set)
        assert json.loads(checked.payload)["iss"] == "onewindow:documents"


def test_one_receipt_per_submitted_case(stack: Stack, kafka: str, topic: str):
    person, me = stack.citizen()
    submitted = case_submitted(applicant_id=person)
    _publish_and_consume(stack, kafka, topic, submitted, submitted)
    receipt = _certificate(stack, me, kind="receipt")
    assert (receipt.case_id, receipt.kind) == (submitted.subject, "receipt")
    pdf = _jws(stack, me, receipt.id)
    assert pdf.startswith(b"%PDF-")
    with stack.engine.connect() as conn:
        count = conn.execute(
            select(func.count()).where(CertificateRow.case_id == submitted.subject)
        ).scalar_one()
    assert count == 1
    verdict = stack.stub.VerifyCertificate(
        pb.VerifyCertificateRequest(document_id=receipt.id), metadata=me
    )
    assert verdict.valid and verdict.certificate_type == "application_receipt"
