"""Integrity scrub: re-hash every committed version's stored content and compare it with the
SHA-256 recorded at commit. Each mismatch (or missing content) is reported and published as
document_integrity_failed through the outbox."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from onewindow.documents.v1 import events_pb2
from onewindow_documents.domain.certificate import rfc3339
from onewindow_documents.domain.model import DocumentVersion
from onewindow_documents.service_layer.ports import Services
from onewindow_kit.outbox import PendingEvent

MISMATCH, MISSING = "mismatch", "missing"
BATCH = 200


@dataclass(frozen=True)
class Finding:
    """A version whose stored content is not what was committed."""

    document_id: str
    version: int
    expected_sha256: str
    actual_sha256: str  # "" when missing
    reason: str  # mismatch | missing


@dataclass
class ScrubReport:
    """What one scrub pass saw."""

    versions: int = 0
    contents: int = 0  # distinct stored contents hashed (identical content is stored once)
    findings: list[Finding] = field(default_factory=list)


def _digest(svc: Services, key: str) -> str:
    """The SHA-256 of the stored content under ``key``, "" when it is missing."""
    if not svc.store.exists(key):
        return ""
    h = hashlib.sha256()
    for chunk in svc.store.read(key, max(svc.chunk_size, 1 << 20)):
        h.update(chunk)
    return h.hexdigest()


def _check(v: DocumentVersion, actual: str) -> Finding | None:
    if actual == v.sha256:
        return None
    reason = MISSING if not actual else MISMATCH
    return Finding(v.document_id, v.version, v.sha256, actual, reason)


def _publish(svc: Services, findings: list[Finding]) -> None:
    checked_at = rfc3339(svc.clock())
    with svc.uow() as uow:
        for f in findings:
            document = uow.documents.get(f.document_id)
            uow.emit(
                PendingEvent(
                    name="document_integrity_failed",
                    subject=f.document_id,
                    aggregate_type="document",
                    payload=events_pb2.DocumentIntegrityFailed(
                        document_id=f.document_id,
                        owner_id=document.owner_id if document else "",
                        document_type=document.document_type if document else "",
                        version=f.version,
                        expected_sha256=f.expected_sha256,
                        actual_sha256=f.actual_sha256,
                        reason=f.reason,
                        checked_at=checked_at,
                    ),
                )
            )
        uow.commit()


def scrub(
    *, svc: Services, batch: int = BATCH, on_finding: Callable[[Finding], None] | None = None
) -> ScrubReport:
    """Hash every committed version's content once per distinct content key, page by page
    (no transaction is held while content is read); publish the findings of each page."""
    report, hashed, after = ScrubReport(), dict[str, str](), None
    while True:
        with svc.uow() as uow:
            page = uow.versions.page_after(after, batch)
        if not page:
            return report
        findings = []
        for v in page:
            if v.content_key not in hashed:
                hashed[v.content_key] = _digest(svc, v.content_key)
                report.contents += 1
            found = _check(v, hashed[v.content_key])
            if found is not None:
                findings.append(found)
                if on_finding is not None:
                    on_finding(found)
        if findings:
            _publish(svc, findings)
        report.versions += len(page)
        report.findings.extend(findings)
        after = (page[-1].document_id, page[-1].version)
