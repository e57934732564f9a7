"""Other people's objects answer exactly like objects that do not exist.

Citizen A gets one of everything through the running stack (a verified person record, a
mandate, a consent, a company, documents, a case, a bundle, an issued certificate; a staff
member of the health department stands in for staff records). Then citizen B, a stranger,
names each of A's objects and a random id in every read RPC of identity, cases and documents
(and the writes that name an object): both answers must be byte-identical — the same status
code and the same message (for successful answers the same reply, the id set aside) — so B
cannot learn that A's objects exist.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import grpc
import pytest
from e2e_support import DEV_SEED_PASSWORDS, PASSWORD, bearer, birth_date, resident_id
from google.protobuf import text_format
from google.protobuf.message import Message
from google.protobuf.struct_pb2 import Struct
from google.protobuf.timestamp_pb2 import Timestamp

from onewindow.cases.v1 import cases_pb2, cases_pb2_grpc
from onewindow.documents.v1 import documents_pb2, documents_pb2_grpc
from onewindow.identity.v1 import identity_pb2, identity_pb2_grpc

pytestmark = pytest.mark.integration

NOT_FOUND, PERMISSION_DENIED, OK = "NOT_FOUND", "PERMISSION_DENIED", "OK"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ADMIN_HEALTH = ("admin.health", "dev-pass-admin")
NEWBORN_FORM = {
    "child_name": "Zhang Xiaoming", "child_sex": "male", "birth_date": "2026-11-20",
    "birth_place": "First People's Hospital", "household_number": "110105123",
    "holder_name": "Zhang Xiaoming", "delivery_address": "8 Renmin Road, Apt 3",
}  # fmt: skip
# A minimal real PNG (signature, 1x1 IHDR, a tEXt chunk): documents checks what content is.
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + b"\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde"
    + b"\0\0\0\x04tEXtscan"
)
CERTIFICATE_FIELDS = ("child_name", "child_sex", "birth_date", "birth_place")
NEWBORN_ID_FIELDS = ("mother_id_number", "guardian_id_number", "holder_id_number")


def uscc() -> str:
    """A fresh unified social credit code with a valid check character (GB 32100-2015)."""
    body = f"91350100M{random.randint(0, 99999999):08d}"
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


def in_days(days: int) -> Timestamp:
    ts = Timestamp()
    ts.FromSeconds(int(time.time()) + days * 86400)
    return ts


@dataclass
class Stubs:
    identity: identity_pb2_grpc.IdentityStub
    cases: cases_pb2_grpc.CasesStub
    documents: documents_pb2_grpc.DocumentsStub


@dataclass
class Owner:
    """Citizen A and what A has; B is the stranger who asks about it."""

    person: identity_pb2.Person
    mandate_id: str
    mandatee_id: str
    consent_id: str
    organisation_id: str
    staff_id: str
    document_id: str
    certificate_id: str
    case: cases_pb2.Case
    bundle_id: str
    stranger: list[tuple[str, str]]
    stranger_token: str
    stranger_id: str


def register(window, stubs: Stubs) -> tuple[identity_pb2.Person, str]:
    number = resident_id()
    person = stubs.identity.RegisterPerson(
        identity_pb2.RegisterPersonRequest(
            idempotency_key=str(uuid.uuid4()), national_id=number, family_name="Zhang",
            given_name="Wei", date_of_birth=birth_date(number),
            email=f"e2e-{uuid.uuid4().hex[:8]}@example.org", password=PASSWORD,
        ),
        metadata=window.gateway(), timeout=30,
    ).person  # fmt: skip
    return person, number


def verify_in_person(window, stubs: Stubs, person: identity_pb2.Person, number: str) -> None:
    clerk = window.login("clerk.central", DEV_SEED_PASSWORDS["clerk.central"])
    stubs.identity.VerifyInPerson(
        identity_pb2.VerifyInPersonRequest(
            person_id=person.person_id, method="document_chip_read",
            document=identity_pb2.IdentityDocument(type="resident_id", number=number),
        ),
        metadata=bearer(clerk), timeout=30,
    )  # fmt: skip


def upload(stubs: Stubs, token: str, document_type: str) -> str:
    parts = [
        documents_pb2.UploadDocumentRequest(
            metadata=documents_pb2.UploadMetadata(
                document_type=document_type, title=document_type, content_type="image/png",
                filename=f"{document_type}.png",
            )
        ),
        documents_pb2.UploadDocumentRequest(chunk=PNG),
    ]  # fmt: skip
    return stubs.documents.UploadDocument(
        iter(parts), metadata=bearer(token), timeout=30
    ).document.id


def apply_and_bundle(
    stubs: Stubs, token: str, number: str, docs: dict[str, str]
) -> tuple[cases_pb2.Case, str]:
    form, bundle_form = Struct(), Struct()
    form.update({k: NEWBORN_FORM[k] for k in CERTIFICATE_FIELDS} | {"mother_id_number": number})
    bundle_form.update(NEWBORN_FORM | {k: number for k in NEWBORN_ID_FIELDS})
    case = stubs.cases.SubmitCase(
        cases_pb2.SubmitCaseRequest(
            client_key=str(uuid.uuid4()), service_type="birth-medical-certificate", form=form,
            document_ids=[docs["resident_id"]],
        ),
        metadata=bearer(token), timeout=30,
    ).case  # fmt: skip
    bundle = stubs.cases.SubmitBundle(
        cases_pb2.SubmitBundleRequest(
            client_key=str(uuid.uuid4()), bundle_type="newborn", form=bundle_form,
            document_ids=[docs["resident_id"], docs["household_register"]],
        ),
        metadata=bearer(token), timeout=30,
    ).bundle  # fmt: skip
    return case, bundle.id


def approve(window, stubs: Stubs, case: cases_pb2.Case) -> None:
    """The health supervisor takes the case in, reviews and approves it: a certificate follows."""
    supervisor = bearer(window.login("supervisor.health", DEV_SEED_PASSWORDS["supervisor.health"]))
    cases, case_id = stubs.cases, case.id

    def move(to_status: str, version: int) -> cases_pb2.Case:
        return cases.TransitionCase(
            cases_pb2.TransitionCaseRequest(
                case_id=case_id, expected_version=version, to_status=to_status
            ),
            metadata=supervisor, timeout=30,
        ).case  # fmt: skip

    case = move("accepted", case.version)
    case = cases.ClaimCase(
        cases_pb2.ClaimCaseRequest(case_id=case_id, expected_version=case.version),
        metadata=supervisor, timeout=30,
    ).case  # fmt: skip
    case = move("in_review", case.version)
    cases.DecideCase(
        cases_pb2.DecideCaseRequest(
            case_id=case_id, expected_version=case.version, outcome=cases_pb2.OUTCOME_APPROVED
        ),
        metadata=supervisor, timeout=30,
    )  # fmt: skip


def wait_for_certificate(stubs: Stubs, token: str, case_id: str) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        wallet = stubs.documents.ListWallet(
            documents_pb2.ListWalletRequest(kind="certificate"), metadata=bearer(token), timeout=10
        )
        for document in wallet.documents:
            if document.case_id == case_id:
                return document.id
        time.sleep(0.5)
    raise AssertionError("the certificate of the approved case never reached the wallet")


def identity_objects(window, stubs: Stubs, token: str, person_id: str) -> dict[str, str]:
    """A mandate (to a third person), a consent, a company, and a staff member of health."""
    mandatee, _ = register(window, stubs)
    mandate = stubs.identity.GrantMandate(
        identity_pb2.GrantMandateRequest(
            idempotency_key=str(uuid.uuid4()), mandator_kind=identity_pb2.PARTY_KIND_PERSON,
            mandatee_person_id=mandatee.person_id, valid_until=in_days(30),
        ),
        metadata=bearer(token), timeout=30,
    ).mandate  # fmt: skip
    consent = stubs.identity.GrantConsent(
        identity_pb2.GrantConsentRequest(
            idempotency_key=str(uuid.uuid4()), department="health",
            document_types=["resident_id"], purpose="birth medical certificate",
            valid_until=in_days(30),
        ),
        metadata=bearer(token), timeout=30,
    ).consent  # fmt: skip
    organisation = stubs.identity.RegisterOrganisation(
        identity_pb2.RegisterOrganisationRequest(
            idempotency_key=str(uuid.uuid4()), country="CN", registration_number=uscc(),
            name="Fujian Tea Co.", legal_representative_person_id=person_id,
        ),
        metadata=bearer(token), timeout=30,
    ).organisation  # fmt: skip
    name = f"e2e.staff.{uuid.uuid4().hex[:8]}"
    staff = stubs.identity.CreateStaff(
        identity_pb2.CreateStaffRequest(
            idempotency_key=str(uuid.uuid4()), username=name, family_name="Li",
            given_name="Na", email=f"{name}@example.org", department="health",
            office="hosp-1", roles=["clerk"], initial_password="Temporary-pass-1",
        ),
        metadata=bearer(window.login(*ADMIN_HEALTH)), timeout=30,
    ).staff  # fmt: skip
    return {
        "mandate_id": mandate.mandate_id,
        "mandatee_id": mandatee.person_id,
        "consent_id": consent.consent_id,
        "organisation_id": organisation.organisation_id,
        "staff_id": staff.staff_id,
    }


@pytest.fixture(scope="module")
def owner(window) -> Owner:
    stubs = Stubs(
        identity_pb2_grpc.IdentityStub(window.channels["identity"]),
        cases_pb2_grpc.CasesStub(window.channels["cases"]),
        documents_pb2_grpc.DocumentsStub(window.channels["documents"]),
    )
    person, number = register(window, stubs)
    verify_in_person(window, stubs, person, number)
    token = window.login(person.username)  # a new token: the assurance level is high now
    docs = {t: upload(stubs, token, t) for t in ("resident_id", "household_register")}
    case, bundle_id = apply_and_bundle(stubs, token, number, docs)
    approve(window, stubs, case)
    certificate_id = wait_for_certificate(stubs, token, case.id)
    stranger, _ = register(window, stubs)
    stranger_token = window.login(stranger.username)
    return Owner(
        person=person, **identity_objects(window, stubs, token, person.person_id),
        document_id=docs["resident_id"], certificate_id=certificate_id, case=case,
        bundle_id=bundle_id, stranger=bearer(stranger_token), stranger_token=stranger_token,
        stranger_id=stranger.person_id,
    )  # fmt: skip


@dataclass(frozen=True)
class Probe:
    """One RPC that names an object by id: B sends A's id, then a random one."""

    method: Callable[..., Any]
    request: Callable[[str], Any]
    target: str  # A's id
    expected: str  # the status code B must get for both
    acting_for: bool = False  # the id goes into x-acting-for, the request stays the same
    stream: bool = False  # a server-streaming reply, read to its end

    def call(self, stranger: list[tuple[str, str]], ident: str) -> object:
        metadata = [*stranger, ("x-acting-for", ident)] if self.acting_for else stranger
        reply = self.method(self.request(ident), metadata=metadata, timeout=30)
        return list(reply) if self.stream else reply


def answer(probe: Probe, stranger: list[tuple[str, str]], ident: str) -> tuple[str, str]:
    """(status code, message) of a refusal, as the caller sees them; ("OK", reply) otherwise,
    with the id the caller sent set aside (a reply may echo it, e.g. in missing_ids)."""
    try:
        reply = probe.call(stranger, ident)
    except grpc.RpcError as exc:
        return exc.code().name, exc.details() or ""
    replies = reply if isinstance(reply, list) else [reply]
    text = "".join(text_format.MessageToString(r) for r in replies if isinstance(r, Message))
    return OK, text.replace(ident, "<the id sent>")


def identity_probes(o: Owner, s: Stubs) -> dict[str, Probe]:
    """Every identity RPC that names a person, company, staff member, mandate or consent."""
    pb, idn, person = identity_pb2, s.identity, o.person.person_id

    def grant_for_company(i: str) -> identity_pb2.GrantMandateRequest:
        return pb.GrantMandateRequest(
            idempotency_key=str(uuid.uuid4()), mandator_kind=pb.PARTY_KIND_ORGANISATION,
            mandator_id=i, mandatee_person_id=o.mandatee_id, valid_until=in_days(3),
        )  # fmt: skip

    return {
        "GetPerson": Probe(
            idn.GetPerson, lambda i: pb.GetPersonRequest(person_id=i), person, NOT_FOUND
        ),
        "ListAccessLog": Probe(
            idn.ListAccessLog, lambda i: pb.ListAccessLogRequest(person_id=i), person, NOT_FOUND
        ),
        "FindPerson": Probe(
            idn.FindPerson,
            lambda i: pb.FindPersonRequest(national_id=i, purpose="curious"),
            o.person.national_id,
            PERMISSION_DENIED,
        ),
        "GetOrganisation": Probe(
            idn.GetOrganisation,
            lambda i: pb.GetOrganisationRequest(organisation_id=i),
            o.organisation_id,
            NOT_FOUND,
        ),
        "GetStaff": Probe(
            idn.GetStaff, lambda i: pb.GetStaffRequest(staff_id=i), o.staff_id, NOT_FOUND
        ),
        "CheckMandate (between others)": Probe(
            idn.CheckMandate,
            lambda i: pb.CheckMandateRequest(mandatee_person_id=o.mandatee_id, mandator_id=i),
            person,
            NOT_FOUND,
        ),
        "CheckMandate (as a party)": Probe(
            idn.CheckMandate,
            lambda i: pb.CheckMandateRequest(mandatee_person_id=o.stranger_id, mandator_id=i),
            person,
            OK,
        ),
        "CheckConsent": Probe(
            idn.CheckConsent,
            lambda i: pb.CheckConsentRequest(
                person_id=i, department="health", document_type="resident_id"
            ),
            person,
            NOT_FOUND,
        ),
        "RevokeMandate": Probe(
            idn.RevokeMandate,
            lambda i: pb.RevokeMandateRequest(mandate_id=i),
            o.mandate_id,
            NOT_FOUND,
        ),
        "RevokeConsent": Probe(
            idn.RevokeConsent,
            lambda i: pb.RevokeConsentRequest(consent_id=i),
            o.consent_id,
            NOT_FOUND,
        ),
        "GrantMandate (for A's company)": Probe(
            idn.GrantMandate, grant_for_company, o.organisation_id, NOT_FOUND
        ),
        "ResolvePrincipal (acting for)": Probe(
            idn.ResolvePrincipal,
            lambda i: pb.ResolvePrincipalRequest(token=o.stranger_token, acting_for=i),
            person,
            PERMISSION_DENIED,
        ),
        "a call acting for A": Probe(
            idn.ListMandates,
            lambda _: pb.ListMandatesRequest(),
            person,
            PERMISSION_DENIED,
            acting_for=True,
        ),
    }


def cases_probes(o: Owner, s: Stubs) -> dict[str, Probe]:
    """Every cases RPC that names a case or bundle (reads, and the applicant's writes)."""
    pb, cs, case_id = cases_pb2, s.cases, o.case.id
    return {
        "GetCase": Probe(cs.GetCase, lambda i: pb.GetCaseRequest(case_id=i), case_id, NOT_FOUND),
        "GetCase (by number)": Probe(
            cs.GetCase, lambda i: pb.GetCaseRequest(case_number=i), o.case.case_number, NOT_FOUND
        ),
        "GetBundle": Probe(
            cs.GetBundle, lambda i: pb.GetBundleRequest(bundle_id=i), o.bundle_id, NOT_FOUND
        ),
        "ListCaseAccessLog": Probe(
            cs.ListCaseAccessLog, lambda i: pb.ListCaseAccessLogRequest(case_id=i), case_id, OK
        ),
        "RateCase": Probe(
            cs.RateCase, lambda i: pb.RateCaseRequest(case_id=i, score=1), case_id, NOT_FOUND
        ),
        "WithdrawCase": Probe(
            cs.WithdrawCase,
            lambda i: pb.WithdrawCaseRequest(case_id=i, expected_version=1),
            case_id,
            NOT_FOUND,
        ),
        "ProvideSupplement": Probe(
            cs.ProvideSupplement,
            lambda i: pb.ProvideSupplementRequest(case_id=i, expected_version=1),
            case_id,
            NOT_FOUND,
        ),
        "a call acting for A": Probe(
            cs.ListMyCases,
            lambda _: pb.ListMyCasesRequest(),
            o.person.person_id,
            PERMISSION_DENIED,
            acting_for=True,
        ),
    }


def documents_probes(o: Owner, s: Stubs) -> dict[str, Probe]:
    """Every documents RPC that names a document, certificate or owner."""
    pb, ds, doc, cert = documents_pb2, s.documents, o.document_id, o.certificate_id

    def new_version(i: str) -> object:
        return iter([
            pb.UploadDocumentRequest(metadata=pb.UploadMetadata(document_id=i)),
            pb.UploadDocumentRequest(chunk=b"mine now"),
        ])  # fmt: skip

    return {
        "GetDocumentsMetadata": Probe(
            ds.GetDocumentsMetadata,
            lambda i: pb.GetDocumentsMetadataRequest(document_ids=[i]),
            doc,
            OK,
        ),
        "DownloadDocument": Probe(
            ds.DownloadDocument,
            lambda i: pb.DownloadDocumentRequest(document_id=i),
            doc,
            NOT_FOUND,
            stream=True,
        ),
        "DownloadDocument (certificate)": Probe(
            ds.DownloadDocument,
            lambda i: pb.DownloadDocumentRequest(document_id=i),
            cert,
            NOT_FOUND,
            stream=True,
        ),
        "ListVersions": Probe(
            ds.ListVersions, lambda i: pb.ListVersionsRequest(document_id=i), doc, NOT_FOUND
        ),
        "VerifyCertificate (by id)": Probe(
            ds.VerifyCertificate,
            lambda i: pb.VerifyCertificateRequest(document_id=i),
            cert,
            NOT_FOUND,
        ),
        "ListWallet (another owner)": Probe(
            ds.ListWallet, lambda i: pb.ListWalletRequest(owner_id=i), o.person.person_id, NOT_FOUND
        ),
        "ListAccessLog (another owner)": Probe(
            ds.ListAccessLog,
            lambda i: pb.ListAccessLogRequest(owner_id=i),
            o.person.person_id,
            NOT_FOUND,
        ),
        "UploadDocument (a new version)": Probe(ds.UploadDocument, new_version, doc, NOT_FOUND),
        "a call acting for A": Probe(
            ds.ListWallet,
            lambda _: pb.ListWalletRequest(),
            o.person.person_id,
            PERMISSION_DENIED,
            acting_for=True,
        ),
    }


def random_like(target: str) -> str:
    """An id of the same shape as ``target`` that names nothing."""
    if target.count("-") == 2 and target.split("-")[-1].isdigit():  # a case number
        return f"{target.rsplit('-', 1)[0]}-{random.randint(9_000_000, 9_999_999)}"
    if len(target) == 18 and target[:17].isdigit():  # a national identity number
        return resident_id()
    return str(uuid.uuid4())


@pytest.mark.parametrize("probes", [identity_probes, cases_probes, documents_probes])
def test_another_citizens_objects_answer_like_missing_ones(window, owner, probes) -> None:
    stubs = Stubs(
        identity_pb2_grpc.IdentityStub(window.channels["identity"]),
        cases_pb2_grpc.CasesStub(window.channels["cases"]),
        documents_pb2_grpc.DocumentsStub(window.channels["documents"]),
    )
    differing = {}
    for rpc, probe in probes(owner, stubs).items():
        hidden = answer(probe, owner.stranger, probe.target)
        missing = answer(probe, owner.stranger, random_like(probe.target))
        if hidden != missing or hidden[0] != probe.expected:
            differing[rpc] = {"A's": hidden, "random": missing, "expected": probe.expected}
    assert differing == {}


def test_the_owner_still_sees_everything_the_stranger_was_refused(window, owner) -> None:
    """The refusals above are about the stranger: A's objects exist and nothing changed."""
    token = window.login(owner.person.username)
    identity = identity_pb2_grpc.IdentityStub(window.channels["identity"])
    documents = documents_pb2_grpc.DocumentsStub(window.channels["documents"])
    cases = cases_pb2_grpc.CasesStub(window.channels["cases"])
    mine = bearer(token)
    assert (
        identity.GetOrganisation(
            identity_pb2.GetOrganisationRequest(organisation_id=owner.organisation_id),
            metadata=mine,
        ).organisation.legal_representative_person_id
        == owner.person.person_id
    )
    mandates = identity.ListMandates(identity_pb2.ListMandatesRequest(), metadata=mine)
    assert [m.mandate_id for m in mandates.granted] == [owner.mandate_id]
    consents = identity.ListConsents(identity_pb2.ListConsentsRequest(), metadata=mine)
    assert [c.consent_id for c in consents.consents] == [owner.consent_id]
    versions = documents.ListVersions(
        documents_pb2.ListVersionsRequest(document_id=owner.document_id), metadata=mine
    ).versions
    assert [v.version for v in versions] == [1]
    case = cases.GetCase(cases_pb2.GetCaseRequest(case_id=owner.case.id), metadata=mine).case
    assert case.status != "withdrawn"
    verdict = documents.VerifyCertificate(
        documents_pb2.VerifyCertificateRequest(document_id=owner.certificate_id), metadata=mine
    )
    assert verdict.valid
