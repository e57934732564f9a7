"""A real gRPC upload dropped half-way (the client cancels) resumes from the offset the server
acknowledges, on the filesystem store and on the real S3 server (MinIO), and ends with a
document whose SHA-256 is the whole file's."""

from __future__ import annotations

import hashlib
import os
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import pytest

from onewindow.documents.v1 import documents_pb2 as pb
from onewindow.documents.v1 import documents_pb2_grpc
from onewindow_documents import bootstrap
from onewindow_documents.adapters.content_refs import committed_keys
from onewindow_documents.entrypoints.convert import TEXT_LIMITS
from onewindow_documents.entrypoints.grpc_servicer import DocumentsServicer
from onewindow_documents.service_layer.janitor import sweep_staged
from onewindow_kit.grpc_errors import field_violations
from onewindow_kit.grpc_server import AioServerThread, create_server
from onewindow_kit.testing import TokenFactory, bearer

pytestmark = pytest.mark.integration
sys.path.insert(0, str(Path(__file__).parent))
from crash_upload import store_for  # noqa: E402

CHUNK = 256 * 1024
FILE = b"%PDF-1.7\n" + os.urandom(12 * 1024 * 1024 + 77)  # three 5 MiB pieces on S3
SENT_BEFORE_DROP = 7 * 1024 * 1024


@pytest.fixture(params=["fs", "s3"])
def served(request: pytest.FixtureRequest, stack: Any, tmp_path: Path):
    """(stub, call metadata) of a documents server over the store under test."""
    store = store_for(str(request.param), tmp_path)
    svc = bootstrap.build_services(stack.engine, store, stack.svc.signer, max_upload_bytes=64 << 20)
    servicer, tokens = DocumentsServicer(svc), TokenFactory()
    running = AioServerThread(
        lambda: create_server(
            service_name="documents",
            register=lambda s: documents_pb2_grpc.add_DocumentsServicer_to_server(servicer, s),
            service_names=[bootstrap.GRPC_SERVICE],
            authenticator=tokens.authenticator(),
            text_limits=TEXT_LIMITS,
        )
    ).start()
    channel = grpc.insecure_channel(f"127.0.0.1:{running.port}")
    try:
        yield (
            documents_pb2_grpc.DocumentsStub(channel),
            bearer(tokens.token(person_id=str(uuid.uuid4()))),
        )
    finally:
        channel.close()
        running.stop()


def _metadata(session: str, offset: int) -> pb.UploadDocumentRequest:
    return pb.UploadDocumentRequest(
        metadata=pb.UploadMetadata(
            document_type="floor_plan", content_type="application/pdf", size_bytes=len(FILE),
            session_id=session, offset=offset,
        )
    )  # fmt: skip


def _chunks(start: int, end: int):
    for i in range(start, end, CHUNK):
        yield pb.UploadDocumentRequest(chunk=FILE[i : min(i + CHUNK, end)])


def _offset(stub: Any, me: Any, session: str) -> int:
    reply = stub.GetUploadSession(pb.GetUploadSessionRequest(session_id=session), metadata=me)
    return int(reply.offset)


def _wait_for(condition, limit_s: float = 30.0) -> None:
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, "the server never got that far"
        time.sleep(0.05)


def _drop_midway(stub: Any, me: Any, session: str) -> None:
    release = threading.Event()

    def requests():
        yield _metadata(session, 0)
        yield from _chunks(0, SENT_BEFORE_DROP)
        release.wait(30)  # the connection "drops" here

    call = stub.UploadDocument.future(requests(), metadata=me)
    _wait_for(lambda: _offset(stub, me, session) > 0)  # the server acknowledged a part
    call.cancel()
    release.set()
    assert call.cancelled()


def _resume(stub: Any, me: Any, session: str) -> tuple[int, pb.UploadDocumentResponse]:
    """What a client does: ask where to resume, send the rest; the server may still be
    finishing the dropped stream, then it names the offset to use instead."""
    for _ in range(100):
        offset = _offset(stub, me, session)
        messages = iter([_metadata(session, offset), *_chunks(offset, len(FILE))])
        try:
            return offset, stub.UploadDocument(messages, metadata=me)
        except grpc.RpcError as e:
            if "metadata.offset" not in dict(field_violations(e)):
                raise
            time.sleep(0.1)
    raise AssertionError("the session never settled")


def test_a_dropped_upload_resumes_and_stores_the_whole_file(served):
    stub, me = served
    session = str(uuid.uuid4())
    _drop_midway(stub, me, session)
    offset, answer = _resume(stub, me, session)
    print(f"\nresumed from offset {offset} of {len(FILE)}")
    assert 0 < offset <= SENT_BEFORE_DROP  # only the rest was sent again
    assert answer.version.size_bytes == len(FILE)
    assert answer.version.sha256 == hashlib.sha256(FILE).hexdigest()
    replies = stub.DownloadDocument(
        pb.DownloadDocumentRequest(document_id=answer.document.id), metadata=me
    )
    downloaded = hashlib.sha256()
    for reply in replies:
        if reply.WhichOneof("part") == "chunk":
            downloaded.update(reply.chunk)
    assert downloaded.hexdigest() == hashlib.sha256(FILE).hexdigest()
    state = stub.GetUploadSession(pb.GetUploadSessionRequest(session_id=session), metadata=me)
    assert (state.offset, state.complete) == (0, True)


@pytest.mark.parametrize("kind", ["fs", "s3"])
def test_the_janitor_removes_an_abandoned_session(stack: Any, kind: str, tmp_path: Path):
    store = store_for(kind, tmp_path)
    key = str(uuid.uuid4())
    assert store.append(key, 0, [FILE[:1000], FILE[1000:3000]]) == 3000
    assert store.staged_size(key) == 3000
    later = datetime.now(UTC) + timedelta(hours=2)  # untouched for more than an hour
    sweep = sweep_staged(store=store, committed=committed_keys(stack.engine), now=later)
    assert key in sweep.removed
    assert store.staged_size(key) == 0 and key not in store.staged_before(later)
