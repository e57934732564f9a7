"""Certificates issued from case decisions (through the consumer's handler) and verified."""

from __future__ import annotations

import base64
import json
import uuid

import pytest

from onewindow_documents.entrypoints.consumer import make_handler
from onewindow_documents.service_layer import reads, uploads, verification
from onewindow_documents.service_layer.commands import (
    Download,
    ListWallet,
    Upload,
    VerifyCertificate,
)
from onewindow_documents.testing import (
    World,
    case_decided,
    citizen,
    memory_world,
    sample_pdf,
    staff,
)
from onewindow_kit.consumer import UndecodableEvent
from onewindow_kit.errors import NotFound, PermissionDenied


def _consume(world: World, *envelopes) -> None:
    handle = make_handler(lambda _session: world.svc)
    for envelope in envelopes:
        handle(None, envelope)  # type: ignore[arg-type]


def test_approval_issues_a_signed_certificate_into_the_wallet():
    world, applicant = memory_world(chunk_size=64), citizen()
    envelope = case_decided(applicant_id=applicant.person_id)
    _consume(world, envelope)
    [doc], _ = reads.list_wallet(ListWallet(kind="certificate"), svc=world.svc, actor=applicant)
    assert (doc.certificate_type, doc.issuer_department, doc.owner_id) == (
        "birth_medical_certificate",
        "health",
        applicant.person_id,
    )
    [event] = world.tables.events
    assert event.name == "certificate_issued"
    assert (event.payload.case_id, event.payload.bundle_id) == (envelope.subject, "bundle-1")
    verdict = verification.verify_certificate(
        VerifyCertificate(document_id=doc.id), svc=world.svc, actor=applicant
    )
    assert verdict.valid and not verdict.revoked
    assert verdict.claims is not None and verdict.claims["subject_id"] == applicant.person_id


def test_the_same_decision_twice_issues_one_certificate():
    world, applicant = memory_world(), citizen()
    envelope = case_decided(applicant_id=applicant.person_id)
    _consume(world, envelope, envelope)
    assert len(world.tables.certificates) == 1 and len(world.tables.events) == 1


def test_rejections_and_other_events_issue_nothing():
    world, applicant = memory_world(), citizen()
    rejected = case_decided(applicant_id=applicant.person_id, outcome="rejected")
    no_certificate = case_decided(applicant_id=applicant.person_id, issue_certificate=False)
    other = case_decided(applicant_id=applicant.person_id)
    other.type = "onewindow.cases.case_closed.v1"
    _consume(world, rejected, no_certificate, other)
    assert world.tables.documents == {} and world.tables.events == []
    broken = case_decided(applicant_id="")
    with pytest.raises(UndecodableEvent):
        _consume(world, broken)


def test_tampered_certificate_is_invalid():
    world, applicant = memory_world(chunk_size=64), citizen()
    _consume(world, case_decided(applicant_id=applicant.person_id))
    [doc] = world.tables.documents.values()
    _, content = reads.download(Download(doc.id), svc=world.svc, actor=applicant)
    signed = b"".join(content)  # the downloaded file is the compact JWS
    genuine = verification.verify_certificate(
        VerifyCertificate(signed_certificate=signed), svc=world.svc, actor=citizen()
    )
    assert genuine.valid and genuine.claims is not None
    header, payload, signature = signed.decode().split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["subject_id"] = "someone-else"
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    forged = f"{header}.{forged_payload}.{signature}".encode()
    verdict = verification.verify_certificate(
        VerifyCertificate(signed_certificate=forged), svc=world.svc, actor=citizen()
    )
    assert not verdict.valid and "signature" in verdict.reason
    separate = verification.verify_certificate(
        VerifyCertificate(certificate_json=json.dumps(claims).encode(), signature=signature),
        svc=world.svc,
        actor=citizen(),
    )
    assert not separate.valid


def test_verifying_by_id_needs_the_right_to_see_it():
    world, applicant, stranger = memory_world(), citizen(), citizen()
    _consume(world, case_decided(applicant_id=applicant.person_id))
    [doc] = world.tables.documents.values()
    upload, _ = uploads.upload_document(
        Upload(document_type="resident_id"), [sample_pdf(b"x")], svc=world.svc, actor=stranger
    )
    answers = set()
    for document_id, actor in (
        (doc.id, stranger),  # someone else's certificate
        (str(uuid.uuid4()), stranger),  # no such document
        (upload.id, stranger),  # the caller's own upload is no certificate
        (doc.id, staff("auditor", "audit")),  # staff who may not read documents
    ):
        with pytest.raises(NotFound) as exc:
            verification.verify_certificate(
                VerifyCertificate(document_id=document_id), svc=world.svc, actor=actor
            )
        answers.add(exc.value.message)
    assert answers == {"certificate not found"}
    with pytest.raises(NotFound):  # a clerk of another department than the issuer
        verification.verify_certificate(
            VerifyCertificate(document_id=doc.id), svc=world.svc, actor=staff("clerk", "psb")
        )
    assert verification.verify_certificate(
        VerifyCertificate(document_id=doc.id), svc=world.svc, actor=staff("clerk", "health")
    ).valid


def test_a_certificate_can_be_seen_but_not_changed():
    world, applicant = memory_world(), citizen()
    _consume(world, case_decided(applicant_id=applicant.person_id))
    [doc] = world.tables.documents.values()
    with pytest.raises(PermissionDenied, match="issued certificates cannot be changed"):
        uploads.upload_document(
            Upload(document_id=doc.id), [sample_pdf(b"edited")], svc=world.svc, actor=applicant
        )
    assert world.tables.documents[doc.id].latest_version == 1
