"""A 100 MiB upload passes through the gateway chunk by chunk: its memory stays flat.

The gateway runs as its own process (one worker, as `serve` starts it) in front of an in-process
documents server that only counts and hashes what arrives, so the figure is the gateway's alone
(the stack's documents service keeps its own, smaller upload limit)."""

import hashlib
import os
import tempfile
import threading
import uuid

import httpx
import pytest
from lone_gateway import gateway_processes, lone_gateway, rss_kib

from onewindow.documents.v1 import documents_pb2, documents_pb2_grpc

pytestmark = pytest.mark.integration
SIZE = 100 * 1024 * 1024


class CountingDocuments(documents_pb2_grpc.DocumentsServicer):
    def UploadDocument(self, request_iterator, context):
        digest, size = hashlib.sha256(), 0
        for message in request_iterator:
            if message.WhichOneof("part") == "chunk":
                digest.update(message.chunk)
                size += len(message.chunk)
        return documents_pb2.UploadDocumentResponse(
            document=documents_pb2.DocumentMetadata(id="doc-big"),
            version=documents_pb2.DocumentVersion(size_bytes=size, sha256=digest.hexdigest()),
        )


def test_a_100_mib_upload_does_not_grow_the_gateways_memory(front, tmp_path):
    with lone_gateway(CountingDocuments(), tmp_path) as gw:
        growth_mib = _upload_100_mib(front, gw.addr, gw.process.pid)
    print(f"gateway RSS growth during a 100 MiB upload: {growth_mib:.1f} MiB")
    assert growth_mib < 8, f"a gateway process grew by {growth_mib:.1f} MiB during the upload"


def _upload_100_mib(front, addr: str, master: int) -> float:
    token = front.register(verify=False).token
    pids = gateway_processes(master)
    with httpx.Client(base_url=f"http://{addr}", timeout=300) as http:
        warm = http.post(
            "/v1/documents",
            data={"document_type": "floor_plan"},
            files={"file": ("small.bin", b"x" * 1024 * 1024)},
            headers=front.auth(token, Idempotency_Key=str(uuid.uuid4())),
        )
        assert warm.status_code == 201, warm.text  # allocator and code paths warmed once
        before = {pid: rss_kib(pid) for pid in pids}
        peak = dict(before)
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                for pid in pids:
                    peak[pid] = max(peak[pid], rss_kib(pid))

        digest = hashlib.sha256()
        with tempfile.TemporaryFile() as f:
            for _ in range(SIZE // (1024 * 1024)):
                block = os.urandom(1024 * 1024)
                f.write(block)
                digest.update(block)
            f.seek(0)
            sampler = threading.Thread(target=sample)
            sampler.start()
            try:
                reply = http.post(
                    "/v1/documents",
                    data={"document_type": "floor_plan", "title": "big"},
                    files={"file": ("big.bin", f, "application/octet-stream")},
                    headers=front.auth(token, Idempotency_Key=str(uuid.uuid4())),
                )
            finally:
                done.set()
                sampler.join()
    assert reply.status_code == 201, reply.text
    assert reply.json()["version"]["size_bytes"] == SIZE
    assert reply.json()["version"]["sha256"] == digest.hexdigest()
    return max(peak[p] - before[p] for p in pids) / 1024
