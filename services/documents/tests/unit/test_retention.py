"""Retention arithmetic, the purge (tombstone and access log kept, legal hold keeps), and the
content it removes (reference-safe: identical content another document holds stays)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from onewindow_documents.domain.model import (
    CERTIFICATE,
    UPLOAD,
    AccessLogEntry,
    CaseLink,
    Document,
)
from onewindow_documents.domain.retention import DEFAULT_DAYS, RetentionPolicy, parse_policy
from onewindow_documents.entrypoints.consumer import make_handler
from onewindow_documents.service_layer import retention, uploads
from onewindow_documents.service_layer.commands import Upload
from onewindow_documents.testing import World, case_decided, citizen, memory_world, sample_pdf

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _doc(kind: str = UPLOAD, document_type: str = "resident_id", **changes: object) -> Document:
    base = Document(
        id=str(uuid.uuid4()), owner_id="p1", document_type=document_type, title="", kind=kind,
        certificate_type="", issuer_department="", status="active", latest_version=1,
        created_at=T0, updated_at=T0, created_by="p1",
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def test_kind_defaults_keep_certificates_long_and_uploads_shorter():
    policy = RetentionPolicy()
    assert policy.due_at(_doc()) == T0 + timedelta(days=DEFAULT_DAYS[UPLOAD])
    assert policy.days(_doc(kind=CERTIFICATE)) > policy.days(_doc())
    assert not policy.is_due(_doc(), T0 + timedelta(days=1094))
    assert policy.is_due(_doc(), T0 + timedelta(days=1095))


def test_a_document_type_overrides_its_kind_and_the_shortest_period_bounds_the_scan():
    policy = parse_policy("upload=30,floor_plan=7,birth_medical_certificate=50000")
    assert policy.days(_doc(document_type="floor_plan")) == 7
    assert policy.days(_doc()) == 30
    cert = _doc(kind=CERTIFICATE, certificate_type="birth_medical_certificate")
    assert policy.days(cert) == 50000
    assert policy.shortest() == timedelta(days=7)


def test_a_legal_hold_keeps_and_a_later_case_link_extends():
    policy, late = parse_policy("upload=10"), T0 + timedelta(days=100)
    assert not policy.is_due(_doc(legal_hold_reason="court order 12/2026"), late)
    assert policy.is_due(_doc(), late)
    assert not policy.is_due(_doc(), late, last_linked=late - timedelta(days=9))
    assert policy.is_due(_doc(), late, last_linked=late - timedelta(days=10))


@pytest.mark.parametrize("bad", ["upload", "upload=0", "upload=-3", "=5", "upload=ten"])
def test_malformed_retention_settings_are_refused(bad: str):
    with pytest.raises(ValueError, match="name=days"):
        parse_policy(bad)


def _upload(world: World, owner, content: bytes = b"scan", document_type: str = "resident_id"):
    document, _ = uploads.upload_document(
        Upload(document_type=document_type), [sample_pdf(content)], svc=world.svc, actor=owner
    )
    return document


def _at(world: World, moment: datetime) -> World:
    return replace(world, svc=replace(world.svc, clock=lambda: moment))


def _log_read(world: World, document: Document) -> None:
    world.tables.access_log["e1"] = AccessLogEntry(
        id="e1", document_id=document.id, owner_id=document.owner_id, accessor_subject="s1",
        accessor_kind="staff", accessor_username="clerk-psb", department="psb", office="o",
        action="download", purpose="case handling", accessed_at=T0,
    )  # fmt: skip


def test_purge_removes_expired_uploads_keeps_tombstone_log_and_held_ones():
    world, owner = memory_world(chunk_size=64), citizen()
    expired, held = _upload(world, owner, b"one"), _upload(world, owner, b"two")
    _log_read(world, expired)
    world.tables.documents[held.id] = replace(held, legal_hold_reason="court order")
    later = _at(world, T0 + timedelta(days=11))
    report = retention.purge(svc=later.svc, policy=parse_policy("upload=10"))
    assert report.removed == [expired.id]
    assert expired.id not in world.tables.documents
    assert not [k for k in world.tables.versions if k[0] == expired.id]
    tomb = world.tables.tombstones[expired.id]
    assert (tomb.reason, tomb.owner_id, tomb.content_removed_at) == (
        "retention",
        owner.person_id,
        T0 + timedelta(days=11),
    )
    assert world.tables.access_log["e1"].document_id == expired.id  # the log stays
    assert held.id in world.tables.documents
    assert len(world.store.content) == 1  # only the held document's content is left
    [event] = [e for e in world.tables.events if e.name == "document_removed"]
    assert (event.subject, event.payload.reason, event.payload.kind) == (
        expired.id,
        "retention",
        "upload",
    )


def test_purge_keeps_what_is_not_yet_due_and_uploads_a_case_used_recently():
    world, owner = memory_world(chunk_size=64), citizen()
    linked, young = _upload(world, owner, b"one"), _upload(world, owner, b"two")
    world.tables.case_links[(linked.id, "c1")] = CaseLink(
        linked.id, "c1", "psb", T0 + timedelta(days=5)
    )
    world.tables.documents[young.id] = replace(young, updated_at=T0 + timedelta(days=3))
    report = retention.purge(
        svc=_at(world, T0 + timedelta(days=12)).svc, policy=parse_policy("upload=10")
    )
    assert report.removed == []
    assert {linked.id, young.id} <= set(world.tables.documents)


def test_purged_content_another_document_holds_stays_readable():
    world, owner = memory_world(chunk_size=64), citizen()
    old = _upload(world, owner, b"same")
    keep = _upload(world, owner, b"same")
    world.tables.documents[keep.id] = replace(keep, updated_at=T0 + timedelta(days=30))
    report = retention.purge(
        svc=_at(world, T0 + timedelta(days=11)).svc, policy=parse_policy("upload=10")
    )
    assert (report.removed, report.keys_removed, report.contents_removed) == ([old.id], 1, 0)
    [version] = [v for v in world.tables.versions.values() if v.document_id == keep.id]
    assert b"".join(world.store.read(version.content_key, 1024)) == sample_pdf(b"same")


def test_certificates_outlive_uploads_of_the_same_age():
    world, applicant = memory_world(chunk_size=64), citizen()
    make_handler(lambda _s: world.svc)(None, case_decided(applicant_id=applicant.person_id))  # type: ignore[arg-type]
    upload = _upload(world, applicant)
    report = retention.purge(
        svc=_at(world, T0 + timedelta(days=2000)).svc, policy=RetentionPolicy()
    )
    assert report.removed == [upload.id]
    assert [d.kind for d in world.tables.documents.values()] == [CERTIFICATE]


def test_a_crash_before_the_content_went_is_finished_by_the_next_pass():
    world, owner = memory_world(chunk_size=64), citizen()
    doc = _upload(world, owner, b"one")
    later = _at(world, T0 + timedelta(days=11))
    with later.svc.uow() as uow:  # what the purge commits before it touches the store
        retention.remove_document(
            uow, world.tables.documents[doc.id], reason="retention", by="system:purge",
            now=T0 + timedelta(days=11),
        )  # fmt: skip
        uow.commit()
    assert len(world.store.content) == 1  # the crash: metadata gone, content not yet
    report = retention.purge(svc=later.svc, policy=parse_policy("upload=10"))
    assert (report.removed, report.contents_removed) == ([], 1)
    assert world.store.content == {}
    assert world.tables.tombstones[doc.id].content_removed_at is not None
