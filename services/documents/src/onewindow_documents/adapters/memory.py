"""In-memory repositories and unit of work with the same interfaces as the SQL ones (unit
tests): changes become visible only on commit, emitted events are kept as "published"."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Self

from onewindow_documents.domain.access import MandateScope, visible_under_mandate
from onewindow_documents.domain.model import (
    AccessLogEntry,
    CaseLink,
    Certificate,
    Document,
    DocumentVersion,
    Tombstone,
    UploadKey,
)
from onewindow_documents.service_layer.ports import Cursor
from onewindow_kit.outbox import PendingEvent


@dataclass
class Tables:
    """The committed state."""

    documents: dict[str, Document] = field(default_factory=dict)
    versions: dict[tuple[str, int], DocumentVersion] = field(default_factory=dict)
    certificates: dict[str, Certificate] = field(default_factory=dict)
    access_log: dict[str, AccessLogEntry] = field(default_factory=dict)
    upload_keys: dict[tuple[str, str], UploadKey] = field(default_factory=dict)
    case_links: dict[tuple[str, str], CaseLink] = field(default_factory=dict)
    tombstones: dict[str, Tombstone] = field(default_factory=dict)
    case_service_types: dict[str, str] = field(default_factory=dict)
    events: list[PendingEvent] = field(default_factory=list)


def _after(moment_id: tuple, after: Cursor | None) -> bool:
    return after is None or moment_id < after


def _visible(t: Tables, scope: MandateScope, document: Document) -> bool:
    """The scoped mandate's rule over the tables (what ``mandate_sql`` asks PostgreSQL)."""
    linked = [
        t.case_service_types.get(k.case_id, "")
        for k in t.case_links.values()
        if k.document_id == document.id
    ]
    issued = t.certificates.get(document.id)
    issued_for = issued.service_type if issued is not None else ""
    return visible_under_mandate(scope, document, linked, issued_for)


def _visible_id(t: Tables, scope: MandateScope, document_id: str) -> bool:
    document = t.documents.get(document_id)
    return document is not None and _visible(t, scope, document)


class MemoryCaseServiceTypes:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def add_many(self, service_types: Mapping[str, str]) -> None:
        for case_id, service_type in service_types.items():
            self.t.case_service_types.setdefault(case_id, service_type)

    def of_cases(self, case_ids: Sequence[str]) -> dict[str, str]:
        known = self.t.case_service_types
        return {i: known[i] for i in case_ids if i in known}


class MemoryDocuments:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def add(self, document: Document) -> None:
        if document.id in self.t.documents:
            raise ValueError(f"duplicate document {document.id}")
        self.t.documents[document.id] = document

    def add_many(self, documents: Sequence[Document]) -> None:
        for document in documents:
            self.add(document)

    def save(self, document: Document) -> None:
        self.t.documents[document.id] = document

    def get(self, document_id: str, *, for_update: bool = False) -> Document | None:
        return self.t.documents.get(document_id)

    def get_many(self, document_ids: Sequence[str]) -> list[Document]:
        return [self.t.documents[i] for i in document_ids if i in self.t.documents]

    def list_by_owner(
        self,
        owner_id: str,
        *,
        kind: str,
        limit: int,
        after: Cursor | None,
        scope: MandateScope | None = None,
    ) -> list[Document]:
        rows = [
            d
            for d in self.t.documents.values()
            if d.owner_id == owner_id
            and (not kind or d.kind == kind)
            and _after((d.created_at, d.id), after)
            and (scope is None or _visible(self.t, scope, d))
        ]
        return sorted(rows, key=lambda d: (d.created_at, d.id), reverse=True)[:limit]

    def count_by_owner(self, owner_id: str, *, kind: str, scope: MandateScope | None = None) -> int:
        return sum(
            1 for d in self.t.documents.values()
            if d.owner_id == owner_id and (not kind or d.kind == kind)
            and (scope is None or _visible(self.t, scope, d))
        )  # fmt: skip

    def within_mandate(self, scope: MandateScope, document_ids: Sequence[str]) -> set[str]:
        found = (self.t.documents.get(i) for i in document_ids)
        return {d.id for d in found if d is not None and _visible(self.t, scope, d)}

    def unheld_changed_before(
        self, cutoff: datetime, *, after: Cursor | None, limit: int
    ) -> list[Document]:
        rows = [
            d
            for d in self.t.documents.values()
            if not d.legal_hold_reason
            and d.updated_at < cutoff
            and (after is None or (d.updated_at, d.id) > after)
        ]
        return sorted(rows, key=lambda d: (d.updated_at, d.id))[:limit]

    def remove(self, document_id: str) -> None:
        self.t.documents.pop(document_id, None)
        self.t.certificates.pop(document_id, None)
        for key in [k for k in self.t.versions if k[0] == document_id]:
            del self.t.versions[key]
        for subject_key in [
            k for k, u in self.t.upload_keys.items() if u.document_id == document_id
        ]:
            del self.t.upload_keys[subject_key]


class MemoryDocumentReader:
    """The ``DocumentReader`` port over the committed tables; counts its reads."""

    def __init__(self, t: Tables) -> None:
        self.t = t
        self.reads = 0

    async def get_many(self, document_ids: Sequence[str]) -> list[Document]:
        self.reads += 1
        return MemoryDocuments(self.t).get_many(document_ids)


class MemoryTombstones:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def add(self, tombstone: Tombstone) -> None:
        if tombstone.document_id in self.t.tombstones:
            raise ValueError(f"duplicate tombstone {tombstone.document_id}")
        self.t.tombstones[tombstone.document_id] = tombstone

    def get(self, document_id: str) -> Tombstone | None:
        return self.t.tombstones.get(document_id)

    def content_pending(self, limit: int) -> list[Tombstone]:
        rows = [x for x in self.t.tombstones.values() if x.content_removed_at is None]
        return sorted(rows, key=lambda x: (x.removed_at, x.document_id))[:limit]

    def content_removed(self, document_id: str, at: datetime) -> None:
        found = self.t.tombstones[document_id]
        self.t.tombstones[document_id] = replace(found, content_removed_at=at)


class MemoryVersions:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def add(self, version: DocumentVersion) -> None:
        key = (version.document_id, version.version)
        if key in self.t.versions:
            raise ValueError(f"duplicate version {key}")
        self.t.versions[key] = version

    def of_document(self, document_id: str) -> list[DocumentVersion]:
        found = [v for (d, _), v in self.t.versions.items() if d == document_id]
        return sorted(found, key=lambda v: v.version)

    def page_after(self, after: tuple[str, int] | None, limit: int) -> list[DocumentVersion]:
        keys = sorted(k for k in self.t.versions if after is None or k > after)
        return [self.t.versions[k] for k in keys[:limit]]

    def digest_in_use(self, sha256: str) -> bool:
        return any(v.sha256 == sha256 for v in self.t.versions.values())

    def get(self, document_id: str, version: int) -> DocumentVersion | None:
        return self.t.versions.get((document_id, version))


class MemoryCertificates:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def add(self, certificate: Certificate) -> None:
        if self.find(certificate.case_id, certificate.certificate_type) is not None:
            raise ValueError("duplicate certificate for the case and type")
        self.t.certificates[certificate.document_id] = certificate

    def add_many(self, certificates: Sequence[Certificate]) -> None:
        for certificate in certificates:
            self.add(certificate)

    def get(self, document_id: str) -> Certificate | None:
        return self.t.certificates.get(document_id)

    def cases_with(self, certificate_type: str, case_ids: Iterable[str]) -> set[str]:
        wanted = set(case_ids)
        return {
            c.case_id
            for c in self.t.certificates.values()
            if c.certificate_type == certificate_type and c.case_id in wanted
        }

    def find(self, case_id: str, certificate_type: str) -> Certificate | None:
        for c in self.t.certificates.values():
            if c.case_id == case_id and c.certificate_type == certificate_type:
                return c
        return None

    def save(self, certificate: Certificate) -> None:
        self.t.certificates[certificate.document_id] = certificate

    def of_case(self, case_id: str) -> list[Certificate]:
        found = [c for c in self.t.certificates.values() if c.case_id == case_id]
        return sorted(found, key=lambda c: c.document_id)


class MemoryAccessLog:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def add(self, entry: AccessLogEntry) -> None:
        self.t.access_log[entry.id] = entry

    def list_by_owner(
        self,
        owner_id: str,
        *,
        limit: int,
        after: Cursor | None,
        scope: MandateScope | None = None,
    ) -> list[AccessLogEntry]:
        rows = [
            e
            for e in self.t.access_log.values()
            if e.owner_id == owner_id
            and _after((e.accessed_at, e.id), after)
            and (scope is None or _visible_id(self.t, scope, e.document_id))
        ]
        return sorted(rows, key=lambda e: (e.accessed_at, e.id), reverse=True)[:limit]


class MemoryUploadKeys:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def add(self, record: UploadKey) -> None:
        key = (record.subject, record.client_key)
        if key in self.t.upload_keys:
            raise ValueError(f"duplicate upload key {key}")
        self.t.upload_keys[key] = record

    def get(self, subject: str, client_key: str) -> UploadKey | None:
        return self.t.upload_keys.get((subject, client_key))


class MemoryCaseLinks:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def add(self, link: CaseLink) -> None:
        self.t.case_links.setdefault((link.document_id, link.case_id), link)

    def add_many(self, links: Sequence[CaseLink]) -> None:
        for link in links:
            self.add(link)

    def of_documents(self, document_ids: Sequence[str]) -> list[CaseLink]:
        wanted = set(document_ids)
        found = [k for k in self.t.case_links.values() if k.document_id in wanted]
        return sorted(found, key=lambda k: (-k.linked_at.timestamp(), k.case_id))


_TABLES = (
    "documents",
    "versions",
    "certificates",
    "access_log",
    "upload_keys",
    "case_links",
    "tombstones",
    "case_service_types",
)


class MemoryUnitOfWork:
    """Works on a copy of the tables; commit replaces the committed state."""

    def __init__(self, committed: Tables) -> None:
        self.committed = committed

    def __enter__(self) -> Self:
        self._work = copy.copy(self.committed)
        for name in _TABLES:
            setattr(self._work, name, dict(getattr(self.committed, name)))
        self._pending: list[PendingEvent] = []
        self.documents = MemoryDocuments(self._work)
        self.versions = MemoryVersions(self._work)
        self.certificates = MemoryCertificates(self._work)
        self.access_log = MemoryAccessLog(self._work)
        self.upload_keys = MemoryUploadKeys(self._work)
        self.case_links = MemoryCaseLinks(self._work)
        self.tombstones = MemoryTombstones(self._work)
        self.case_service_types = MemoryCaseServiceTypes(self._work)
        return self

    def __exit__(self, *exc: object) -> None:
        self._pending = []

    def emit(self, event: PendingEvent) -> None:
        self._pending.append(event)

    def commit(self) -> None:
        for name in _TABLES:
            setattr(self.committed, name, getattr(self._work, name))
        self.committed.events.extend(self._pending)
        self._pending = []
