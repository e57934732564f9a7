"""An owner deletes an upload no case uses; staff with a hold role of a department that has a
claim on the document set or clear a legal hold; everyone else gets NOT_FOUND."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from onewindow_documents.domain.model import CaseLink
from onewindow_documents.entrypoints.consumer import make_handler
from onewindow_documents.service_layer import holds, reads, uploads
from onewindow_documents.service_layer.commands import (
    DeleteDocument,
    ListWallet,
    SetLegalHold,
    Upload,
)
from onewindow_documents.testing import World, case_decided, citizen, memory_world, sample_pdf
from onewindow_documents.testing import staff as staff_member
from onewindow_kit.errors import FailedPrecondition, InvalidArgument, NotFound

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _upload(world: World, owner, content: bytes = b"scan"):
    document, _ = uploads.upload_document(
        Upload(document_type="resident_id"), [sample_pdf(content)], svc=world.svc, actor=owner
    )
    return document


def _link(world: World, document_id: str, department: str = "psb") -> None:
    world.tables.case_links[(document_id, "case-1")] = CaseLink(
        document_id, "case-1", department, T0
    )


def test_the_owner_deletes_an_unused_upload_leaving_a_tombstone():
    world, owner = memory_world(chunk_size=64), citizen()
    doc = _upload(world, owner)
    holds.delete_document(DeleteDocument(doc.id), svc=world.svc, actor=owner)
    assert doc.id not in world.tables.documents
    assert world.store.content == {}
    tomb = world.tables.tombstones[doc.id]
    assert (tomb.reason, tomb.removed_by) == ("deleted_by_owner", owner.subject)
    assert tomb.content_removed_at is not None
    assert reads.list_wallet(ListWallet(), svc=world.svc, actor=owner)[0] == []
    assert [e.name for e in world.tables.events][-1] == "document_removed"


def test_a_mandate_holder_deletes_for_the_mandator():
    world, owner = memory_world(chunk_size=64), citizen()
    doc = _upload(world, owner)
    agent = citizen(acting_for=owner.person_id)
    holds.delete_document(DeleteDocument(doc.id), svc=world.svc, actor=agent)
    assert doc.id in world.tables.tombstones


@pytest.mark.parametrize("who", ["other citizen", "clerk", "missing"])
def test_another_persons_document_answers_like_a_missing_one(who: str):
    world, owner = memory_world(chunk_size=64), citizen()
    doc = _upload(world, owner)
    actor = {"other citizen": citizen(), "clerk": staff_member(), "missing": owner}[who]
    doc_id = doc.id if who != "missing" else "0b5e3d1e-7b5f-4c4e-9a44-111111111111"
    with pytest.raises(NotFound, match="document not found"):
        holds.delete_document(DeleteDocument(doc_id), svc=world.svc, actor=actor)
    assert doc.id in world.tables.documents


def test_a_document_a_case_uses_or_on_hold_cannot_be_deleted():
    world, owner = memory_world(chunk_size=64), citizen()
    linked, held = _upload(world, owner, b"one"), _upload(world, owner, b"two")
    _link(world, linked.id)
    world.tables.documents[held.id] = replace(held, legal_hold_reason="audit")
    for doc, words in ((linked, "a case uses"), (held, "legal hold")):
        with pytest.raises(FailedPrecondition, match=words):
            holds.delete_document(DeleteDocument(doc.id), svc=world.svc, actor=owner)
    assert {linked.id, held.id} <= set(world.tables.documents)
    assert len(world.store.content) == 2


def test_an_issued_certificate_cannot_be_deleted_by_its_holder():
    world, owner = memory_world(chunk_size=64), citizen()
    make_handler(lambda _s: world.svc)(None, case_decided(applicant_id=owner.person_id))  # type: ignore[arg-type]
    [cert] = world.tables.documents.values()
    with pytest.raises(FailedPrecondition, match="only uploads"):
        holds.delete_document(DeleteDocument(cert.id), svc=world.svc, actor=owner)


def test_a_delete_without_an_id_names_the_field():
    world = memory_world()
    with pytest.raises(InvalidArgument) as e:
        holds.delete_document(DeleteDocument(""), svc=world.svc, actor=citizen())
    assert e.value.violations[0].field == "document_id"


@pytest.mark.parametrize("role", ["supervisor", "auditor", "dept_admin"])
def test_a_hold_role_of_the_case_department_sets_and_clears_a_hold(role: str):
    world, owner = memory_world(chunk_size=64), citizen()
    doc = _upload(world, owner)
    _link(world, doc.id, "psb")
    actor = staff_member(role=role, department="psb")
    held, _ = holds.set_legal_hold(
        SetLegalHold(doc.id, True, " court order "), svc=world.svc, actor=actor
    )
    assert (held.legal_hold_reason, held.legal_hold_by) == ("court order", actor.subject)
    assert world.tables.documents[doc.id].legal_hold_reason == "court order"
    again, _ = holds.set_legal_hold(SetLegalHold(doc.id, True, "twice"), svc=world.svc, actor=actor)
    assert again.legal_hold_reason == "court order"  # already held: unchanged
    holds.set_legal_hold(SetLegalHold(doc.id, False, "case closed"), svc=world.svc, actor=actor)
    assert world.tables.documents[doc.id].legal_hold_reason == ""
    events = [e for e in world.tables.events if e.name == "document_legal_hold_changed"]
    assert [(e.payload.held, e.payload.reason) for e in events] == [
        (True, "court order"),
        (False, "case closed"),
    ]


def test_the_issuing_department_holds_its_certificate():
    world, owner = memory_world(chunk_size=64), citizen()
    make_handler(lambda _s: world.svc)(None, case_decided(applicant_id=owner.person_id))  # type: ignore[arg-type]
    [cert] = world.tables.documents.values()
    supervisor = staff_member(role="supervisor", department="health")
    holds.set_legal_hold(
        SetLegalHold(cert.id, True, "fraud inquiry"), svc=world.svc, actor=supervisor
    )
    assert world.tables.documents[cert.id].legal_hold_reason == "fraud inquiry"


@pytest.mark.parametrize(
    "actor",
    [
        staff_member(role="clerk", department="psb"),
        staff_member(role="supervisor", department="tax"),
        staff_member(role="auditor", department="tax"),
    ],
    ids=["clerk of the case department", "supervisor elsewhere", "auditor elsewhere"],
)
def test_others_setting_a_hold_get_not_found(actor):
    world, owner = memory_world(chunk_size=64), citizen()
    doc = _upload(world, owner)
    _link(world, doc.id, "psb")
    with pytest.raises(NotFound, match="document not found"):
        holds.set_legal_hold(SetLegalHold(doc.id, True, "because"), svc=world.svc, actor=actor)
    assert world.tables.documents[doc.id].legal_hold_reason == ""


def test_the_owner_cannot_hold_and_a_hold_needs_a_reason():
    world, owner = memory_world(chunk_size=64), citizen()
    doc = _upload(world, owner)
    with pytest.raises(NotFound):
        holds.set_legal_hold(SetLegalHold(doc.id, True, "mine"), svc=world.svc, actor=owner)
    with pytest.raises(InvalidArgument) as e:
        holds.set_legal_hold(
            SetLegalHold("", True, "  "), svc=world.svc, actor=staff_member(role="supervisor")
        )
    assert {v.field for v in e.value.violations} == {"document_id", "reason"}
