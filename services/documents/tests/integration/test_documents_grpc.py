"""Uploads, versions, downloads, metadata and the access log over gRPC and PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import uuid

import grpc
import pytest
from sqlalchemy import text

from onewindow.documents.v1 import documents_pb2 as pb
from onewindow_documents.testing import sample_pdf, sample_png
from onewindow_kit.grpc_errors import field_violations

from .conftest import MAX_UPLOAD, Stack

pytestmark = pytest.mark.integration


def test_streamed_upload_downloads_byte_for_byte(stack: Stack):
    person, me = stack.citizen()
    content = sample_png(os.urandom(150_000))
    chunks = [content[i : i + 32_768] for i in range(0, len(content), 32_768)]
    reply = stack.upload(me, chunks, document_type="resident_id", title="ID card")
    assert reply.document.owner_id == person and reply.version.version == 1
    assert reply.version.sha256 == hashlib.sha256(content).hexdigest()
    version, data = stack.download(me, reply.document.id)
    assert data == content and version.sha256 == hashlib.sha256(data).hexdigest()
    with stack.engine.connect() as conn:
        types = conn.execute(
            text("SELECT event_type FROM documents.outbox WHERE key = :k"),
            {"k": reply.document.id},
        ).scalars()
        assert list(types) == ["onewindow.documents.document_uploaded.v1"]


def test_new_version_and_version_list(stack: Stack):
    _, me = stack.citizen()
    old, new = sample_pdf(b"old lease"), sample_pdf(b"new lease")
    first = stack.upload(me, [old], document_type="lease_contract")
    second = stack.upload(me, [new[:4], new[4:]], document_id=first.document.id)
    assert second.version.version == 2 and second.document.latest_version == 2
    versions = stack.stub.ListVersions(
        pb.ListVersionsRequest(document_id=first.document.id), metadata=me
    ).versions
    assert [(v.version, v.size_bytes) for v in versions] == [(1, len(old)), (2, len(new))]
    assert stack.download(me, first.document.id, version=1)[1] == old
    assert stack.download(me, first.document.id)[1] == new


def _refusal(call, target: str) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.RpcError) as exc:
        call(target)
    return exc.value.code(), exc.value.details() or ""


def test_another_citizens_document_answers_exactly_like_a_missing_one(stack: Stack):
    _, me = stack.citizen()
    _, other = stack.citizen()
    doc = stack.upload(me, [sample_pdf(b"private")], document_type="resident_id").document
    unknown = str(uuid.uuid4())
    for call in (
        lambda i: stack.download(other, i),
        lambda i: stack.stub.ListVersions(pb.ListVersionsRequest(document_id=i), metadata=other),
        lambda i: stack.stub.VerifyCertificate(
            pb.VerifyCertificateRequest(document_id=i), metadata=other
        ),
        lambda i: stack.upload(other, [sample_pdf(b"mine now")], document_id=i),
    ):
        hidden, missing = _refusal(call, doc.id), _refusal(call, unknown)
        assert hidden == missing and hidden[0] == grpc.StatusCode.NOT_FOUND
    reply = stack.stub.GetDocumentsMetadata(
        pb.GetDocumentsMetadataRequest(document_ids=[doc.id, unknown]), metadata=other
    )
    assert list(reply.documents) == [] and list(reply.missing_ids) == [doc.id, unknown]
    assert stack.download(me, doc.id)[1] == sample_pdf(b"private")


def test_metadata_as_cases_asks_and_clerk_read_in_access_log(stack: Stack):
    person, me = stack.citizen()
    doc = stack.upload(me, [sample_pdf(b"booklet")], document_type="household_register").document
    unknown = str(uuid.uuid4())
    clerk = stack.staff("clerk", "psb")
    request = pb.GetDocumentsMetadataRequest(document_ids=[doc.id, unknown])
    purpose = [*clerk, ("x-purpose", "newborn household registration")]
    unlinked = stack.stub.GetDocumentsMetadata(request, metadata=purpose)
    assert (list(unlinked.documents), list(unlinked.missing_ids)) == ([], [doc.id, unknown])
    case_id = str(uuid.uuid4())  # a psb case uses the document (as the links consumer records)
    with stack.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO documents.case_links (document_id, case_id, department, linked_at)"
                " VALUES (:d, :c, 'psb', now())"
            ),
            {"d": doc.id, "c": case_id},
        )
    reply = stack.stub.GetDocumentsMetadata(request, metadata=purpose)
    [found] = reply.documents
    assert (found.id, found.owner_id, found.document_type, found.status) == (
        doc.id, person, "household_register", "active",
    )  # fmt: skip
    assert (found.certificate_type, found.issuer_department) == ("", "")
    assert list(reply.missing_ids) == [unknown]
    log = stack.stub.ListAccessLog(pb.ListAccessLogRequest(), metadata=me).entries
    assert [(e.document_id, e.department, e.action, e.purpose) for e in log] == [
        (doc.id, "psb", "metadata", "newborn household registration")
    ]
    records = stack.stub.ListAccessLog(pb.ListAccessLogRequest(), metadata=me).records
    assert [(r.object_id, r.case_id, r.actor_department) for r in records] == [
        (doc.id, case_id, "psb")
    ]
    assert log[0].accessor_username == "clerk-psb"


def test_clerk_uploads_on_a_citizens_behalf(stack: Stack):
    person, me = stack.citizen()
    reply = stack.upload(
        stack.staff("clerk", "samr"),
        [sample_pdf(b"plan")],
        document_type="floor_plan",
        owner_id=person,
    )
    assert reply.version.uploaded_by_kind == "staff"
    assert reply.version.uploaded_by_department == "samr"
    wallet = stack.stub.ListWallet(pb.ListWalletRequest(), metadata=me).documents
    assert [d.id for d in wallet] == [reply.document.id]


def test_bad_uploads_leave_no_metadata_file_or_event(stack: Stack):
    _, me = stack.citizen()
    files, outbox = stack.files(), stack.outbox_max_id()
    cases = [
        (dict(document_type="floor_plan"), [sample_pdf(b"x" * (MAX_UPLOAD // 2))] * 2, "content"),
        (dict(document_type="floor_plan"), [], "content"),
        (dict(document_type="Floor Plan"), [sample_pdf()], "metadata.document_type"),
        # content checks: the type sniffed from the bytes, the declared type, the allowed list
        (dict(document_type="floor_plan"), [b"scan" * 512], "content"),
        (
            dict(document_type="floor_plan", content_type="image/png"),
            [sample_pdf()],
            "metadata.content_type",
        ),
        (
            dict(document_type="floor_plan", content_type="text/html"),
            [b"<html>"],
            "metadata.content_type",
        ),
    ]
    for fields, chunks, field in cases:
        with pytest.raises(grpc.RpcError) as exc:
            stack.upload(me, chunks, **fields)
        assert exc.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert field in dict(field_violations(exc.value)), fields
    with pytest.raises(grpc.RpcError) as exc:
        stack.stub.UploadDocument(iter([pb.UploadDocumentRequest(chunk=b"x")]), metadata=me)
    assert "metadata" in dict(field_violations(exc.value))
    assert stack.files() == files and stack.outbox_max_id() == outbox
    wallet = stack.stub.ListWallet(pb.ListWalletRequest(), metadata=me).documents
    assert list(wallet) == []


def test_the_owners_metadata_from_the_event_loop_reader_matches_the_stored_document(stack: Stack):
    person, me = stack.citizen()
    doc = stack.upload(me, [sample_pdf(b"lease")], document_type="lease", title="Lease").document
    unknown = str(uuid.uuid4())
    request = pb.GetDocumentsMetadataRequest(document_ids=[unknown, doc.id, "not-a-uuid"])
    reply = stack.stub.GetDocumentsMetadata(request, metadata=me)
    assert list(reply.documents) == [doc]  # every field as the upload answered it
    assert list(reply.missing_ids) == [unknown, "not-a-uuid"]
    # the same row through the reader the servicer uses for citizens (no ORM, no thread), on
    # the server's loop, as the ORM repository reads it
    assert stack.svc.document_reader is not None
    [stored] = stack.server.run(stack.svc.document_reader.get_many([doc.id, unknown]))
    with stack.svc.uow() as uow:
        assert stored == uow.documents.get(doc.id)
    assert (stored.owner_id, stored.title, stored.kind) == (person, "Lease", "upload")
