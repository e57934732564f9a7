"""A 1 GiB upload through gRPC streams to the store: the process's memory stays flat."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import grpc
import pytest

from onewindow.documents.v1 import documents_pb2 as pb
from onewindow.documents.v1 import documents_pb2_grpc
from onewindow_documents import bootstrap
from onewindow_documents.adapters.content import FilesystemContentStore
from onewindow_documents.entrypoints.convert import TEXT_LIMITS
from onewindow_documents.entrypoints.grpc_servicer import DocumentsServicer
from onewindow_kit.grpc_server import AioServerThread, create_server
from onewindow_kit.testing import TokenFactory, bearer

pytestmark = pytest.mark.integration
GIB, CHUNK = 1 << 30, 1 << 20


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def _requests(block: bytes, size: int = GIB):
    meta = pb.UploadMetadata(document_type="floor_plan", size_bytes=size)
    yield pb.UploadDocumentRequest(metadata=meta)
    for _ in range(size // CHUNK):
        yield pb.UploadDocumentRequest(chunk=block)  # generated on the fly: never 1 GiB at once


def test_a_1_gib_upload_leaves_memory_flat(stack, tmp_path: Path):
    store = FilesystemContentStore(tmp_path)
    svc = bootstrap.build_services(stack.engine, store, stack.svc.signer, max_upload_bytes=GIB)
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
    me = bearer(tokens.token(person_id=str(uuid.uuid4())))
    block = (b"%PDF-1.7\n" + bytes(range(256)) * (CHUNK // 256))[:CHUNK]  # sniffed as a PDF
    try:
        # A first, 64 MiB upload warms what every upload allocates once (threads, their malloc
        # arenas, gRPC's buffers); from then on memory must not grow with the file's size.
        stub = documents_pb2_grpc.DocumentsStub(channel)
        stub.UploadDocument(_requests(block, 64 * CHUNK), metadata=me)
        before = _rss_mib()
        answer = stub.UploadDocument(_requests(block), metadata=me)
        after = _rss_mib()
    finally:
        channel.close()
        running.stop()
    print(f"\nRSS after a 64 MiB upload {before:.0f} MiB, after a 1 GiB upload {after:.0f} MiB")
    expected = hashlib.sha256()
    for _ in range(GIB // CHUNK):
        expected.update(block)
    assert answer.version.size_bytes == GIB
    assert answer.version.sha256 == expected.hexdigest()
    assert after - before < 64, (before, after)  # a few chunks in flight, never the file
