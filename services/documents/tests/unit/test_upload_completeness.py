"""An upload is stored only when its stream is complete: declared size met, call not cancelled."""

from __future__ import annotations

import pytest

from onewindow.documents.v1 import documents_pb2 as pb
from onewindow_documents.entrypoints.grpc_servicer import DocumentsServicer, UploadCancelled
from onewindow_documents.service_layer import uploads
from onewindow_documents.service_layer.commands import Upload
from onewindow_documents.testing import citizen, memory_world, sample_pdf
from onewindow_kit.errors import InvalidArgument
from onewindow_kit.principal import reset_current_principal, set_current_principal

PDF = sample_pdf(b"a scan")


def _violations(exc: pytest.ExceptionInfo[InvalidArgument]) -> dict[str, str]:
    return {v.field: v.description for v in exc.value.violations}


def test_stream_shorter_than_declared_size_is_refused_and_nothing_stored():
    world, owner = memory_world(), citizen()
    with pytest.raises(InvalidArgument) as exc:
        uploads.upload_document(
            Upload(document_type="resident_id", size_bytes=len(PDF) + 5), [PDF], svc=world.svc,
            actor=owner,
        )  # fmt: skip
    assert f"fewer bytes than the {len(PDF) + 5} declared" in _violations(exc)["content"]
    assert world.tables.documents == {} and world.tables.events == []
    assert world.store.staged == {} and world.store.content == {}


def test_stream_longer_than_declared_size_is_refused():
    world, owner = memory_world(), citizen()
    with pytest.raises(InvalidArgument) as exc:
        uploads.upload_document(
            Upload(document_type="resident_id", size_bytes=len(PDF) - 1), [PDF[:9], PDF[9:]],
            svc=world.svc, actor=owner,
        )  # fmt: skip
    assert f"more bytes than the {len(PDF) - 1} declared" in _violations(exc)["content"]
    assert world.tables.documents == {} and world.store.content == {}


def test_declared_size_is_checked_before_receiving_content():
    world, owner = memory_world(max_upload_bytes=100), citizen()
    with pytest.raises(InvalidArgument) as exc:
        uploads.upload_document(
            Upload(document_type="resident_id", size_bytes=101), iter(()), svc=world.svc,
            actor=owner,
        )  # fmt: skip
    assert "larger than the limit of 100" in _violations(exc)["metadata.size_bytes"]
    with pytest.raises(InvalidArgument) as exc:
        uploads.upload_document(
            Upload(document_type="resident_id", size_bytes=-1), [PDF], svc=world.svc, actor=owner
        )
    assert "metadata.size_bytes" in _violations(exc)


def test_matching_declared_size_is_stored():
    world, owner = memory_world(), citizen()
    _, version = uploads.upload_document(
        Upload(document_type="resident_id", size_bytes=len(PDF)), [PDF[:2], PDF[2:]], svc=world.svc,
        actor=owner,
    )  # fmt: skip
    assert version.size_bytes == len(PDF) and list(world.store.content.values()) == [PDF]


class _Context:
    """A servicer context whose call the client cancelled after some chunks arrived."""

    def __init__(self, active: bool) -> None:
        self.active = active

    def is_active(self) -> bool:
        return self.active

    def invocation_metadata(self) -> tuple:
        return ()


def _requests(*chunks: bytes):
    yield pb.UploadDocumentRequest(metadata=pb.UploadMetadata(document_type="resident_id"))
    for chunk in chunks:
        yield pb.UploadDocumentRequest(chunk=chunk)


def _upload_through_servicer(world, owner, context: _Context):
    token = set_current_principal(owner)
    try:
        return DocumentsServicer(world.svc).UploadDocument(_requests(PDF[:5], PDF[5:]), context)
    finally:
        reset_current_principal(token)


def test_cancelled_stream_is_never_stored_even_when_it_ended_cleanly():
    world, owner = memory_world(), citizen()
    with pytest.raises(UploadCancelled):
        _upload_through_servicer(world, owner, _Context(active=False))
    assert world.tables.documents == {} and world.tables.events == []
    assert world.store.staged == {} and world.store.content == {}


def test_live_stream_through_the_servicer_is_stored():
    world, owner = memory_world(), citizen()
    response = _upload_through_servicer(world, owner, _Context(active=True))
    assert response.version.size_bytes == len(PDF)
    assert list(world.store.content.values()) == [PDF]
