"""An owner deletes an upload no case uses; staff set or clear a legal hold.

Legal hold: staff holding the supervisor, auditor or dept_admin role of a department that has
a claim on the document — a case of that department uses it, or the department issued it —
may set or clear a hold, with a reason. Clerks may not (a hold overrides the retention rules
the city set), and nobody else learns that the document exists: NOT_FOUND like a missing id.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from onewindow.documents.v1 import events_pb2
from onewindow_documents.domain import access
from onewindow_documents.domain.certificate import rfc3339
from onewindow_documents.domain.model import (
    DELETED_BY_OWNER,
    MAX_PURPOSE,
    UPLOAD,
    CaseLink,
    Document,
    check_text,
)
from onewindow_documents.service_layer import commands, reads
from onewindow_documents.service_layer.ports import Services
from onewindow_documents.service_layer.retention import remove_content, remove_document
from onewindow_kit.errors import FailedPrecondition, InvalidArgument, NotFound, Validator
from onewindow_kit.logging import get_logger
from onewindow_kit.outbox import PendingEvent
from onewindow_kit.principal import Principal

log = get_logger("onewindow.documents.holds")
HOLD_ROLES = ("supervisor", "auditor", "dept_admin")


def delete_document(cmd: commands.DeleteDocument, *, svc: Services, actor: Principal) -> datetime:
    """Remove the caller's own upload (or their mandator's) when no case uses it and no hold
    keeps it; returns when it was removed. The content goes right after the commit (the purge
    worker finishes it if this process dies in between)."""
    if not cmd.document_id:
        raise InvalidArgument("document_id", "is required")
    now = svc.clock()
    with svc.uow() as uow:
        document = uow.documents.get(cmd.document_id, for_update=True)
        if document is None or actor.kind != "person":
            raise NotFound(access.DOCUMENT_NOT_FOUND)
        # another person's (or one a scoped mandate hides): NOT_FOUND, like a missing one
        access.readable(
            actor, document, within_mandate=reads.within_mandate(uow, actor, [document])
        )
        _deletable(document, uow.case_links.of_documents([document.id]))
        tombstone = remove_document(
            uow, document, reason=DELETED_BY_OWNER, by=actor.subject, now=now
        )
        uow.commit()
    remove_content(svc, tombstone)
    log.info("document_deleted_by_owner", document_id=document.id)
    return now


def _deletable(document: Document, links: list[CaseLink]) -> None:
    if document.kind != UPLOAD:
        raise FailedPrecondition("only uploads can be deleted; issued documents are records")
    if links:
        raise FailedPrecondition("a case uses this document; it cannot be deleted")
    if document.legal_hold_reason:
        raise FailedPrecondition("the document is on legal hold; it cannot be deleted")


def may_hold(actor: Principal, document: Document, links: list[CaseLink]) -> bool:
    """True when the caller's role and department let them set or clear a hold."""
    if actor.kind != "staff" or not actor.department or not actor.has_role(*HOLD_ROLES):
        return False
    departments = {link.department for link in links}
    if document.kind in access.ISSUED:
        departments.add(document.issuer_department)
    return actor.department in departments


def set_legal_hold(
    cmd: commands.SetLegalHold, *, svc: Services, actor: Principal
) -> tuple[Document, datetime]:
    """Set or clear the hold (idempotent for the same state: nothing changes); publishes
    document_legal_hold_changed when the state changes. Returns the document and when its
    hold state was last set."""
    v = Validator()
    v.require(cmd.document_id, "document_id")
    v.require(cmd.reason.strip(), "reason")
    check_text(v, cmd.reason, "reason", MAX_PURPOSE)
    v.raise_if_any()
    with svc.uow() as uow:
        document = uow.documents.get(cmd.document_id, for_update=True)
        links = uow.case_links.of_documents([cmd.document_id]) if document else []
        if document is None or not may_hold(actor, document, links):
            raise NotFound(access.DOCUMENT_NOT_FOUND)
        if bool(document.legal_hold_reason) == cmd.held:
            return document, document.legal_hold_at or document.updated_at  # already so
        now = svc.clock()
        held = _with_hold(document, cmd, actor, now)
        uow.documents.save(held)
        uow.emit(_hold_event(held, cmd, actor, now))
        uow.commit()
    log.info("legal_hold_changed", document_id=held.id, held=cmd.held)
    return held, now


def _with_hold(
    document: Document, cmd: commands.SetLegalHold, actor: Principal, now: datetime
) -> Document:
    if cmd.held:
        return replace(
            document, legal_hold_reason=cmd.reason.strip(), legal_hold_by=actor.subject,
            legal_hold_at=now,
        )  # fmt: skip
    return replace(document, legal_hold_reason="", legal_hold_by="", legal_hold_at=None)


def _hold_event(
    document: Document, cmd: commands.SetLegalHold, actor: Principal, now: datetime
) -> PendingEvent:
    return PendingEvent(
        name="document_legal_hold_changed",
        subject=document.id,
        aggregate_type="document",
        payload=events_pb2.DocumentLegalHoldChanged(
            document_id=document.id,
            owner_id=document.owner_id,
            held=cmd.held,
            reason=cmd.reason.strip(),
            changed_by=actor.subject,
            department=actor.department,
            changed_at=rfc3339(now),
        ),
    )
