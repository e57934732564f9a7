"""Case decisions through real Kafka and the kit's ConsumerRunner → certificates over gRPC."""

from __future__ import annotations

import base64
import json
import time
import uuid

import pytest
from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from sqlalchemy import func, select

from onewindow.documents.v1 import documents_pb2 as pb
from onewindow_documents import bootstrap
from onewindow_documents.adapters.orm import SCHEMA, CertificateRow
from onewindow_documents.entrypoints.consumer import make_handler
from onewindow_documents.testing import case_decided
from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.relay import make_producer

from .conftest import Stack

pytestmark = pytest.mark.integration
BOOTSTRAP = "127.0.0.1:9092"


@pytest.fixture
def topic():
    name = f"test.documents.{uuid.uuid4().hex[:10]}"
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    admin.create_topics([NewTopic(name, 1, 1), NewTopic(f"{name}.dlt", 1, 1)])
    try:
        yield name
    finally:
        admin.delete_topics([name, f"{name}.dlt"])
        admin.close()


def _consume(stack: Stack, topic: str, expected: int) -> None:
    services_for = bootstrap.session_services(
        stack.svc.store, stack.svc.signer, max_upload_bytes=1024
    )
    runner = ConsumerRunner(
        name=f"test-documents-{uuid.uuid4().hex[:6]}",
        topics=[topic],
        engine=stack.engine,
        schema=SCHEMA,
        bootstrap=BOOTSTRAP,
        handler=make_handler(services_for),
    )
    try:
        handled, deadline = 0, time.monotonic() + 20
        while handled < expected and time.monotonic() < deadline:
            handled += runner.poll_once(timeout_ms=500)
        assert handled == expected
    finally:
        runner.close()


def test_approved_case_issues_one_verifiable_certificate(stack: Stack, topic: str):
    person, me = stack.citizen()
    decided = case_decided(applicant_id=person)
    rejected = case_decided(applicant_id=person, outcome="rejected")
    producer = make_producer(BOOTSTRAP, "test-documents")
    for envelope in (decided, decided, rejected):  # the first one redelivered
        producer.send(topic, key=envelope.subject.encode(), value=envelope.SerializeToString())
    producer.flush()
    producer.close()
    _consume(stack, topic, expected=3)

    wallet = stack.stub.ListWallet(pb.ListWalletRequest(kind="certificate"), metadata=me)
    [cert] = wallet.documents
    assert (cert.certificate_type, cert.issuer_department, cert.case_id) == (
        "birth_medical_certificate", "health", decided.subject,
    )  # fmt: skip
    with stack.engine.connect() as conn:
        count = conn.execute(
            select(func.count()).where(CertificateRow.case_id == decided.subject)
        ).scalar_one()
    assert count == 1
    verdict = stack.stub.VerifyCertificate(
        pb.VerifyCertificateRequest(document_id=cert.id), metadata=me
    )
    assert verdict.valid and not verdict.revoked
    assert (verdict.subject_id, verdict.issuer_department) == (person, "health")
    assert verdict.issued_at.ToDatetime().year >= 2026

    replies = list(
        stack.stub.DownloadDocument(pb.DownloadDocumentRequest(document_id=cert.id), metadata=me)
    )
    header, payload, signature = b"".join(r.chunk for r in replies[1:]).split(b".")
    claims = json.loads(base64.urlsafe_b64decode(payload + b"=="))
    claims["certificate_type"] = "marriage_certificate"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
    tampered = stack.stub.VerifyCertificate(
        pb.VerifyCertificateRequest(signed_certificate=b".".join([header, forged, signature])),
        metadata=stack.citizen()[1],
    )
    assert not tampered.valid
    assert tampered.reason == "the signature does not match the certificate"
