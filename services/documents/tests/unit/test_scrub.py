"""The integrity scrub: stored content that no longer matches its recorded SHA-256 (or is gone)
is reported and published as document_integrity_failed; intact content passes silently."""

from __future__ import annotations

from onewindow.documents.v1 import events_pb2
from onewindow_documents.service_layer import scrub, uploads
from onewindow_documents.service_layer.commands import Upload
from onewindow_documents.testing import citizen, memory_world, sample_pdf


def _integrity_events(world):
    return [e for e in world.tables.events if e.name == "document_integrity_failed"]


def test_intact_content_passes_and_each_stored_content_is_hashed_once():
    world, owner = memory_world(), citizen()
    for _ in range(3):
        uploads.upload_document(
            Upload(document_type="resident_id"), [sample_pdf(b"same")], svc=world.svc, actor=owner
        )
    report = scrub.scrub(svc=world.svc, batch=2)
    keys = {v.content_key for v in world.tables.versions.values()}
    assert (report.versions, report.contents, report.findings) == (3, len(keys), [])
    assert _integrity_events(world) == []


def test_altered_and_missing_content_are_reported_and_published():
    world, owner = memory_world(), citizen()
    altered, _ = uploads.upload_document(
        Upload(document_type="resident_id"), [sample_pdf(b"one")], svc=world.svc, actor=owner
    )
    uploads.upload_document(
        Upload(document_id=altered.id), [sample_pdf(b"two")], svc=world.svc, actor=owner
    )
    lost, _ = uploads.upload_document(
        Upload(document_type="household_register"), [sample_pdf(b"three")], svc=world.svc,
        actor=owner,
    )  # fmt: skip
    versions = {(v.document_id, v.version): v for v in world.tables.versions.values()}
    store = world.svc.store
    store.content[versions[(altered.id, 2)].content_key] = b"%PDF-1.4 tampered"
    del store.content[versions[(lost.id, 1)].content_key]
    seen = []
    report = scrub.scrub(svc=world.svc, batch=1, on_finding=seen.append)
    assert report.versions == 3 and seen == report.findings
    by_doc = {(f.document_id, f.version): f for f in report.findings}
    assert set(by_doc) == {(altered.id, 2), (lost.id, 1)}
    assert by_doc[(altered.id, 2)].reason == "mismatch"
    assert by_doc[(altered.id, 2)].expected_sha256 == versions[(altered.id, 2)].sha256
    assert by_doc[(lost.id, 1)].reason == "missing" and by_doc[(lost.id, 1)].actual_sha256 == ""
    events = _integrity_events(world)
    payloads = {(e.payload.document_id, e.payload.version): e.payload for e in events}
    assert set(payloads) == set(by_doc) and {e.subject for e in events} == {altered.id, lost.id}
    missing = payloads[(lost.id, 1)]
    assert isinstance(missing, events_pb2.DocumentIntegrityFailed)
    assert (missing.owner_id, missing.document_type, missing.reason) == (
        owner.person_id, "household_register", "missing",
    )  # fmt: skip
    assert missing.checked_at.endswith("Z")
