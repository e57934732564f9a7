"""A representative under a mandate for some service types sees, of the mandator's documents,
those a case in the scope uses, those no case uses yet, those the representative uploaded, and
certificates (and receipts) issued for a case in the scope; everything else answers like a
missing document, in reads, writes, the wallet and the access log. A mandate for every service
type sees all."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow_documents.entrypoints.case_links import make_links_handler
from onewindow_documents.entrypoints.consumer import make_handler
from onewindow_documents.service_layer import holds, reads, uploads, verification
from onewindow_documents.service_layer.commands import (
    CountWallet,
    DeleteDocument,
    Download,
    GetMetadata,
    ListAccessLog,
    ListVersions,
    ListWallet,
    Upload,
    VerifyCertificate,
)
from onewindow_documents.testing import (
    World,
    case_decided,
    case_submitted,
    citizen,
    memory_world,
    sample_pdf,
    staff,
)
from onewindow_kit.errors import DomainError, InvalidArgument, PermissionDenied
from onewindow_kit.outbox import PendingEvent, make_envelope
from onewindow_kit.principal import Principal

BIRTH = "birth-medical-certificate"  # health: in the representative's scope
PERMIT = "food-business-licence"  # market: outside it


@dataclass
class Family:
    world: World
    owner: Principal
    rep: Principal  # acting for the owner, mandate scoped to BIRTH
    docs: dict[str, str]  # name -> document id


def _upload(world: World, actor: Principal, owner_id: str = "") -> str:
    doc, _ = uploads.upload_document(
        Upload(document_type="resident_id", owner_id=owner_id), [sample_pdf(b"scan")],
        svc=world.svc, actor=actor,
    )  # fmt: skip
    return doc.id


def _submit_and_approve(world: World, owner: Principal, service_type: str, docs: list[str]):
    """A case of ``service_type`` using ``docs`` submitted (links, receipt) and approved (a
    certificate), through the consumers' handlers."""
    case_id = str(uuid.uuid4())
    submitted = case_submitted(
        applicant_id=owner.person_id, case_id=case_id, service_type=service_type,
        document_ids=docs,
    )  # fmt: skip
    make_links_handler(lambda _session: world.svc.uow())(None, submitted)  # type: ignore[arg-type]
    issue = make_handler(lambda _session: world.svc)
    issue(None, submitted)  # type: ignore[arg-type]
    issue(
        None,  # type: ignore[arg-type]
        case_decided(
            applicant_id=owner.person_id, case_id=case_id, service_type=service_type,
            certificate_type=f"{service_type}-certificate",
        ),
    )  # fmt: skip
    return case_id


def _issued(world: World, case_id: str, kind: str) -> str:
    t = world.tables
    issued = [c.document_id for c in t.certificates.values() if c.case_id == case_id]
    return next(i for i in issued if t.documents[i].kind == kind)


@pytest.fixture()
def family() -> Family:
    world, owner = memory_world(chunk_size=64), citizen()
    rep = citizen(acting_for=owner.person_id, scope=[BIRTH])
    docs = {name: _upload(world, owner) for name in ("in_scope", "out_of_scope", "unlinked")}
    docs["by_rep"] = _upload(world, rep)
    birth = _submit_and_approve(world, owner, BIRTH, [docs["in_scope"]])
    permit = _submit_and_approve(world, owner, PERMIT, [docs["out_of_scope"]])
    for name, case_id in (("birth", birth), ("permit", permit)):
        docs[f"{name}_certificate"] = _issued(world, case_id, "certificate")
        docs[f"{name}_receipt"] = _issued(world, case_id, "receipt")
    return Family(world, owner, rep, docs)


VISIBLE = {"in_scope", "by_rep", "unlinked", "birth_certificate", "birth_receipt"}
HIDDEN = {"out_of_scope", "permit_certificate", "permit_receipt"}


def _answer(read, target: str) -> tuple[str, str]:
    try:
        read(target)
    except DomainError as exc:
        return type(exc).__name__, exc.message
    return "ok", ""


def test_the_representative_reads_only_what_the_mandate_covers(family: Family):
    svc, rep, docs = family.world.svc, family.rep, family.docs
    found, missing = reads.get_metadata(GetMetadata(tuple(docs.values())), svc=svc, actor=rep)
    assert {d.id for d in found} == {docs[n] for n in VISIBLE}
    assert set(missing) == {docs[n] for n in HIDDEN}
    unknown = str(uuid.uuid4())
    for read in (
        lambda i: reads.download(Download(i), svc=svc, actor=rep),
        lambda i: reads.list_versions(ListVersions(i), svc=svc, actor=rep),
    ):
        missing_answer = _answer(read, unknown)
        assert missing_answer == ("NotFound", "document not found")
        assert {n: _answer(read, docs[n]) for n in HIDDEN} == dict.fromkeys(HIDDEN, missing_answer)
        assert {n: _answer(read, docs[n]) for n in VISIBLE} == dict.fromkeys(VISIBLE, ("ok", ""))


def test_writes_and_verification_by_id_hide_the_same_documents(family: Family):
    svc, rep, docs = family.world.svc, family.rep, family.docs

    def add_version(i: str) -> object:
        return uploads.upload_document(
            Upload(document_id=i), [sample_pdf(b"v2")], svc=svc, actor=rep
        )

    assert _answer(add_version, docs["out_of_scope"]) == ("NotFound", "document not found")
    assert _answer(add_version, docs["in_scope"]) == ("ok", "")

    def delete(i: str) -> object:
        return holds.delete_document(DeleteDocument(i), svc=svc, actor=rep)

    assert _answer(delete, docs["out_of_scope"]) == _answer(delete, str(uuid.uuid4()))
    assert docs["unlinked"] in family.world.tables.documents

    def verify(i: str) -> object:
        return verification.verify_certificate(VerifyCertificate(document_id=i), svc=svc, actor=rep)

    unknown = _answer(verify, str(uuid.uuid4()))
    assert unknown == ("NotFound", "certificate not found")
    assert _answer(verify, docs["permit_certificate"]) == unknown
    assert _answer(verify, docs["birth_certificate"]) == ("ok", "")


def test_the_wallet_is_narrowed_in_the_query_so_pages_stay_whole(family: Family):
    svc, rep, docs = family.world.svc, family.rep, family.docs
    seen, token, pages = [], "", 0
    while True:
        page, token = reads.list_wallet(
            ListWallet(page_size=1, page_token=token), svc=svc, actor=rep
        )
        assert len(page) == 1  # never an empty or short page before the end
        seen += [d.id for d in page]
        pages += 1
        if not token:
            break
    assert sorted(seen) == sorted(docs[n] for n in VISIBLE) and pages == len(VISIBLE)
    own, _ = reads.list_wallet(ListWallet(page_size=50), svc=svc, actor=family.owner)
    assert {d.id for d in own} == set(docs.values())


def test_the_access_log_shows_the_reads_of_the_documents_in_scope_only(family: Family):
    svc, docs = family.world.svc, family.docs
    health = staff("clerk", "health")  # both cases are the health department's here
    reads.download(Download(docs["in_scope"]), svc=svc, actor=health)
    reads.download(Download(docs["out_of_scope"]), svc=svc, actor=health)

    def log_of(actor: Principal) -> set[str]:
        entries, _ = reads.list_access_log(ListAccessLog(page_size=50), svc=svc, actor=actor)
        return {e.document_id for e in entries}

    assert log_of(family.owner) == {docs["in_scope"], docs["out_of_scope"]}
    assert log_of(family.rep) == {docs["in_scope"]}


def test_a_mandate_for_every_service_type_sees_everything(family: Family):
    svc, docs = family.world.svc, family.docs
    everything = citizen(acting_for=family.owner.person_id)  # scope "*"
    found, missing = reads.get_metadata(
        GetMetadata(tuple(docs.values())), svc=svc, actor=everything
    )
    assert {d.id for d in found} == set(docs.values()) and missing == []
    page, _ = reads.list_wallet(ListWallet(page_size=50), svc=svc, actor=everything)
    assert {d.id for d in page} == set(docs.values())


def test_a_supplement_to_a_case_out_of_scope_closes_its_documents(family: Family):
    """case_submitted named no document (its service type is recorded all the same); the
    supplement's documents follow the case's service type: an upload no case used was open to
    the representative, and once a case out of the scope uses it, it is not."""
    world, owner, rep = family.world, family.owner, family.rep
    late = _upload(world, owner)
    case_id = str(uuid.uuid4())
    links = make_links_handler(lambda _session: world.svc.uow())
    supplement = make_envelope(
        "cases",
        PendingEvent(
            "supplement_provided", case_id, "case",
            cases_events.SupplementProvided(
                case_id=case_id, applicant_id=owner.person_id, document_ids=[late],
                responsible_department="health",
            ),
        ),
    )  # fmt: skip
    links(None, case_submitted(applicant_id=owner.person_id, case_id=case_id, service_type=PERMIT))  # type: ignore[arg-type]
    assert world.tables.case_service_types[case_id] == PERMIT
    found, _ = reads.get_metadata(GetMetadata((late,)), svc=world.svc, actor=rep)
    assert [d.id for d in found] == [late]  # not used by any case yet
    links(None, supplement)  # type: ignore[arg-type]
    found, _ = reads.get_metadata(GetMetadata((late,)), svc=world.svc, actor=rep)
    assert found == []


def _listed(family: Family, actor: Principal, kind: str = "") -> int:
    page, token = reads.list_wallet(
        ListWallet(page_size=200, kind=kind), svc=family.world.svc, actor=actor
    )
    assert token == ""
    return len(page)


def test_count_wallet_is_what_the_wallet_lists_for_the_owner_and_each_kind(family: Family):
    """CountWallet (the dashboard's one count) equals what ListWallet pages through."""
    svc, owner = family.world.svc, family.owner
    for kind in ("", "upload", "certificate", "receipt"):
        counted = reads.count_wallet(CountWallet(kind=kind), svc=svc, actor=owner)
        assert counted == _listed(family, owner, kind)
    assert reads.count_wallet(CountWallet(), svc=svc, actor=owner) == len(family.docs) == 8


def test_count_wallet_of_a_representative_counts_what_the_mandate_shows(family: Family):
    counted = reads.count_wallet(CountWallet(), svc=family.world.svc, actor=family.rep)
    assert counted == len(VISIBLE) == _listed(family, family.rep)


def test_count_wallet_is_zero_for_an_empty_wallet_and_refuses_staff_and_bad_kinds():
    world = memory_world()
    assert reads.count_wallet(CountWallet(), svc=world.svc, actor=citizen()) == 0
    with pytest.raises(PermissionDenied):
        reads.count_wallet(CountWallet(), svc=world.svc, actor=staff("clerk", "health"))
    with pytest.raises(InvalidArgument) as refused:
        reads.count_wallet(CountWallet(kind="photos"), svc=world.svc, actor=citizen())
    assert [v.field for v in refused.value.violations] == ["kind"]
