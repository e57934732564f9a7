"""Integration wiring: the real gRPC server (port 0) over the test database, content under a
temporary folder, tokens minted by the kit's TokenFactory."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest
from sqlalchemy import Engine, text

from onewindow.documents.v1 import documents_pb2 as pb
from onewindow.documents.v1 import documents_pb2_grpc
from onewindow_documents import bootstrap, config
from onewindow_documents.adapters.content import FilesystemContentStore
from onewindow_documents.adapters.signing import KeyRing
from onewindow_documents.entrypoints.convert import TEXT_LIMITS
from onewindow_documents.entrypoints.grpc_servicer import DocumentsServicer
from onewindow_documents.service_layer.ports import Services
from onewindow_kit.db import make_engine
from onewindow_kit.grpc_server import AioServerThread, create_server
from onewindow_kit.migrations import upgrade
from onewindow_kit.testing import TokenFactory, bearer

MAX_UPLOAD = 256 * 1024


@dataclass
class Stack:
    """The running documents service and what it stores into."""

    stub: documents_pb2_grpc.DocumentsStub
    engine: Engine
    svc: Services
    storage: Path
    tokens: TokenFactory
    server: AioServerThread

    def citizen(self) -> tuple[str, list[tuple[str, str]]]:
        """A new citizen: person id and call metadata."""
        person_id = str(uuid.uuid4())
        return person_id, bearer(self.tokens.token(person_id=person_id))

    def staff(self, role: str = "clerk", department: str = "civil") -> list[tuple[str, str]]:
        """Call metadata of a staff member."""
        token = self.tokens.token(
            roles=(role,), department=department, office="hall-central",
            extra={"preferred_username": f"{role}-{department}"},
        )  # fmt: skip
        return bearer(token)

    def upload(
        self, metadata: list[tuple[str, str]], chunks: list[bytes], **fields: str
    ) -> pb.UploadDocumentResponse:
        """UploadDocument: the metadata message, then one message per chunk."""
        messages = [pb.UploadDocumentRequest(metadata=pb.UploadMetadata(**fields))]
        messages += [pb.UploadDocumentRequest(chunk=c) for c in chunks]
        return self.stub.UploadDocument(iter(messages), metadata=metadata)

    def download(
        self, metadata: list[tuple[str, str]], document_id: str, version: int = 0
    ) -> tuple[pb.DocumentVersion, bytes]:
        """DownloadDocument: the version and the reassembled content."""
        replies = list(
            self.stub.DownloadDocument(
                pb.DownloadDocumentRequest(document_id=document_id, version=version),
                metadata=metadata,
            )
        )
        return replies[0].version, b"".join(r.chunk for r in replies[1:])

    def outbox_max_id(self) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(text("SELECT coalesce(max(id), 0) FROM documents.outbox")).one()[0]
            )

    def files(self) -> set[Path]:
        return {p for p in self.storage.rglob("*") if p.is_file()}


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    common = config.load(test=True).common
    upgrade(bootstrap.MIGRATIONS_DIR, common.database_url, "documents")
    engine = make_engine(common.database_url)
    storage = tmp_path_factory.mktemp("documents")
    svc = bootstrap.build_services(
        engine,
        FilesystemContentStore(storage),
        KeyRing.generate(),
        max_upload_bytes=MAX_UPLOAD,
    )
    tokens = TokenFactory()
    servicer = DocumentsServicer(svc)
    running = AioServerThread(
        lambda: create_server(
            service_name="documents",
            register=lambda s: documents_pb2_grpc.add_DocumentsServicer_to_server(servicer, s),
            service_names=[bootstrap.GRPC_SERVICE],
            authenticator=tokens.authenticator(),
            text_limits=TEXT_LIMITS,
        )
    ).start()
    port = running.port
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        stub = documents_pb2_grpc.DocumentsStub(channel)
        yield Stack(stub, engine, svc, storage, tokens, running)
    finally:
        channel.close()
        running.stop()
        engine.dispose()
