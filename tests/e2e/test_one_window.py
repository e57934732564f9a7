"""One window, end to end, through the running services only:

a citizen registers; a police clerk at the central hall verifies them in person (any office
raises the assurance level); the citizen uploads their ID card and applies for a birth medical
certificate; the central hall does not take in health work, so its clerk is refused; the health
department's supervisor takes it in, reviews and approves; the documents service issues the
signed certificate from the case_decided event, and the case records it; the citizen finds it
in their wallet, it verifies, and after closure they rate the service.
"""

import time
import uuid

import grpc
import jwt
import pytest
from e2e_support import (
    DEV_SEED_PASSWORDS,
    PASSWORD,
    bearer,
    birth_date,
    resident_id,
    sample_png,
)
from google.protobuf.struct_pb2 import Struct
from google.protobuf.timestamp_pb2 import Timestamp

from onewindow.cases.v1 import cases_pb2, cases_pb2_grpc
from onewindow.documents.v1 import documents_pb2, documents_pb2_grpc, events_pb2
from onewindow.identity.v1 import identity_pb2, identity_pb2_grpc

pytestmark = pytest.mark.integration


def register_and_verify(window) -> identity_pb2.Person:
    identity = identity_pb2_grpc.IdentityStub(window.channels["identity"])
    number = resident_id()
    person = identity.RegisterPerson(
        identity_pb2.RegisterPersonRequest(
            idempotency_key=str(uuid.uuid4()),
            national_id=number,
            family_name="Zhang",
            given_name="Wei",
            date_of_birth=birth_date(number),
            email=f"e2e-{uuid.uuid4().hex[:8]}@example.org",
            password=PASSWORD,
        ),
        metadata=window.gateway(),
        timeout=30,
    ).person
    clerk = window.login("clerk.central", DEV_SEED_PASSWORDS["clerk.central"])
    identity.VerifyInPerson(
        identity_pb2.VerifyInPersonRequest(
            person_id=person.person_id,
            method="document_chip_read",
            document=identity_pb2.IdentityDocument(type="resident_id", number=number),
        ),
        metadata=bearer(clerk),
        timeout=30,
    )
    return person


def upload_id_card(window, token: str) -> str:
    documents = documents_pb2_grpc.DocumentsStub(window.channels["documents"])
    parts = [
        documents_pb2.UploadDocumentRequest(
            metadata=documents_pb2.UploadMetadata(
                document_type="resident_id",
                title="ID card",
                content_type="image/png",
                filename="id.png",
            )
        )
    ]
    scan = sample_png(bytes(range(256)) * 48)
    chunks = [scan[i : i + 4096] for i in range(0, len(scan), 4096)]
    parts += [documents_pb2.UploadDocumentRequest(chunk=c) for c in chunks]
    reply = documents.UploadDocument(iter(parts), metadata=bearer(token), timeout=30)
    return reply.document.id


def apply(window, token, number: str, document_id: str) -> cases_pb2.Case:
    """Submit as ``token`` (or with ready-made call metadata)."""
    form = Struct()
    form.update(
        {
            "child_name": "Zhang Xiaoming",
            "child_sex": "male",
            "birth_date": "2026-11-20",
            "birth_place": "First People's Hospital",
            "mother_id_number": number,
        }
    )
    cases = cases_pb2_grpc.CasesStub(window.channels["cases"])
    return cases.SubmitCase(
        cases_pb2.SubmitCaseRequest(
            client_key=str(uuid.uuid4()),
            service_type="birth-medical-certificate",
            form=form,
            document_ids=[document_id],
        ),
        metadata=bearer(token) if isinstance(token, str) else token,
        timeout=30,
    ).case


def wait_for_certificate(window, token: str) -> documents_pb2.DocumentMetadata:
    documents = documents_pb2_grpc.DocumentsStub(window.channels["documents"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        wallet = documents.ListWallet(
            documents_pb2.ListWalletRequest(kind="certificate"), metadata=bearer(token), timeout=10
        )
        if wallet.documents:
            return wallet.documents[0]
        time.sleep(0.5)
    raise AssertionError("no certificate reached the wallet within 60 s")


def wait_until_recorded(cases, case_id: str, document_id: str, metadata) -> cases_pb2.Case:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        case = cases.GetCase(
            cases_pb2.GetCaseRequest(case_id=case_id, purpose="follow the certificate"),
            metadata=metadata,
            timeout=10,
        ).case
        if any(d.document_id == document_id for d in case.documents):
            return case
        time.sleep(0.3)
    raise AssertionError("the case never recorded the issued certificate")


def test_apply_once_take_in_anywhere_decide_and_receive_the_certificate(window, tap):
    case_events = tap("onewindow.cases.v1")
    document_events = tap("onewindow.documents.v1")
    person = register_and_verify(window)
    citizen = window.login(person.username)  # a new token: assurance is high now
    number = person.national_id
    case = apply(window, citizen, number, upload_id_card(window, citizen))
    assert case.responsible_department == "health" and case.status == "submitted"
    assert case.case_number and case.due_date
    submitted = case_events.wait_for(lambda e: e.subject == case.id)
    assert submitted.type == "onewindow.cases.case_submitted.v1"

    cases = cases_pb2_grpc.CasesStub(window.channels["cases"])
    clerk = bearer(window.login("clerk.central", DEV_SEED_PASSWORDS["clerk.central"]))
    take_in = cases_pb2.TransitionCaseRequest(
        case_id=case.id, expected_version=case.version, to_status="accepted"
    )
    with pytest.raises(grpc.RpcError) as refused:
        cases.TransitionCase(take_in, metadata=clerk, timeout=30)
    # the central hall does not serve health: the case is not this clerk's to see
    assert refused.value.code() == grpc.StatusCode.NOT_FOUND
    assert refused.value.details() == "case not found"
    supervisor = bearer(window.login("supervisor.health", DEV_SEED_PASSWORDS["supervisor.health"]))
    case = cases.TransitionCase(take_in, metadata=supervisor, timeout=30).case
    case = cases.ClaimCase(
        cases_pb2.ClaimCaseRequest(case_id=case.id, expected_version=case.version),
        metadata=supervisor,
        timeout=30,
    ).case
    case = cases.TransitionCase(
        cases_pb2.TransitionCaseRequest(
            case_id=case.id, expected_version=case.version, to_status="in_review"
        ),
        metadata=supervisor,
        timeout=30,
    ).case
    case = cases.DecideCase(
        cases_pb2.DecideCaseRequest(
            case_id=case.id, expected_version=case.version, outcome=cases_pb2.OUTCOME_APPROVED
        ),
        metadata=supervisor,
        timeout=30,
    ).case
    assert case.status == "approved"

    certificate = wait_for_certificate(window, citizen)
    assert certificate.certificate_type == "birth_medical_certificate"
    assert certificate.issuer_department == "health"
    assert certificate.case_id == case.id and certificate.owner_id == person.person_id
    # This case's certificate_issued event: its subject is the certificate's document id, and
    # the payload names this case and this applicant.
    issued = document_events.wait_for(
        lambda e: (
            e.type == "onewindow.documents.certificate_issued.v1" and e.subject == certificate.id
        )
    )
    assert issued.source == "documents"
    payload = events_pb2.CertificateIssued()
    assert issued.payload.Unpack(payload)
    assert (payload.document_id, payload.case_id, payload.applicant_id) == (
        certificate.id,
        case.id,
        person.person_id,
    )
    assert payload.certificate_type == "birth_medical_certificate"
    documents = documents_pb2_grpc.DocumentsStub(window.channels["documents"])
    verdict = documents.VerifyCertificate(
        documents_pb2.VerifyCertificateRequest(document_id=certificate.id),
        metadata=bearer(citizen),
        timeout=30,
    )
    assert verdict.valid and verdict.subject_id == person.person_id

    # The cases service records the issued certificate on the case (consuming the documents
    # service's event): the case now lists it, and its version moved on.
    case = wait_until_recorded(cases, case.id, certificate.id, supervisor)
    case = cases.CloseCase(
        cases_pb2.CloseCaseRequest(case_id=case.id, expected_version=case.version),
        metadata=supervisor,
        timeout=30,
    ).case
    rating = cases.RateCase(
        cases_pb2.RateCaseRequest(case_id=case.id, score=5), metadata=bearer(citizen), timeout=30
    ).rating
    assert rating.score == 5


def test_a_proxy_applies_for_the_mandator_with_the_mandators_own_documents(window):
    """The mandate is checked at each hop: cases forwards whom the proxy acts for to documents."""
    identity = identity_pb2_grpc.IdentityStub(window.channels["identity"])
    mother, son = register_and_verify(window), register_and_verify(window)
    mother_token = window.login(mother.username)
    document_id = upload_id_card(window, mother_token)
    until = Timestamp()
    until.FromSeconds(int(time.time()) + 86400)
    identity.GrantMandate(
        identity_pb2.GrantMandateRequest(
            idempotency_key=str(uuid.uuid4()),
            mandator_kind=identity_pb2.PARTY_KIND_PERSON,
            mandatee_person_id=son.person_id,
            service_types=["birth-medical-certificate"],
            valid_until=until,
        ),
        metadata=bearer(mother_token),
        timeout=30,
    )
    son_token = window.login(son.username)
    son_for_mother = [*bearer(son_token), ("x-acting-for", mother.person_id)]

    case = apply(window, son_for_mother, mother.national_id, document_id)

    # The case is the mother's, submitted by the son (his own login), with her ID card on it.
    assert case.applicant_id == mother.person_id
    assert case.submitted_by == subject_of(son_token) != subject_of(mother_token)
    on_case = [(d.document_type, d.document_id) for d in case.documents]
    assert on_case == [("resident_id", document_id)]
    cases = cases_pb2_grpc.CasesStub(window.channels["cases"])
    stored = cases.GetCase(
        cases_pb2.GetCaseRequest(case_id=case.id, purpose="mandate check"),
        metadata=bearer(mother_token),
        timeout=30,
    ).case
    assert [(d.document_type, d.document_id) for d in stored.documents] == on_case
    assert stored.submitted_by == case.submitted_by
    documents = documents_pb2_grpc.DocumentsStub(window.channels["documents"])
    owned = documents.GetDocumentsMetadata(
        documents_pb2.GetDocumentsMetadataRequest(document_ids=[document_id]),
        metadata=bearer(mother_token),
        timeout=30,
    ).documents
    assert [(d.id, d.owner_id) for d in owned] == [(document_id, mother.person_id)]


def subject_of(token: str) -> str:
    """The token's subject (read only: the services have verified the signature already)."""
    return str(jwt.decode(token, options={"verify_signature": False})["sub"])
