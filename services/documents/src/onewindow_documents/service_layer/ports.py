"""What the handlers need from the outside: repositories, content store, signer, clock."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, Self

from onewindow_documents.domain.access import MandateScope
from onewindow_documents.domain.model import (
    AccessLogEntry,
    CaseLink,
    Certificate,
    Document,
    DocumentVersion,
    Tombstone,
    UploadKey,
)
from onewindow_documents.service_layer.content_check import ContentPolicy
from onewindow_kit.outbox import PendingEvent
from onewindow_kit.principal import Principal

Cursor = tuple[datetime, str]  # (sort time, id) of the last item of the previous page


class DocumentRepository(Protocol):
    def add(self, document: Document) -> None: ...
    def add_many(self, documents: Sequence[Document]) -> None: ...
    def save(self, document: Document) -> None: ...
    def get(self, document_id: str, *, for_update: bool = False) -> Document | None: ...
    def get_many(self, document_ids: Sequence[str]) -> list[Document]: ...
    def list_by_owner(
        self,
        owner_id: str,
        *,
        kind: str,
        limit: int,
        after: Cursor | None,
        scope: MandateScope | None = None,
    ) -> list[Document]: ...
    def count_by_owner(
        self, owner_id: str, *, kind: str, scope: MandateScope | None = None
    ) -> int: ...
    def within_mandate(self, scope: MandateScope, document_ids: Sequence[str]) -> set[str]: ...
    def unheld_changed_before(
        self, cutoff: datetime, *, after: Cursor | None, limit: int
    ) -> list[Document]: ...
    def remove(self, document_id: str) -> None: ...


class TombstoneRepository(Protocol):
    def add(self, tombstone: Tombstone) -> None: ...
    def get(self, document_id: str) -> Tombstone | None: ...
    def content_pending(self, limit: int) -> list[Tombstone]: ...
    def content_removed(self, document_id: str, at: datetime) -> None: ...


class VersionRepository(Protocol):
    def add(self, version: DocumentVersion) -> None: ...
    def digest_in_use(self, sha256: str) -> bool: ...
    def of_document(self, document_id: str) -> list[DocumentVersion]: ...
    def get(self, document_id: str, version: int) -> DocumentVersion | None: ...
    def page_after(self, after: tuple[str, int] | None, limit: int) -> list[DocumentVersion]: ...


class CertificateRepository(Protocol):
    def add(self, certificate: Certificate) -> None: ...
    def add_many(self, certificates: Sequence[Certificate]) -> None: ...
    def get(self, document_id: str) -> Certificate | None: ...
    def find(self, case_id: str, certificate_type: str) -> Certificate | None: ...
    def cases_with(self, certificate_type: str, case_ids: Iterable[str]) -> set[str]: ...
    def save(self, certificate: Certificate) -> None: ...
    def of_case(self, case_id: str) -> list[Certificate]: ...


class AccessLogRepository(Protocol):
    def add(self, entry: AccessLogEntry) -> None: ...
    def list_by_owner(
        self,
        owner_id: str,
        *,
        limit: int,
        after: Cursor | None,
        scope: MandateScope | None = None,
    ) -> list[AccessLogEntry]: ...


class CaseServiceTypeRepository(Protocol):
    def add_many(self, service_types: Mapping[str, str]) -> None: ...
    def of_cases(self, case_ids: Sequence[str]) -> dict[str, str]: ...


class CaseLinkRepository(Protocol):
    def add(self, link: CaseLink) -> None: ...
    def add_many(self, links: Sequence[CaseLink]) -> None: ...
    def of_documents(self, document_ids: Sequence[str]) -> list[CaseLink]: ...


class ConsentChecker(Protocol):
    """Identity's answer: does the owner's consent let the reader's department use this
    document type for ``purpose`` ("" = any) now? False when it cannot say (fail closed)."""

    def holds(self, actor: Principal, owner_id: str, document_type: str, purpose: str) -> bool:
        """True only when a consent holds now."""
        ...


class DocumentReader(Protocol):
    """Documents by id, read from the event loop without a transaction (reads that write
    nothing: a citizen's own documents)."""

    async def get_many(self, document_ids: Sequence[str]) -> list[Document]:
        """Those of ``document_ids`` that exist."""
        ...


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
    @property
    def case_links(self) -> CaseLinkRepository: ...
    @property
    def tombstones(self) -> TombstoneRepository: ...
    @property
    def case_service_types(self) -> CaseServiceTypeRepository: ...

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

    def delete(self, key: str, sha256: str, *, shared: bool = False) -> bool:
        """Remove the promoted content of ``key`` (content ``sha256``); the stored bytes go
        only when no other key references them and ``shared`` (the caller knows of another
        version with this digest) is false. True when the bytes were removed."""

    # Resumable uploads: content staged in pieces under one key, sealed when complete.
    def staged_size(self, key: str) -> int:
        """Bytes of ``key`` staged by ``append`` so far (0 when none)."""

    def append(self, key: str, offset: int, chunks: Iterable[bytes]) -> int:
        """Stage ``chunks`` after the first ``offset`` bytes; keeps what arrived when the
        chunks fail. StagedConflict when ``offset`` is not the staged size or another writer
        appends. Returns the staged size."""

    def read_staged(self, key: str, chunk_size: int) -> Iterator[bytes]:
        """The content ``append`` staged so far."""

    def seal(self, key: str, sha256: str) -> None:
        """The appended content is complete, with this digest: ready for ``promote``."""


class StagedConflict(Exception):
    """An append that does not continue the staged content (or races another one)."""

    def __init__(self, staged: int, busy: bool = False) -> None:
        super().__init__(f"staged {staged} bytes" + (", another writer appends" if busy else ""))
        self.staged, self.busy = staged, busy


@dataclass(frozen=True)
class PublicKey:
    """A signing key's public half with its validity period (retired_at None: current)."""

    kid: str
    x: str  # base64url raw Ed25519 public key (JWK "x")
    valid_from: datetime
    retired_at: datetime | None


class InvalidJws(ValueError):
    """Not a compact JWS of ours: malformed, unknown key id, or a bad signature."""


class Signer(Protocol):
    """Signs and verifies certificates (Ed25519) with a ring of keys: one current, the retired
    ones kept so that what they signed stays verifiable."""

    @property
    def key_id(self) -> str:
        """The current key's id."""

    def sign_jws(self, payload: bytes) -> tuple[str, str]:
        """(compact JWS over ``payload`` with alg EdDSA and the current kid, that kid)."""

    def verify_jws(self, token: str) -> tuple[bytes, str]:
        """(payload, kid) of a JWS signed by any key of the ring; InvalidJws otherwise."""

    def verify(self, data: bytes, signature: str, key_id: str) -> bool:
        """True when the base64 detached ``signature`` (older certificates) is ours."""

    def public_keys(self) -> list[PublicKey]:
        """Current and retired public keys."""


@dataclass(frozen=True)
class ReceiptContent:
    """What a printed receipt shows: labelled lines, next steps, and its signed payload."""

    title: str
    lines: tuple[tuple[str, str], ...]
    next_steps: tuple[str, ...]
    jws: str  # the QR code's payload
    qr_caption: str


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
    # Days a certificate of a type stays valid (types not named never expire).
    certificate_validity_days: Mapping[str, int] = field(default_factory=dict)
    # Renders a receipt (PDF) on its first read; without it a receipt's content is not served.
    render_receipt: Callable[[ReceiptContent], bytes] | None = None
    # Reads that write nothing (no access-log entry): no BEGIN/COMMIT round trips (autocommit).
    # None: ``uow`` serves them too.
    read_uow: Callable[[], DocumentsUnitOfWork] | None = None
    # Metadata for callers whose reads are not logged, on the event loop; None: ``read_uow``.
    document_reader: DocumentReader | None = None
    # Identity's CheckConsent (staff and systems reading under a consent); None: no consents.
    consents: ConsentChecker | None = None
    # Content types each document type accepts (ONEWINDOW_DOCUMENTS_CONTENT_TYPES).
    content_policy: ContentPolicy = field(default_factory=ContentPolicy)
