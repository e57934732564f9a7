"""Uploading documents and versions through the handlers, over in-memory adapters."""

from __future__ import annotations

import hashlib

import pytest

from onewindow_documents.service_layer import reads, uploads
from onewindow_documents.service_layer.commands import Download, Upload
from onewindow_documents.testing import citizen, memory_world, sample_pdf, sample_png, staff
from onewindow_kit.errors import InvalidArgument, NotFound, PermissionDenied


def _violations(exc: pytest.ExceptionInfo[InvalidArgument]) -> dict[str, str]:
    return {v.field: v.description for v in exc.value.violations}


def test_upload_stores_content_metadata_and_event():
    world, owner = memory_world(), citizen()
    scan = sample_png(b"scan of my resident id")
    chunks = [scan[:5], scan[5:30], scan[30:]]
    doc, version = uploads.upload_document(
        Upload(document_type="resident_id", title="ID card"), chunks, svc=world.svc, actor=owner
    )
    assert (doc.owner_id, doc.document_type, doc.latest_version) == (
        owner.person_id,
        "resident_id",
        1,
    )
    assert version.sha256 == hashlib.sha256(b"".join(chunks)).hexdigest()
    assert version.size_bytes == len(b"".join(chunks))
    _, content = reads.download(Download(doc.id), svc=world.svc, actor=owner)
    assert b"".join(content) == scan and version.content_type == "image/png"
    [event] = world.tables.events
    assert event.name == "document_uploaded" and event.payload.owner_id == owner.person_id


def test_new_version_keeps_old_content_and_emits_version_added():
    world, owner = memory_world(), citizen()
    doc, _ = uploads.upload_document(
        Upload(document_type="lease_contract"), [sample_pdf(b"v1")], svc=world.svc, actor=owner
    )
    doc2, v2 = uploads.upload_document(
        Upload(document_id=doc.id),
        [b"%PDF", sample_pdf(b"version two")[4:]],
        svc=world.svc,
        actor=owner,
    )
    assert (doc2.id, doc2.latest_version, v2.version) == (doc.id, 2, 2)
    _, old = reads.download(Download(doc.id, version=1), svc=world.svc, actor=owner)
    _, latest = reads.download(Download(doc.id), svc=world.svc, actor=owner)
    assert (b"".join(old), b"".join(latest)) == (sample_pdf(b"v1"), sample_pdf(b"version two"))
    assert [e.name for e in world.tables.events] == ["document_uploaded", "document_version_added"]


def test_too_large_upload_leaves_nothing_behind():
    world, owner = memory_world(max_upload_bytes=40), citizen()
    pdf = sample_pdf(b"a floor plan")
    with pytest.raises(InvalidArgument) as exc:
        uploads.upload_document(
            Upload(document_type="floor_plan"), [pdf[:30], pdf[30:]], svc=world.svc, actor=owner
        )
    assert "larger than the limit of 40 bytes" in _violations(exc)["content"]
    assert world.tables.documents == {} and world.tables.events == []
    assert world.store.staged == {} and world.store.content == {}


def test_empty_upload_and_bad_type_are_refused_precisely():
    world, owner = memory_world(), citizen()
    with pytest.raises(InvalidArgument) as exc:
        uploads.upload_document(
            Upload(document_type="resident_id"), [b""], svc=world.svc, actor=owner
        )
    assert "is empty" in _violations(exc)["content"]
    with pytest.raises(InvalidArgument) as exc:
        uploads.upload_document(
            Upload(document_type="Resident ID!", title="x" * 201), [sample_pdf(b"x")],
            svc=world.svc, actor=owner,
        )  # fmt: skip
    assert set(_violations(exc)) == {"metadata.document_type", "metadata.title"}
    assert world.tables.documents == {} and world.store.staged == {}


def test_clerk_uploads_for_a_citizen_who_then_owns_it():
    world, clerk, owner = memory_world(), staff(), citizen()
    with pytest.raises(InvalidArgument) as exc:
        uploads.upload_document(
            Upload(document_type="household_register"),
            [sample_pdf(b"x")],
            svc=world.svc,
            actor=clerk,
        )
    assert "metadata.owner_id" in _violations(exc)
    doc, version = uploads.upload_document(
        Upload(document_type="household_register", owner_id=owner.person_id),
        [sample_pdf(b"booklet")],
        svc=world.svc,
        actor=clerk,
    )
    assert doc.owner_id == owner.person_id
    assert (version.uploaded_by, version.uploaded_by_kind, version.uploaded_by_department) == (
        clerk.subject,
        "staff",
        "psb",
    )


def test_mandatee_uploads_into_the_mandators_documents():
    world, mother = memory_world(), citizen()
    helper = citizen(acting_for=mother.person_id)
    doc, _ = uploads.upload_document(
        Upload(document_type="resident_id"), [sample_pdf(b"x")], svc=world.svc, actor=helper
    )
    assert doc.owner_id == mother.person_id


def test_others_cannot_upload_as_or_into_someone_else():
    world, owner, other = memory_world(), citizen(), citizen()
    doc, _ = uploads.upload_document(
        Upload(document_type="resident_id"), [sample_pdf(b"x")], svc=world.svc, actor=owner
    )
    with pytest.raises(NotFound) as hidden:  # exactly as if the document did not exist
        uploads.upload_document(
            Upload(document_id=doc.id), [sample_pdf(b"mine now")], svc=world.svc, actor=other
        )
    with pytest.raises(PermissionDenied):
        uploads.upload_document(
            Upload(document_type="resident_id", owner_id=owner.person_id),
            [sample_pdf(b"x")],
            svc=world.svc,
            actor=other,
        )
    with pytest.raises(NotFound) as missing:
        uploads.upload_document(
            Upload(document_id="5d2c8a8e-0000-4000-8000-000000000000"), [sample_pdf(b"x")],
            svc=world.svc, actor=owner,
        )  # fmt: skip
    assert hidden.value.message == missing.value.message == "document not found"
    with pytest.raises(InvalidArgument) as exc:
        uploads.upload_document(
            Upload(document_id=doc.id, document_type="floor_plan"), [sample_pdf(b"x")],
            svc=world.svc, actor=owner,
        )  # fmt: skip
    assert "resident_id" in _violations(exc)["metadata.document_type"]
    assert world.tables.documents[doc.id].latest_version == 1


def test_a_retry_with_the_same_client_key_answers_the_first_upload_and_stores_nothing_new():
    world, owner = memory_world(), citizen()
    cmd = Upload(document_type="resident_id", title="ID card", client_key="upload-0001")
    first, v1 = uploads.upload_document(cmd, [sample_pdf(b"scan")], svc=world.svc, actor=owner)
    again, v2 = uploads.upload_document(
        cmd, [sample_pdf(b"scan")[:3], sample_pdf(b"scan")[3:]], svc=world.svc, actor=owner
    )
    assert (again.id, v2.version, v2.sha256) == (first.id, v1.version, v1.sha256)
    assert len(world.tables.documents) == 1 and len(world.tables.events) == 1
    other = citizen()  # keys are per uploader: the same key is free for someone else
    theirs, _ = uploads.upload_document(cmd, [sample_pdf(b"scan")], svc=world.svc, actor=other)
    assert theirs.id != first.id


def test_the_same_client_key_with_other_content_or_metadata_is_refused():
    world, owner = memory_world(), citizen()
    cmd = Upload(document_type="resident_id", client_key="upload-0002")
    uploads.upload_document(cmd, [sample_pdf(b"scan")], svc=world.svc, actor=owner)
    with pytest.raises(InvalidArgument) as content:
        uploads.upload_document(cmd, [sample_pdf(b"another scan")], svc=world.svc, actor=owner)
    with pytest.raises(InvalidArgument) as metadata:
        uploads.upload_document(
            Upload(document_type="floor_plan", client_key="upload-0002"), [sample_pdf(b"scan")],
            svc=world.svc, actor=owner,
        )  # fmt: skip
    with pytest.raises(InvalidArgument) as malformed:
        uploads.upload_document(
            Upload(document_type="resident_id", client_key="short"), [sample_pdf(b"x")],
            svc=world.svc, actor=owner,
        )  # fmt: skip
    assert "metadata.client_key" in _violations(content)
    assert "metadata.client_key" in _violations(metadata)
    assert "metadata.client_key" in _violations(malformed)
    assert len(world.tables.documents) == 1
