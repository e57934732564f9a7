"""Access that follows the case (and consent): staff and department systems read a citizen's
document only when a case of their department uses it, their department issued it, they took it
in themselves, or the owner's consent covers their department; an auditor only with a stated
purpose. Everything else answers NOT_FOUND, exactly like a missing id."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow_documents.domain import access
from onewindow_documents.domain.model import CERTIFICATE, UPLOAD, CaseLink, Document
from onewindow_documents.entrypoints.case_links import make_links_handler
from onewindow_documents.service_layer import case_links, reads, uploads
from onewindow_documents.service_layer.commands import (
    Download,
    GetMetadata,
    ListAccessLog,
    ListVersions,
    ListWallet,
    Upload,
)
from onewindow_documents.testing import World, citizen, memory_world, staff
from onewindow_kit.errors import DomainError, NotFound
from onewindow_kit.outbox import PendingEvent, make_envelope
from onewindow_kit.principal import Principal

AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
OWNER = "p-owner"


def _service(department: str) -> Principal:
    return Principal(
        subject=f"sa-{department}", roles=frozenset({"service"}), department=department,
        client_id=f"dept-{department}-system", username=f"service-account-dept-{department}",
    )  # fmt: skip


READERS = {
    "clerk": staff("clerk", "health"),
    "supervisor": staff("supervisor", "health"),
    "service": _service("health"),
    "dept_admin": staff("dept_admin", "health"),
    "auditor": staff("auditor", "audit"),
}
RELATIONS = ("none", "case_of_my_department", "case_of_another_department", "issued_by_mine")


def _document(relation: str) -> tuple[Document, list[CaseLink]]:
    issued = relation == "issued_by_mine"
    doc = Document(
        id="d-1", owner_id=OWNER, document_type="resident_id", title="",
        kind=CERTIFICATE if issued else UPLOAD,
        certificate_type="", issuer_department="health" if issued else "", status="active",
        latest_version=1, created_at=AT, updated_at=AT, created_by="user-owner",
        case_id="c-issued" if issued else "",
    )  # fmt: skip
    department = {"case_of_my_department": "health", "case_of_another_department": "psb"}
    links = [CaseLink("d-1", "c-1", department[relation], AT)] if relation in department else []
    return doc, links


def _expected(role: str, relation: str, consent: bool, purpose: str) -> str | None:
    if role == "auditor":
        return "auditor" if purpose else None
    if role == "dept_admin":
        return None
    if relation == "case_of_my_department":
        return "case"
    if relation == "issued_by_mine":
        return "issuer"
    return "consent" if consent else None


@pytest.mark.parametrize(
    ("role", "relation", "consent", "purpose"),
    list(itertools.product(READERS, RELATIONS, (False, True), ("", "pension review"))),
)
def test_every_role_relation_and_consent(role, relation, consent, purpose):
    doc, links = _document(relation)
    asked: list[bool] = []

    def holds() -> bool:
        asked.append(True)
        return consent

    got = access.grant(READERS[role], doc, links=links, consent=holds, purpose=purpose)
    assert (got.basis if got else None) == _expected(role, relation, consent, purpose)
    if got is not None and got.basis == "case":
        assert got.case_id == "c-1"  # the read is logged for the case that opened it
    if got is not None and got.basis in ("case", "issuer", "auditor"):
        assert asked == []  # identity is asked only when nothing else opens the document


@pytest.mark.parametrize("relation", RELATIONS)
def test_citizens_read_their_own_and_their_mandators_only(relation):
    doc, links = _document(relation)
    everyone = lambda: True  # noqa: E731 - a consent never opens anything to citizens
    assert access.grant(citizen(OWNER), doc, links=links, consent=everyone).basis == "owner"
    mandated = citizen("p-agent", acting_for=OWNER)
    assert access.grant(mandated, doc, links=links, consent=everyone).basis == "owner"
    assert access.grant(citizen("p-other"), doc, links=links, consent=everyone) is None


def test_staff_without_a_department_read_nothing_but_their_own_intake():
    doc, links = _document("none")
    nowhere = staff("clerk", "")
    assert access.grant(nowhere, doc, links=links, consent=lambda: True) is None
    mine = Document(**{**doc.__dict__, "created_by": nowhere.subject})
    assert access.grant(nowhere, mine, consent=lambda: True) is None
    clerk = staff("clerk", "civil")
    taken_in = Document(**{**doc.__dict__, "created_by": clerk.subject})
    assert access.grant(clerk, taken_in).basis == "creator"


@dataclass
class FakeConsents:
    """Identity's CheckConsent: consents per (owner, department, document type)."""

    given: set[tuple[str, str, str]] = field(default_factory=set)
    asked: list[tuple[str, str, str, str]] = field(default_factory=list)

    def holds(self, actor: Principal, owner_id: str, document_type: str, purpose: str) -> bool:
        self.asked.append((owner_id, actor.department, document_type, purpose))
        return (owner_id, actor.department, document_type) in self.given


def _world() -> tuple[World, FakeConsents]:
    world, consents = memory_world(), FakeConsents()
    world.svc = type(world.svc)(**{**world.svc.__dict__, "consents": consents})
    return world, consents


def _upload(world: World, owner: Principal) -> str:
    pdf = b"%PDF-1.4\n%id\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    doc, _ = uploads.upload_document(
        Upload(document_type="resident_id"), [pdf], svc=world.svc, actor=owner
    )
    return doc.id


def _answer(read, *args) -> tuple[str, str]:
    try:
        read(*args)
    except DomainError as exc:
        return type(exc).__name__, exc.message
    return "ok", ""


def test_a_clerk_of_another_department_gets_not_found_until_a_case_links_the_document():
    world, _ = _world()
    owner, clerk = citizen(), staff("clerk", "civil", "hall-central")
    doc, unknown = _upload(world, owner), str(uuid.uuid4())
    for read in (
        lambda i: reads.download(Download(i), svc=world.svc, actor=clerk),
        lambda i: reads.list_versions(ListVersions(i), svc=world.svc, actor=clerk),
    ):
        assert _answer(read, doc) == _answer(read, unknown) == ("NotFound", "document not found")
    assert reads.get_metadata(GetMetadata((doc,)), svc=world.svc, actor=clerk) == ([], [doc])
    assert world.tables.access_log == {}
    case_links.link_documents("case-psb", "psb", [doc], uow=world.svc.uow, at=AT)
    with pytest.raises(NotFound):  # a case of another department opens nothing to civil
        reads.download(Download(doc), svc=world.svc, actor=clerk)
    case_links.link_documents("case-civil", "civil", [doc], uow=world.svc.uow, at=AT)
    docs, _ = reads.get_metadata(GetMetadata((doc,), "marriage"), svc=world.svc, actor=clerk)
    assert [d.id for d in docs] == [doc]
    reads.download(Download(doc, purpose="marriage"), svc=world.svc, actor=clerk)
    reads.list_versions(ListVersions(doc, purpose="marriage"), svc=world.svc, actor=clerk)
    entries, _ = reads.list_access_log(ListAccessLog(), svc=world.svc, actor=owner)
    assert sorted((e.action, e.case_id, e.department, e.purpose) for e in entries) == [
        ("download", "case-civil", "civil", "marriage"),
        ("metadata", "case-civil", "civil", "marriage"),
        ("versions", "case-civil", "civil", "marriage"),
    ]


def test_a_consent_opens_the_document_and_its_revocation_closes_it():
    world, consents = _world()
    owner, system = citizen(), _service("hrss")
    doc = _upload(world, owner)
    assert reads.get_metadata(GetMetadata((doc,)), svc=world.svc, actor=system)[0] == []
    consents.given.add((owner.person_id, "hrss", "resident_id"))
    docs, _ = reads.get_metadata(GetMetadata((doc,), "pension"), svc=world.svc, actor=system)
    assert [d.id for d in docs] == [doc]
    assert consents.asked[-1] == (owner.person_id, "hrss", "resident_id", "pension")
    consents.given.clear()  # revoked
    download = reads.download
    assert _answer(lambda: download(Download(doc), svc=world.svc, actor=system)) == (
        "NotFound", "document not found",
    )  # fmt: skip
    entries, _ = reads.list_access_log(ListAccessLog(), svc=world.svc, actor=owner)
    assert [(e.action, e.accessor_kind, e.purpose, e.case_id) for e in entries] == [
        ("metadata", "service", "pension", "")
    ]


def test_an_auditor_reads_only_with_a_purpose_and_the_read_is_logged():
    world, _ = _world()
    owner, auditor = citizen(), staff("auditor", "audit")
    doc = _upload(world, owner)
    with pytest.raises(NotFound):
        reads.download(Download(doc), svc=world.svc, actor=auditor)
    reads.download(Download(doc, purpose="complaint 2026-17"), svc=world.svc, actor=auditor)
    entries, _ = reads.list_access_log(ListAccessLog(), svc=world.svc, actor=owner)
    assert [(e.action, e.department, e.purpose) for e in entries] == [
        ("download", "audit", "complaint 2026-17")
    ]


def test_a_staff_wallet_view_lists_only_what_the_department_may_read():
    world, _ = _world()
    owner, clerk = citizen(), staff("clerk", "psb")
    linked, hidden = _upload(world, owner), _upload(world, owner)
    case_links.link_documents("case-psb", "psb", [linked], uow=world.svc.uow, at=AT)
    page, _ = reads.list_wallet(
        ListWallet(owner_id=owner.person_id, purpose="intake"), svc=world.svc, actor=clerk
    )
    assert [d.id for d in page] == [linked] and hidden not in [d.id for d in page]


def test_case_events_link_their_documents_once_for_the_responsible_department():
    world, _ = _world()
    handle = make_links_handler(lambda session: world.svc.uow())
    submitted = cases_events.CaseSubmitted(
        case_id="c-9", responsible_department="civil", document_ids=["d-1", "d-2", "d-1"]
    )
    provided = cases_events.SupplementProvided(
        case_id="c-9", responsible_department="civil", document_ids=["d-3"]
    )
    for name, payload in (("case_submitted", submitted), ("supplement_provided", provided)):
        envelope = make_envelope("cases", PendingEvent(name, "c-9", "case", payload))
        handle(None, envelope)  # type: ignore[arg-type]
        handle(None, envelope)  # type: ignore[arg-type]  # redelivered: nothing new
    assert sorted(world.tables.case_links) == [("d-1", "c-9"), ("d-2", "c-9"), ("d-3", "c-9")]
    assert {k.department for k in world.tables.case_links.values()} == {"civil"}
