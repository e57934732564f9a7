"""What the handlers need from the outside: repositories, content store, signer, clock."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, Self

from onewindow_documents.domain.model import (
    AccessLogEntry,
    Certificate,
    Document,
    DocumentVersion,
    UploadKey,
)
from onewindow_kit.outbox import PendingEvent

Cursor = tuple[datetime, str]  # (sort time, id) of the last item of the previous page


class DocumentRepository(Protocol):
    def add(self, document: Document) -> None: ...
    def save(self, document: Document) -> None: ...
    def get(self, document_id: str, *, for_update: bool = False) -> Document | None: ...
    def get_many(self, document_ids: Sequence[str]) -> list[Document]: ...
    def list_by_owner(
        self, owner_id: str, *, kind: str, limit: int, after: Cursor | None
    ) -> list[Document]: ...


class VersionRepository(Protocol):
    def add(self, version: DocumentVersion) -> None: ...
    def of_document(self, document_id: str) -> list[DocumentVersion]: ...
    def get(self, document_id: str, version: int) -> DocumentVersion | None: ...


class CertificateRepository(Protocol):
    def add(self, certificate: Certificate) -> None: ...
    def get(self, document_id: str) -> Certificate | None: ...
    def find(self, case_id: str, certificate_type: str) -> Certificate | None: ...


class AccessLogRepository(Protocol):
    def add(self, entry: AccessLogEntry) -> None: ...
    def list_by_owner(
        self, owner_id: str, *, limit: int, after: Cursor | None
    ) -> list[AccessLogEntry]: ...


class UploadKeyRepository(Protocol):
    def add(self, record: UploadKey) -> None: ...
    def get(self, subject: str, client_key: str) -> UploadKey | None: ...


class DocumentsUnitOfWork(Protocol):
    """``with uow: ...; uow.emit(event); uow.commit()``; leaving without commit rolls back."""

    @property
    def documents(self) -> DocumentRepository: ...
    @property
    def versions(self) -> VersionRepository: ...
    @property
    def certificates(self) -> CertificateRepository: ...
    @property
    def access_log(self) -> AccessLogRepository: ...
    @property
    def upload_keys(self) -> UploadKeyRepository: ...

    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def emit(self, event: PendingEvent) -> None: ...
    def commit(self) -> None: ...


class ContentStore(Protocol):
    """Where content bytes live (filesystem now, S3-compatible storage later).

    Uploads are staged first, promoted only after their metadata committed; a staged key
    that was committed but never promoted (crash in between) is promoted on first read.
    """

    def stage(self, key: str, chunks: Iterable[bytes]) -> None:
        """Write ``chunks`` under a temporary name; nothing stays behind when it raises."""

    def promote(self, key: str) -> None:
        """Atomically make the staged content the content of ``key``."""

    def discard(self, key: str) -> None:
        """Remove staged content of ``key`` (no error when there is none)."""

    def put(self, key: str, data: bytes) -> None:
        """Write ``data`` as the content of ``key`` atomically (for generated content)."""

    def read(self, key: str, chunk_size: int) -> Iterator[bytes]:
        """The content of ``key`` in chunks; FileNotFoundError when there is none."""

    def exists(self, key: str) -> bool:
        """True when ``key`` has promoted content."""


class Signer(Protocol):
    """Signs and verifies certificates (Ed25519)."""

    key_id: str

    def sign(self, data: bytes) -> str:
        """Base64 signature of ``data``."""

    def verify(self, data: bytes, signature: str, key_id: str) -> bool:
        """True when ``signature`` is ours over ``data``."""


@dataclass(frozen=True)
class Services:
    """Dependencies of every handler."""

    uow: Callable[[], DocumentsUnitOfWork]
    store: ContentStore
    signer: Signer
    clock: Callable[[], datetime]
    new_id: Callable[[], str]
    max_upload_bytes: int
    chunk_size: int = 64 * 1024
