"""Certificates as compact JWS: offline verification with a JOSE library, key rotation,
revocation on annulment, expiry; receipts for submitted cases."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from jwcrypto import jwk, jws
from jwcrypto.common import JWKeyNotFound

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow_documents.adapters.receipt_pdf import render_receipt
from onewindow_documents.adapters.signing import KeyRing, jwk_set, load_key_ring, rotate_key
from onewindow_documents.domain.certificate import rfc3339
from onewindow_documents.entrypoints.consumer import (
    CERTIFICATE_EVENTS,
    RECEIPT_EVENTS,
    make_handler,
)
from onewindow_documents.service_layer import reads, receipts, verification
from onewindow_documents.service_layer.commands import (
    Download,
    ListVersions,
    ListWallet,
    VerifyCertificate,
)
from onewindow_documents.service_layer.ports import InvalidJws, ReceiptContent
from onewindow_documents.testing import (
    World,
    case_decided,
    case_submitted,
    citizen,
    decision_annulled,
    memory_world,
)


def _consume(world: World, *envelopes) -> None:
    handle = make_handler(lambda _session: world.svc)
    for envelope in envelopes:
        handle(None, envelope)  # type: ignore[arg-type]


def _issued_jws(world: World, certificate_type: str = "birth_medical_certificate") -> str:
    [row] = [
        c for c in world.tables.certificates.values() if c.certificate_type == certificate_type
    ]
    return row.payload.decode()


def _part(token: str, index: int) -> dict:
    """The decoded JSON of a JWS's header (0) or payload (1)."""
    return json.loads(base64.urlsafe_b64decode(token.split(".")[index] + "=="))


def _verify(world: World, token: str) -> verification.Verification:
    return verification.verify_certificate(
        VerifyCertificate(signed_certificate=token.encode()), svc=world.svc, actor=citizen()
    )


def test_a_jose_library_verifies_the_certificate_with_the_published_key_set():
    world, applicant = memory_world(), citizen()
    envelope = case_decided(applicant_id=applicant.person_id)
    _consume(world, envelope)
    token = _issued_jws(world)
    # what a third party does: the JWK set we publish, and jwcrypto's own verify
    keys = jwk.JWKSet.from_json(json.dumps(jwk_set(world.svc.signer.public_keys())))
    checked = jws.JWS()
    checked.deserialize(token)
    checked.verify(keys)  # raises when the signature or the key does not check
    header = checked.jose_header
    assert header["alg"] == "EdDSA" and header["kid"] == world.svc.signer.key_id
    claims = json.loads(checked.payload)
    assert claims["sub"] == applicant.person_id and claims["case_id"] == envelope.subject
    assert claims["certificate_type"] == "birth_medical_certificate" and "exp" not in claims

    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    tampered = jws.JWS()
    tampered.deserialize(forged)
    with pytest.raises(JWKeyNotFound):  # no key of the set verifies it
        tampered.verify(keys)
    assert _verify(world, token).valid
    assert not _verify(world, forged).valid


def test_the_downloaded_certificate_is_the_qr_payload():
    world, applicant = memory_world(chunk_size=64), citizen()
    _consume(world, case_decided(applicant_id=applicant.person_id))
    [doc], _ = reads.list_wallet(ListWallet(kind="certificate"), svc=world.svc, actor=applicant)
    version, content = reads.download(Download(doc.id), svc=world.svc, actor=applicant)
    assert b"".join(content).decode() == _issued_jws(world)
    assert version.content_type == "application/jose"


def test_rotation_keeps_old_certificates_valid_and_new_ones_name_the_new_key():
    world = memory_world()
    first, second = citizen(), citizen()
    _consume(world, case_decided(applicant_id=first.person_id))
    old_token, old_kid = _issued_jws(world), world.svc.signer.key_id
    new_kid = world.svc.signer.rotate(datetime(2026, 6, 1, tzinfo=UTC))  # type: ignore[attr-defined]
    _consume(world, case_decided(applicant_id=second.person_id, certificate_type="marriage_cert"))
    new_token = _issued_jws(world, "marriage_cert")
    assert new_kid != old_kid
    assert _part(new_token, 0)["kid"] == new_kid and _part(old_token, 0)["kid"] == old_kid
    old, new = _verify(world, old_token), _verify(world, new_token)
    assert (old.valid, old.key_id) == (True, old_kid)
    assert (new.valid, new.key_id) == (True, new_kid)
    keys = {k.kid: k for k in world.svc.signer.public_keys()}
    assert keys[old_kid].retired_at == datetime(2026, 6, 1, tzinfo=UTC)
    assert keys[new_kid].retired_at is None


def test_annulment_revokes_the_certificate_once_and_keeps_the_receipt():
    world, applicant = memory_world(), citizen()
    submitted = case_submitted(applicant_id=applicant.person_id)
    case_id = submitted.subject
    annulled = decision_annulled(case_id=case_id, reason="issued on forged papers")
    _consume(world, submitted, case_decided(applicant_id=applicant.person_id, case_id=case_id))
    certificate, receipt = _issued_jws(world), _issued_jws(world, "application_receipt")
    assert _verify(world, certificate).valid
    _consume(world, annulled, annulled)  # redelivered: revoked once
    verdict = _verify(world, certificate)
    assert (verdict.valid, verdict.revoked) == (False, True)
    assert verdict.revocation_reason == "issued on forged papers"
    assert verdict.revoked_at == annulled.occurred_at.ToDatetime(tzinfo=UTC).replace(microsecond=0)
    assert verdict.reason.startswith("revoked at ")
    revoked = [e for e in world.tables.events if e.name == "certificate_revoked"]
    assert len(revoked) == 1 and revoked[0].payload.reason == "issued on forged papers"
    [doc], _ = reads.list_wallet(ListWallet(kind="certificate"), svc=world.svc, actor=applicant)
    assert doc.status == "revoked"
    assert _verify(world, receipt).valid  # the application was received all the same


def test_a_certificate_of_a_type_with_a_validity_expires():
    world, applicant = memory_world(), citizen()
    decided = case_decided(
        applicant_id=applicant.person_id, certificate_type="food_business_licence"
    )
    _consume(world, decided)
    token = _issued_jws(world, "food_business_licence")
    issued = decided.occurred_at.ToDatetime(tzinfo=UTC).replace(microsecond=0)
    claims = _part(token, 1)
    assert claims["exp"] == int((issued + timedelta(days=365)).timestamp())
    fresh = _verify(world, token)
    assert fresh.valid and fresh.expires_at == issued + timedelta(days=365)
    later = World(
        replace(world.svc, clock=lambda: issued + timedelta(days=366)), world.tables, world.store
    )
    expired = _verify(later, token)
    assert not expired.valid and expired.reason.startswith("expired at ")


def test_a_receipt_per_submitted_case_in_the_wallet_with_a_verifiable_qr_payload():
    world, applicant = memory_world(chunk_size=1 << 20), citizen()
    submitted = case_submitted(applicant_id=applicant.person_id)
    _consume(world, submitted, submitted)
    [doc], _ = reads.list_wallet(ListWallet(kind="receipt"), svc=world.svc, actor=applicant)
    assert (doc.kind, doc.case_id, doc.owner_id) == (
        "receipt",
        submitted.subject,
        applicant.person_id,
    )
    version, content = reads.download(Download(doc.id), svc=world.svc, actor=applicant)
    pdf = b"".join(content)
    assert pdf.startswith(b"%PDF-") and version.content_type == "application/pdf"
    token = _issued_jws(world, "application_receipt")
    assert token.encode() in pdf  # the signed payload travels in the file's metadata too
    verdict = _verify(world, token)
    assert verdict.valid and verdict.claims is not None
    assert verdict.claims["due_date"] == "2026-03-20"
    assert verdict.claims["receiving_office"] == "hall-east"
    assert [e.name for e in world.tables.events] == ["receipt_issued"]


def test_a_receipt_pdf_is_rendered_once_on_first_read_as_issue_time_rendering_made_it():
    world, applicant = memory_world(chunk_size=1 << 20), citizen()
    rendered: list[bytes] = []

    def counting(content: ReceiptContent) -> bytes:
        rendered.append(render_receipt(content))
        return rendered[-1]

    world = World(replace(world.svc, render_receipt=counting), world.tables, world.store)
    submitted = case_submitted(applicant_id=applicant.person_id)
    _consume(world, submitted)
    [doc], _ = reads.list_wallet(ListWallet(kind="receipt"), svc=world.svc, actor=applicant)
    # issued, signed and announced at submission; nothing rendered or stored yet
    assert rendered == [] and world.tables.versions == {}
    assert [e.name for e in world.tables.events] == ["receipt_issued"]
    [listed] = reads.list_versions(ListVersions(doc.id), svc=world.svc, actor=applicant)
    _, first = reads.download(Download(doc.id), svc=world.svc, actor=applicant)
    _, again = reads.download(Download(doc.id), svc=world.svc, actor=applicant)
    pdf = b"".join(first)
    assert len(rendered) == 1 and b"".join(again) == pdf  # stored once, served as stored
    assert (listed.sha256, listed.size_bytes) == (hashlib.sha256(pdf).hexdigest(), len(pdf))
    assert listed.filename == f"receipt-{doc.case_number}.pdf"
    # the very bytes an issue-time rendering of the submission's receipt gave
    token = _issued_jws(world, "application_receipt")
    payload = cases_events.CaseSubmitted()
    submitted.payload.Unpack(payload)
    at_issue = receipt_content_of_submission(submitted, payload, token)
    assert pdf == render_receipt(at_issue)


def receipt_content_of_submission(envelope, payload, token: str) -> ReceiptContent:
    """The lines an issue-time rendering printed, taken from the event itself."""
    return ReceiptContent(
        receipts.TITLE,
        (
            ("受理编号 Case number", payload.case_number),
            ("事项 Service", payload.service_type),
            ("主办部门 Department", payload.responsible_department),
            ("受理窗口 Receiving office", payload.receiving_office),
            ("受理时间 Received", rfc3339(envelope.occurred_at.ToDatetime(tzinfo=UTC))),
            ("承诺办结 Due date", payload.due_date),
        ),
        receipts.NEXT_STEPS,
        token,
        receipts.QR_CAPTION,
    )


def test_file_backed_ring_rotates_and_a_running_ring_follows(tmp_path: Path):
    key_file = tmp_path / "keys" / "ed25519-dev.pem"
    ring = load_key_ring(key_file, configured=False)  # generates the dev key
    first = ring.key_id
    token, _ = ring.sign_jws(b'{"document_id":"x"}')
    new = rotate_key(key_file, configured=False, now=datetime(2026, 7, 1, tzinfo=UTC))
    assert ring.key_id == new.kid != first  # the running ring saw the new manifest
    assert ring.verify_jws(token) == (b'{"document_id":"x"}', first)
    again = load_key_ring(key_file, configured=False)
    retired = {k.kid: k.retired_at for k in again.public_keys()}
    assert retired == {first: datetime(2026, 7, 1, tzinfo=UTC), new.kid: None}
    assert again.verify_jws(token)[1] == first
    with pytest.raises(InvalidJws):
        again.verify_jws("e30.e30.AAAA")
    with pytest.raises(Exception, match="no key file"):
        load_key_ring(tmp_path / "missing" / "key.pem", configured=True)


@pytest.mark.parametrize(
    "header",
    [
        {"alg": "none", "kid": "K"},  # no signature at all
        {"alg": "HS256", "kid": "K"},  # another algorithm with our public key as a secret
        {"alg": "EdDSA", "kid": "K", "crit": ["exp"]},  # extensions we do not understand
        {"alg": "EdDSA", "kid": "unknown"},
    ],
)
def test_only_eddsa_jws_signed_by_a_key_of_the_ring_verify(header):
    ring = KeyRing.generate()
    token, kid = ring.sign_jws(b'{"document_id":"d"}')
    _, payload, signature = token.split(".")
    header = {**header, "kid": kid if header["kid"] == "K" else header["kid"]}
    encoded = base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()
    with pytest.raises(InvalidJws):
        ring.verify_jws(f"{encoded}.{payload}.{signature}")
    for broken in (token + ".x", token.replace(".", ".+", 1), "", "a.b"):
        with pytest.raises(InvalidJws):
            ring.verify_jws(broken)
    assert ring.verify_jws(token) == (b'{"document_id":"d"}', kid)


def test_certificates_and_receipts_are_separate_consumers():
    world, applicant = memory_world(), citizen()
    submitted = case_submitted(applicant_id=applicant.person_id)
    decided = case_decided(applicant_id=applicant.person_id, case_id=submitted.subject)
    certificates_only = make_handler(lambda _session: world.svc, CERTIFICATE_EVENTS)
    receipts_only = make_handler(lambda _session: world.svc, RECEIPT_EVENTS)
    for envelope in (submitted, decided):
        certificates_only(None, envelope)  # type: ignore[arg-type]
    assert [e.name for e in world.tables.events] == ["certificate_issued"]
    for envelope in (submitted, decided):
        receipts_only(None, envelope)  # type: ignore[arg-type]
    assert [e.name for e in world.tables.events] == ["certificate_issued", "receipt_issued"]
