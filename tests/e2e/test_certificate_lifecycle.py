"""A certificate's life through the running services: the application's signed receipt reaches
the wallet; the approval's certificate is a JWS that a JOSE library verifies offline with the
published keys; the health supervisor annuls the approval and VerifyCertificate then answers
revoked, with the reason and the time (cases → outbox → Kafka → documents' consumer)."""

import time
from collections.abc import Callable

import grpc
import pytest
from e2e_support import DEV_SEED_PASSWORDS, bearer
from jwcrypto import jwk, jws
from test_one_window import (
    apply,
    register_and_verify,
    wait_for_certificate,
    wait_until_recorded,
)

from onewindow.cases.v1 import cases_pb2, cases_pb2_grpc
from onewindow.documents.v1 import documents_pb2, documents_pb2_grpc

pytestmark = pytest.mark.integration


def _until(check: Callable[[], object], what: str, seconds: float = 60) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"{what} within {seconds:.0f} s")


# A small but real PDF (the documents service checks the bytes against the declared type).
ID_CARD_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _upload_id_card(documents, token: str) -> str:
    meta = documents_pb2.UploadMetadata(
        document_type="resident_id",
        title="ID card",
        content_type="application/pdf",
        filename="id.pdf",
    )
    parts = [
        documents_pb2.UploadDocumentRequest(metadata=meta),
        documents_pb2.UploadDocumentRequest(chunk=ID_CARD_PDF),
    ]
    return documents.UploadDocument(iter(parts), metadata=bearer(token), timeout=30).document.id


def _approve(cases, case, supervisor) -> cases_pb2.Case:
    for step in ("accepted", "in_review"):
        case = cases.TransitionCase(
            cases_pb2.TransitionCaseRequest(
                case_id=case.id, expected_version=case.version, to_status=step
            ),
            metadata=supervisor,
            timeout=30,
        ).case
    return cases.DecideCase(
        cases_pb2.DecideCaseRequest(
            case_id=case.id, expected_version=case.version, outcome=cases_pb2.OUTCOME_APPROVED
        ),
        metadata=supervisor,
        timeout=30,
    ).case


def _content(documents, document_id: str, token: str) -> bytes:
    replies = documents.DownloadDocument(
        documents_pb2.DownloadDocumentRequest(document_id=document_id),
        metadata=bearer(token),
        timeout=30,
    )
    return b"".join(r.chunk for r in replies)


def test_receipt_certificate_offline_verification_and_annulment(window):
    person = register_and_verify(window)
    citizen = window.login(person.username)
    documents = documents_pb2_grpc.DocumentsStub(window.channels["documents"])
    case = apply(window, citizen, person.national_id, _upload_id_card(documents, citizen))

    def receipts():
        request = documents_pb2.ListWalletRequest(kind="receipt")
        wallet = documents.ListWallet(request, metadata=bearer(citizen), timeout=10)
        return [d for d in wallet.documents if d.case_id == case.id]

    [receipt] = _until(receipts, "no receipt reached the wallet")
    assert _content(documents, receipt.id, citizen).startswith(b"%PDF-")
    checked = documents.VerifyCertificate(
        documents_pb2.VerifyCertificateRequest(document_id=receipt.id),
        metadata=bearer(citizen),
        timeout=30,
    )
    assert checked.valid and checked.case_number == case.case_number

    cases = cases_pb2_grpc.CasesStub(window.channels["cases"])
    supervisor = bearer(window.login("supervisor.health", DEV_SEED_PASSWORDS["supervisor.health"]))
    case = _approve(cases, case, supervisor)
    certificate = wait_for_certificate(window, citizen)
    token = _content(documents, certificate.id, citizen)

    keys = documents.GetSigningKeys(
        documents_pb2.GetSigningKeysRequest(), metadata=window.gateway(), timeout=30
    )
    offline = jws.JWS()
    offline.deserialize(token.decode())
    offline.verify(jwk.JWKSet.from_json(keys.jwks_json))  # no call to us needed

    # the case moves on when it records the issued certificate: annul the version after that
    case = wait_until_recorded(cases, case.id, certificate.id, supervisor)
    annulled = cases.AnnulDecision(
        cases_pb2.AnnulDecisionRequest(
            case_id=case.id, expected_version=case.version, reason="approved on a forged record"
        ),
        metadata=supervisor,
        timeout=30,
    ).case
    assert annulled.history[-1].action == "decision_annulled"
    with pytest.raises(grpc.RpcError) as refused:
        cases.AnnulDecision(
            cases_pb2.AnnulDecisionRequest(
                case_id=case.id, expected_version=annulled.version, reason="again"
            ),
            metadata=supervisor,
            timeout=30,
        )
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION

    def revoked():
        verdict = documents.VerifyCertificate(
            documents_pb2.VerifyCertificateRequest(signed_certificate=token),
            metadata=window.gateway(),
            timeout=30,
        )
        return verdict if verdict.revoked else None

    verdict = _until(revoked, "the certificate was not revoked")
    assert not verdict.valid and verdict.revocation_reason == "approved on a forged record"
    assert verdict.HasField("revoked_at")
