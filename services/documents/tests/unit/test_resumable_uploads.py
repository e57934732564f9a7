"""Resumable uploads over the in-memory adapters: a session keeps what arrived, the client asks
for the acknowledged offset and sends the rest; the document's digest is the whole file's."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator

import pytest

from onewindow.documents.v1 import documents_pb2 as pb
from onewindow_documents.entrypoints.grpc_servicer import DocumentsServicer
from onewindow_documents.service_layer import reads, resumable, uploads
from onewindow_documents.service_layer.commands import Download, Upload
from onewindow_documents.testing import World, citizen, memory_world, sample_pdf
from onewindow_kit.errors import InvalidArgument
from onewindow_kit.principal import Principal, reset_current_principal, set_current_principal

FILE = sample_pdf(bytes(range(256)) * 8)  # ~2 KiB
CHUNK = 100


def _violations(exc: pytest.ExceptionInfo[InvalidArgument]) -> dict[str, str]:
    return {v.field: v.description for v in exc.value.violations}


def _cmd(session: str, offset: int = 0, **fields: object) -> Upload:
    values: dict[str, object] = dict(
        document_type="resident_id", size_bytes=len(FILE), session_id=session, offset=offset
    )
    return Upload(**{**values, **fields})  # type: ignore[arg-type]


def _dropped(data: bytes, after: int) -> Iterator[bytes]:
    """The client's chunks until the connection drops after ``after`` bytes."""
    for i in range(0, after, CHUNK):
        yield data[i : min(i + CHUNK, after)]
    raise ConnectionResetError("the client went away")


def _chunks(data: bytes) -> list[bytes]:
    return [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)]


def _offset(world: World, actor: Principal, session: str) -> int:
    return resumable.session_state(session, svc=world.svc, actor=actor).offset


def test_a_dropped_upload_resumes_from_the_acknowledged_offset():
    world, owner, session = memory_world(max_upload_bytes=1 << 20), citizen(), str(uuid.uuid4())
    with pytest.raises(ConnectionResetError):
        uploads.upload_document(_cmd(session), _dropped(FILE, 700), svc=world.svc, actor=owner)
    assert _offset(world, owner, session) == 700
    assert world.tables.documents == {} and world.tables.events == []  # nothing committed yet
    doc, version = uploads.upload_document(
        _cmd(session, offset=700), _chunks(FILE[700:]), svc=world.svc, actor=owner
    )
    assert version.sha256 == hashlib.sha256(FILE).hexdigest() and version.size_bytes == len(FILE)
    _, content = reads.download(Download(doc.id), svc=world.svc, actor=owner)
    assert b"".join(content) == FILE
    state = resumable.session_state(session, svc=world.svc, actor=owner)
    assert (state.offset, state.complete) == (0, True)
    assert world.store.partial == {} and world.store.staged == {}
    with pytest.raises(InvalidArgument) as exc:  # a completed session is not a second upload
        uploads.upload_document(_cmd(session), _chunks(FILE), svc=world.svc, actor=owner)
    assert "completed already" in _violations(exc)["metadata.session_id"]
    assert len(world.tables.documents) == 1


def test_a_stream_that_ends_short_keeps_its_bytes_and_says_where_to_resume():
    world, owner, session = memory_world(max_upload_bytes=1 << 20), citizen(), str(uuid.uuid4())
    with pytest.raises(InvalidArgument) as exc:
        uploads.upload_document(_cmd(session), _chunks(FILE[:1200]), svc=world.svc, actor=owner)
    assert "resume from offset 1200" in _violations(exc)["content"]
    assert _offset(world, owner, session) == 1200 and world.tables.documents == {}
    with pytest.raises(InvalidArgument) as wrong:  # not where the server is: nothing changes
        uploads.upload_document(
            _cmd(session, offset=1000), _chunks(FILE[1000:]), svc=world.svc, actor=owner
        )
    assert "must be 1200" in _violations(wrong)["metadata.offset"]
    assert _offset(world, owner, session) == 1200
    _, version = uploads.upload_document(
        _cmd(session, offset=1200), [FILE[1200:]], svc=world.svc, actor=owner
    )
    assert version.sha256 == hashlib.sha256(FILE).hexdigest()


def test_another_uploaders_session_is_like_an_unknown_one():
    world, owner, other = memory_world(max_upload_bytes=1 << 20), citizen(), citizen()
    session = str(uuid.uuid4())
    with pytest.raises(ConnectionResetError):
        uploads.upload_document(_cmd(session), _dropped(FILE, 500), svc=world.svc, actor=owner)
    assert _offset(world, other, session) == _offset(world, other, str(uuid.uuid4())) == 0
    with pytest.raises(InvalidArgument) as exc:
        uploads.upload_document(
            _cmd(session, offset=500), _chunks(FILE[500:]), svc=world.svc, actor=other
        )
    assert "must be 0" in _violations(exc)["metadata.offset"]
    assert _offset(world, owner, session) == 500  # the owner's bytes are untouched


def test_session_fields_are_checked_before_any_content():
    world, owner = memory_world(max_upload_bytes=1 << 20), citizen()
    with pytest.raises(InvalidArgument) as exc:
        uploads.upload_document(
            _cmd("not-a-uuid", size_bytes=0, offset=-1), [FILE], svc=world.svc, actor=owner
        )
    assert {"metadata.session_id", "metadata.size_bytes", "metadata.offset"} <= set(
        _violations(exc)
    )
    with pytest.raises(InvalidArgument) as exc:
        uploads.upload_document(
            Upload(document_type="resident_id", offset=10), [FILE], svc=world.svc, actor=owner
        )
    assert "metadata.offset" in _violations(exc)
    with pytest.raises(InvalidArgument) as exc:
        resumable.session_state("x", svc=world.svc, actor=owner)
    assert "session_id" in _violations(exc)


def test_a_resume_is_checked_against_the_staged_head_and_the_declared_size():
    world, owner, session = memory_world(max_upload_bytes=1 << 20), citizen(), str(uuid.uuid4())
    with pytest.raises(ConnectionResetError):
        uploads.upload_document(_cmd(session), _dropped(FILE, 400), svc=world.svc, actor=owner)
    with pytest.raises(InvalidArgument) as exc:  # the staged head is a PDF, not a PNG
        uploads.upload_document(
            _cmd(session, offset=400, content_type="image/png"), _chunks(FILE[400:]),
            svc=world.svc, actor=owner,
        )  # fmt: skip
    assert "metadata.content_type" in _violations(exc)
    with pytest.raises(InvalidArgument) as exc:
        uploads.upload_document(
            _cmd(session, offset=400), [FILE[400:], b"extra"], svc=world.svc, actor=owner
        )
    assert "more bytes than declared" in _violations(exc)["content"]
    assert _offset(world, owner, session) == len(FILE)  # what fitted was kept, never more
    assert world.tables.documents == {}


def test_get_upload_session_through_the_servicer():
    world, owner, session = memory_world(max_upload_bytes=1 << 20), citizen(), str(uuid.uuid4())
    with pytest.raises(ConnectionResetError):
        uploads.upload_document(_cmd(session), _dropped(FILE, 300), svc=world.svc, actor=owner)
    token = set_current_principal(owner)
    try:
        reply = DocumentsServicer(world.svc).GetUploadSession(
            pb.GetUploadSessionRequest(session_id=session), None
        )
    finally:
        reset_current_principal(token)
    assert (reply.session_id, reply.offset, reply.complete) == (session, 300, False)
