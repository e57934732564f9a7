"""Retention: the purge removes documents whose retention period ended (a legal hold keeps
them), leaving a tombstone and the access log; then the stored content goes, reference-safe.

Metadata goes first, in one transaction with the tombstone and the document_removed event;
the tombstone keeps the content keys until the bytes are removed, so a crash in between leaves
work for the next pass and never a version without content.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from onewindow.documents.v1 import events_pb2
from onewindow_documents.domain.certificate import rfc3339
from onewindow_documents.domain.model import RETENTION, CaseLink, Document, Tombstone
from onewindow_documents.domain.retention import RetentionPolicy
from onewindow_documents.service_layer.ports import Cursor, DocumentsUnitOfWork, Services
from onewindow_kit.logging import get_logger
from onewindow_kit.outbox import PendingEvent

log = get_logger("onewindow.documents.purge")
BATCH = 200


@dataclass
class PurgeReport:
    """What one purge pass did."""

    removed: list[str] = field(default_factory=list)  # document ids
    contents_removed: int = 0  # stored contents (blobs) deleted
    keys_removed: int = 0  # content keys deleted


def last_linked(links: Sequence[CaseLink]) -> datetime | None:
    """When a case last linked the document (None: never)."""
    return max((link.linked_at for link in links), default=None)


def remove_document(
    uow: DocumentsUnitOfWork, document: Document, *, reason: str, by: str, now: datetime
) -> Tombstone:
    """Delete the document's rows, leave its tombstone and publish document_removed (in the
    caller's transaction)."""
    versions = uow.versions.of_document(document.id)
    uow.documents.remove(document.id)
    tombstone = Tombstone(
        document_id=document.id,
        owner_id=document.owner_id,
        document_type=document.document_type,
        kind=document.kind,
        created_at=document.created_at,
        removed_at=now,
        reason=reason,
        removed_by=by,
        content_keys=tuple(v.content_key for v in versions),
        content_digests=tuple(v.sha256 for v in versions),
    )
    uow.tombstones.add(tombstone)
    uow.emit(
        PendingEvent(
            name="document_removed",
            subject=document.id,
            aggregate_type="document",
            payload=events_pb2.DocumentRemoved(
                document_id=document.id,
                owner_id=document.owner_id,
                document_type=document.document_type,
                kind=document.kind,
                reason=reason,
                removed_at=rfc3339(now),
            ),
        )
    )
    return tombstone


def _purge_one(svc: Services, policy: RetentionPolicy, document_id: str, now: datetime) -> bool:
    with svc.uow() as uow:
        document = uow.documents.get(document_id, for_update=True)  # a hold set meanwhile wins
        if document is None:
            return False
        links = uow.case_links.of_documents([document.id])
        if not policy.is_due(document, now, last_linked(links)):
            return False
        remove_document(uow, document, reason=RETENTION, by="system:purge", now=now)
        uow.commit()
    return True


def remove_content(svc: Services, tombstone: Tombstone) -> int:
    """Delete the content keys a tombstone names, then record that they are gone; returns
    how many stored contents went (a digest another version still names keeps its bytes)."""
    removed = 0
    for key, sha in zip(tombstone.content_keys, tombstone.content_digests, strict=True):
        with svc.uow() as uow:
            shared = uow.versions.digest_in_use(sha)
        removed += svc.store.delete(key, sha, shared=shared)
    with svc.uow() as uow:
        uow.tombstones.content_removed(tombstone.document_id, svc.clock())
        uow.commit()
    return removed


def remove_pending_content(svc: Services, report: PurgeReport, batch: int = BATCH) -> None:
    """Delete the stored content that tombstones still name; a digest another version still
    names keeps its bytes (only the key goes)."""
    while True:
        with svc.uow() as uow:
            pending = uow.tombstones.content_pending(batch)
        if not pending:
            return
        for tombstone in pending:
            report.contents_removed += remove_content(svc, tombstone)
            report.keys_removed += len(tombstone.content_keys)
        if len(pending) < batch:
            return


def purge(*, svc: Services, policy: RetentionPolicy, batch: int = BATCH) -> PurgeReport:
    """One pass: every document whose retention ended and that no hold keeps is removed (one
    transaction each), then the content its tombstone names."""
    now, report = svc.clock(), PurgeReport()
    cutoff, after = now - policy.shortest(), None  # none is due sooner
    while True:
        with svc.uow() as uow:
            page = uow.documents.unheld_changed_before(cutoff, after=after, limit=batch)
            links = uow.case_links.of_documents([d.id for d in page])
        for document in page:
            mine = [link for link in links if link.document_id == document.id]
            if policy.is_due(document, now, last_linked(mine)) and _purge_one(
                svc, policy, document.id, now
            ):
                report.removed.append(document.id)
        if len(page) < batch:
            break
        after = _cursor(page[-1])
    remove_pending_content(svc, report, batch)
    log.info(
        "documents_purged",
        documents=len(report.removed),
        keys=report.keys_removed,
        contents=report.contents_removed,
    )
    return report


def _cursor(document: Document) -> Cursor:
    return (document.updated_at, document.id)
