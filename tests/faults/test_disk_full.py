"""Scenario 8: the disk for document content is full (a 1 MiB tmpfs the test mounts and gives to
a `documents serve` of its own). An upload bigger than the free space is refused with
UNAVAILABLE (HTTP 503 through the gateway), never INTERNAL; no document row and no partial file
remain; a small upload still works."""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from pathlib import Path

import grpc
import pytest
from load import PASSWORD, login, sample_pdf
from sqlalchemy import text
from stack import ROOT, engine_of, wait_until

from onewindow.documents.v1 import documents_pb2, documents_pb2_grpc
from onewindow_kit.health_probe import serving

MOUNT = Path("/tmp/onewindow-faults-disk-full")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture()
def full_documents():
    """A documents gRPC server whose content directory is a 1 MiB filesystem."""
    MOUNT.mkdir(exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(MOUNT)], check=True)
    addr = f"127.0.0.1:{_free_port()}"
    env = {
        **os.environ,
        "ONEWINDOW_DOCUMENTS_STORAGE_DIR": str(MOUNT),
        "ONEWINDOW_DOCUMENTS_STORE": "fs",
        "ONEWINDOW_DOCUMENTS_GRPC_ADDR": addr,
        "ONEWINDOW_DOCUMENTS_METRICS_PORT": "0",
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "onewindow_documents", "serve"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until(lambda: serving(addr, "onewindow.documents.v1.Documents"), "documents", 60)
        with grpc.insecure_channel(addr) as channel:
            yield documents_pb2_grpc.DocumentsStub(channel)
    finally:
        server.terminate()
        server.wait(30)
        subprocess.run(["umount", str(MOUNT)], check=True)


def _upload(stub, token: str, title: str, size: int):
    content = sample_pdf(os.urandom(size // 2).hex().encode()[:size])
    meta = documents_pb2.UploadMetadata(
        document_type="resident_id", title=title, content_type="application/pdf",
        filename="scan.pdf", size_bytes=len(content),
    )  # fmt: skip

    def messages():
        yield documents_pb2.UploadDocumentRequest(metadata=meta)
        for start in range(0, len(content), 64 * 1024):
            yield documents_pb2.UploadDocumentRequest(chunk=content[start : start + 64 * 1024])

    return stub.UploadDocument(
        messages(), metadata=[("authorization", f"Bearer {token}")], timeout=60
    )


def _documents_titled(title: str) -> int:
    with engine_of("documents").connect() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM documents.documents WHERE title = :t"), {"t": title}
            ).scalar_one()
        )


def test_a_full_disk_refuses_uploads_cleanly_and_stores_nothing(citizens, full_documents):
    token = login(citizens[0].username, PASSWORD)  # a fresh 5-minute token
    title = f"too big {uuid.uuid4().hex[:8]}"
    with pytest.raises(grpc.RpcError) as refused:
        _upload(full_documents, token, title, 3 * 1024 * 1024)
    assert refused.value.code() == grpc.StatusCode.UNAVAILABLE, refused.value.details()
    assert "storage is full" in refused.value.details()
    assert _documents_titled(title) == 0
    leftovers = [p for p in MOUNT.rglob("*") if p.is_file()]
    assert leftovers == [], leftovers  # no partial file
    small = f"small {uuid.uuid4().hex[:8]}"
    assert _upload(full_documents, token, small, 10 * 1024).document.id
    assert _documents_titled(small) == 1
    print("[faults] disk-full: 3 MiB upload refused UNAVAILABLE, 0 rows, 0 partial files")
