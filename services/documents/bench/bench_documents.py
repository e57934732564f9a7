"""`make bench-documents` → var/bench/documents.json: upload and download throughput of a 64 MiB
file in 1 MiB chunks through the documents gRPC API (server on port 0 in this process, real
PostgreSQL), with the filesystem store and with the S3 store on the real server infra/s3.sh runs.

Keys written (merged into the file: other documents figures in it are kept):
upload_mb_per_s_fs, download_mb_per_s_fs, upload_mb_per_s_s3, download_mb_per_s_s3.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import grpc

from onewindow.documents.v1 import documents_pb2 as pb
from onewindow.documents.v1 import documents_pb2_grpc
from onewindow_documents import bootstrap, config
from onewindow_documents.adapters.content import FilesystemContentStore
from onewindow_documents.adapters.s3 import S3ContentStore
from onewindow_documents.adapters.signing import KeyRing
from onewindow_documents.entrypoints.convert import TEXT_LIMITS
from onewindow_documents.entrypoints.grpc_servicer import DocumentsServicer
from onewindow_kit.db import make_engine
from onewindow_kit.grpc_server import AioServerThread, create_server
from onewindow_kit.migrations import upgrade
from onewindow_kit.settings import Env
from onewindow_kit.testing import TokenFactory, bearer

OUT = Path(os.environ.get("ONEWINDOW_VAR", "var")) / "bench" / "documents.json"
MIB = 1024 * 1024
SIZE, CHUNK, ROUNDS = 64 * MIB, MIB, 3


def _server(store: Any, engine: Any, tokens: TokenFactory) -> AioServerThread:
    svc = bootstrap.build_services(engine, store, KeyRing.generate(), max_upload_bytes=2 * SIZE)
    servicer = DocumentsServicer(svc)
    return AioServerThread(
        lambda: create_server(
            service_name="documents",
            register=lambda s: documents_pb2_grpc.add_DocumentsServicer_to_server(servicer, s),
            service_names=[bootstrap.GRPC_SERVICE],
            authenticator=tokens.authenticator(),
            text_limits=TEXT_LIMITS,
        )
    ).start()


PDF_START = b"%PDF-1.7\n"  # uploads are sniffed: the content must be what it claims


def _requests(content: bytes):
    meta = pb.UploadMetadata(document_type="floor_plan", size_bytes=len(content))
    yield pb.UploadDocumentRequest(metadata=meta)
    view = memoryview(content)
    for i in range(0, len(content), CHUNK):
        yield pb.UploadDocumentRequest(chunk=bytes(view[i : i + CHUNK]))


def _measure(store: Any, engine: Any) -> tuple[float, float]:
    """Best of ROUNDS (MB/s = 10^6 bytes per second) for upload and download."""
    tokens = TokenFactory()
    running = _server(store, engine, tokens)
    options = [("grpc.max_receive_message_length", 4 * MIB)]
    channel = grpc.insecure_channel(f"127.0.0.1:{running.port}", options=options)
    stub = documents_pb2_grpc.DocumentsStub(channel)
    me = bearer(tokens.token(person_id=str(uuid.uuid4())))
    up, down = [], []
    try:
        for _ in range(ROUNDS):
            content = PDF_START + os.urandom(SIZE - len(PDF_START))  # fresh: never deduped
            started = time.perf_counter()
            answer = stub.UploadDocument(_requests(content), metadata=me)
            up.append(SIZE / (time.perf_counter() - started) / 1e6)
            started = time.perf_counter()
            received = 0
            request = pb.DownloadDocumentRequest(document_id=answer.document.id)
            for reply in stub.DownloadDocument(request, metadata=me):
                received += len(reply.chunk)
            down.append(SIZE / (time.perf_counter() - started) / 1e6)
            assert received == SIZE, received
    finally:
        channel.close()
        running.stop()
    return round(max(up), 1), round(max(down), 1)


def main() -> None:
    common = config.load(test=True).common
    upgrade(bootstrap.MIGRATIONS_DIR, common.database_url, "documents")
    engine = make_engine(common.database_url)
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(dir=Path(os.environ.get("ONEWINDOW_VAR", "var"))) as root:
        up, down = _measure(FilesystemContentStore(Path(root)), engine)
    figures |= {"upload_mb_per_s_fs": up, "download_mb_per_s_fs": down}
    up, down = _measure(S3ContentStore(config.s3_settings(Env())), engine)
    figures |= {"upload_mb_per_s_s3": up, "download_mb_per_s_s3": down}
    figures["documents_storage_method"] = (
        f"{SIZE // MIB} MiB of random bytes in {CHUNK // MIB} MiB chunks through gRPC "
        f"(server in-process on 127.0.0.1, real PostgreSQL; S3: MinIO from infra/s3.sh, "
        f"8 MiB multipart parts); best of {ROUNDS}; MB = 10^6 bytes"
    )
    engine.dispose()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    merged = json.loads(OUT.read_text()) if OUT.exists() else {}
    merged.update(figures)
    OUT.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
