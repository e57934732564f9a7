"""Metadata (as cases asks), downloads, wallet and access log through the handlers."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from onewindow_documents.adapters.memory import MemoryDocumentReader
from onewindow_documents.service_layer import case_links, reads, uploads
from onewindow_documents.service_layer.commands import (
    Download,
    GetMetadata,
    ListAccessLog,
    ListVersions,
    ListWallet,
    Upload,
)
from onewindow_documents.testing import World, citizen, memory_world, sample_pdf, staff
from onewindow_kit.errors import DomainError, InvalidArgument, NotFound, PermissionDenied
from onewindow_kit.principal import Principal

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _upload(world: World, owner: Principal, document_type: str = "resident_id") -> str:
    doc, _ = uploads.upload_document(
        Upload(document_type=document_type), [sample_pdf(b"content")], svc=world.svc, actor=owner
    )
    return doc.id


def test_metadata_answers_as_cases_expects():
    world, owner = memory_world(), citizen()
    first, second = _upload(world, owner), _upload(world, owner, "household_register")
    unknown = str(uuid.uuid4())
    docs, missing = reads.get_metadata(
        GetMetadata((second, unknown, first, "not-a-uuid")), svc=world.svc, actor=owner
    )
    assert [(d.id, d.owner_id, d.document_type, d.status) for d in docs] == [
        (second, owner.person_id, "household_register", "active"),
        (first, owner.person_id, "resident_id", "active"),
    ]
    assert missing == [unknown, "not-a-uuid"]
    assert world.tables.access_log == {}  # the owner's own reads are not logged


def _answer(read: Callable[[str], object], target: str) -> tuple[str, str]:
    """What a refused read of ``target`` tells the caller: the error's kind and its words."""
    try:
        result = read(target)
    except DomainError as exc:
        return type(exc).__name__, exc.message
    raise AssertionError(f"the read was not refused: {result!r}")


def test_another_citizens_document_answers_exactly_like_a_missing_one():
    world, owner, other = memory_world(), citizen(), citizen()
    doc, unknown = _upload(world, owner), str(uuid.uuid4())
    for read in (
        lambda i: reads.download(Download(i), svc=world.svc, actor=other),
        lambda i: reads.list_versions(ListVersions(i), svc=world.svc, actor=other),
    ):
        assert _answer(read, doc) == _answer(read, unknown) == ("NotFound", "document not found")
    docs, missing = reads.get_metadata(GetMetadata((doc, unknown)), svc=world.svc, actor=other)
    assert (docs, missing) == ([], [doc, unknown])


def test_staff_who_may_not_read_documents_get_not_found_too():
    world, owner = memory_world(), citizen()
    doc, unknown = _upload(world, owner), str(uuid.uuid4())
    for outsider in (staff("auditor", "audit"), staff("dept_admin", "health")):

        def download(i: str, outsider: Principal = outsider) -> object:
            return reads.download(Download(i), svc=world.svc, actor=outsider)

        for i in (doc, unknown):
            assert _answer(download, i) == ("NotFound", "document not found")
        docs, missing = reads.get_metadata(GetMetadata((doc,)), svc=world.svc, actor=outsider)
        assert (docs, missing) == ([], [doc])
    assert world.tables.access_log == {}  # nothing was read, so nothing is logged
    # a clerk reads a citizen's document only once a case of their department uses it
    urban = staff("clerk", "urban")
    assert reads.get_metadata(GetMetadata((doc,)), svc=world.svc, actor=urban) == ([], [doc])
    case_links.link_documents("case-urban", "urban", [doc], uow=world.svc.uow, at=NOW)
    docs, _ = reads.get_metadata(GetMetadata((doc,)), svc=world.svc, actor=urban)
    assert [d.id for d in docs] == [doc]


def test_another_owners_wallet_and_access_log_answer_like_an_unknown_owner():
    world, owner, other = memory_world(), citizen(), citizen()
    _upload(world, owner)
    for read in (
        lambda o: reads.list_wallet(ListWallet(owner_id=o), svc=world.svc, actor=other),
        lambda o: reads.list_access_log(ListAccessLog(owner_id=o), svc=world.svc, actor=other),
    ):
        hidden, unknown = _answer(read, owner.person_id), _answer(read, str(uuid.uuid4()))
        assert hidden == unknown and hidden[0] == "NotFound"


def test_staff_reads_are_in_the_owners_access_log():
    world, owner, clerk = memory_world(), citizen(), staff("clerk", "civil", "hall-central")
    doc = _upload(world, owner)
    case_links.link_documents("case-civil", "civil", [doc], uow=world.svc.uow, at=NOW)
    case_links.link_documents("case-psb", "psb", [doc], uow=world.svc.uow, at=NOW)
    reads.get_metadata(GetMetadata((doc,), purpose="marriage registration"), svc=world.svc,
                       actor=clerk)  # fmt: skip
    reads.download(Download(doc), svc=world.svc, actor=staff("supervisor", "psb"))
    entries, token = reads.list_access_log(ListAccessLog(), svc=world.svc, actor=owner)
    assert token == ""
    assert [(e.action, e.department, e.purpose) for e in entries] == [
        ("download", "psb", "case handling"),
        ("metadata", "civil", "marriage registration"),
    ]
    assert entries[1].accessor_subject == clerk.subject and entries[1].office == "hall-central"
    assert [e.case_id for e in entries] == ["case-psb", "case-civil"]
    others, _ = reads.list_access_log(ListAccessLog(), svc=world.svc, actor=citizen())
    assert others == []


def test_access_log_is_the_citizens_or_an_auditors():
    world, owner = memory_world(), citizen()
    with pytest.raises(PermissionDenied):
        reads.list_access_log(
            ListAccessLog(owner_id=owner.person_id), svc=world.svc, actor=staff("clerk")
        )
    with pytest.raises(NotFound):
        reads.list_access_log(
            ListAccessLog(owner_id=owner.person_id), svc=world.svc, actor=citizen()
        )
    entries, _ = reads.list_access_log(
        ListAccessLog(owner_id=owner.person_id), svc=world.svc, actor=staff("auditor")
    )
    assert entries == []


def test_wallet_pages_through_newest_first():
    world, owner = memory_world(), citizen()
    ids = [_upload(world, owner) for _ in range(5)]
    _upload(world, citizen())  # someone else's
    seen, token = [], ""
    while True:
        page, token = reads.list_wallet(
            ListWallet(page_size=2, page_token=token), svc=world.svc, actor=owner
        )
        seen.extend(d.id for d in page)
        if not token:
            break
    assert seen == list(reversed(ids))
    with pytest.raises(InvalidArgument) as exc:
        reads.list_wallet(ListWallet(page_token="garbage!"), svc=world.svc, actor=owner)
    assert exc.value.violations[0].field == "page_token"


def test_clerk_sees_a_wallet_only_by_naming_the_citizen_and_it_is_logged():
    world, owner, clerk = memory_world(), citizen(), staff()
    doc = _upload(world, owner)
    case_links.link_documents("case-psb", "psb", [doc], uow=world.svc.uow, at=NOW)
    with pytest.raises(InvalidArgument):
        reads.list_wallet(ListWallet(), svc=world.svc, actor=clerk)
    page, _ = reads.list_wallet(
        ListWallet(owner_id=owner.person_id, purpose="intake at hall-east"),
        svc=world.svc,
        actor=clerk,
    )
    assert [d.id for d in page] == [doc]
    entries, _ = reads.list_access_log(ListAccessLog(), svc=world.svc, actor=owner)
    assert [(e.action, e.purpose) for e in entries] == [("wallet", "intake at hall-east")]


def test_reads_that_log_nothing_run_without_a_transaction_and_logged_reads_with_one():
    world, owner, clerk = memory_world(), citizen(), staff("clerk", "civil", "hall-central")
    doc = _upload(world, owner)
    case_links.link_documents("case-civil", "civil", [doc], uow=world.svc.uow, at=NOW)
    used: list[str] = []

    def tagged(name: str, factory: Callable) -> Callable:
        def make():
            used.append(name)
            return factory()

        return make

    svc = replace(
        world.svc,
        uow=tagged("transaction", world.svc.uow),
        read_uow=tagged("no transaction", world.svc.uow),
    )
    [mine], _ = reads.get_metadata(GetMetadata((doc,)), svc=svc, actor=owner)
    wallet, _ = reads.list_wallet(ListWallet(), svc=svc, actor=owner)
    assert mine.id == doc and [d.id for d in wallet] == [doc]
    assert used == ["no transaction", "no transaction"]  # the owner's reads write nothing
    reads.get_metadata(GetMetadata((doc,), purpose="marriage"), svc=svc, actor=clerk)
    reads.list_wallet(ListWallet(owner_id=owner.person_id, purpose="intake"), svc=svc, actor=clerk)
    assert used[2:] == ["transaction", "transaction"]  # staff reads commit their log entries
    entries, _ = reads.list_access_log(ListAccessLog(), svc=svc, actor=owner)
    assert [(e.action, e.purpose) for e in entries] == [
        ("wallet", "intake"),
        ("metadata", "marriage"),
    ]


def _with_reader(world: World) -> MemoryDocumentReader:
    reader = MemoryDocumentReader(world.tables)
    world.svc = replace(world.svc, document_reader=reader)
    return reader


def test_a_citizens_metadata_is_read_on_the_event_loop_with_the_same_answer():
    world, owner, other = memory_world(), citizen(), citizen()
    first, second = _upload(world, owner), _upload(world, owner, "household_register")
    theirs, unknown = _upload(world, other), str(uuid.uuid4())
    reader = _with_reader(world)
    asked = GetMetadata((second, theirs, unknown, first, "not-a-uuid", second))
    docs, missing = asyncio.run(reads.get_metadata_async(asked, svc=world.svc, actor=owner))
    assert reader.reads == 1  # one lookup, no unit of work
    assert (docs, missing) == reads.get_metadata(asked, svc=world.svc, actor=owner)
    assert [d.id for d in docs] == [second, first]
    assert missing == [theirs, unknown, "not-a-uuid"]  # another's answers like a missing one
    assert world.tables.access_log == {}
    with pytest.raises(InvalidArgument):  # the same checks as the other path
        asyncio.run(reads.get_metadata_async(GetMetadata(("",)), svc=world.svc, actor=owner))


def test_logged_and_mandate_scoped_metadata_reads_keep_the_transactional_path():
    world, owner = memory_world(), citizen()
    mine = _upload(world, owner)
    reader = _with_reader(world)
    clerk = staff()
    asked = GetMetadata((mine,), "intake", applicant_id=owner.person_id)
    docs, _ = asyncio.run(reads.get_metadata_async(asked, svc=world.svc, actor=clerk))
    assert [d.id for d in docs] == [mine]
    assert [e.document_id for e in world.tables.access_log.values()] == [mine]  # logged
    proxy = citizen(acting_for=owner.person_id, scope=("signboard-permit",))
    docs, _ = asyncio.run(
        reads.get_metadata_async(GetMetadata((mine,)), svc=world.svc, actor=proxy)
    )
    assert [d.id for d in docs] == [mine]  # the mandator's upload no case uses yet
    assert reader.reads == 0
