"""Which documents a case uses, learnt from the cases events: the case's responsible department
may then read them (access that follows the case)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from onewindow_documents.domain.model import CaseLink
from onewindow_documents.service_layer.ports import DocumentsUnitOfWork


@dataclass(frozen=True)
class CaseDocuments:
    """What one event says of a case: the documents it uses and (case_submitted) its type."""

    case_id: str
    department: str
    document_ids: tuple[str, ...]
    at: datetime
    service_type: str = ""


def link_documents(
    case_id: str,
    department: str,
    document_ids: Iterable[str],
    *,
    uow: Callable[[], DocumentsUnitOfWork],
    at: datetime,
    service_type: str = "",
) -> int:
    """Record that ``case_id`` (of ``department``) uses the documents, and the case's
    ``service_type`` when the event names it (case_submitted: what a scoped mandate is checked
    against, recorded for a case without documents too); a link or type already known is kept
    as it is (redelivered events change nothing). Returns how many ids were named."""
    item = CaseDocuments(case_id, department, tuple(document_ids), at, service_type)
    return link_many([item], uow=uow)


def link_many(items: Sequence[CaseDocuments], *, uow: Callable[[], DocumentsUnitOfWork]) -> int:
    """``link_documents`` for many events in one unit of work (a consumer's batch: one
    multi-row insert per table); the first event naming a link or a case's type decides it.
    Returns how many (document, case) links were named."""
    links: dict[tuple[str, str], CaseLink] = {}
    service_types: dict[str, str] = {}
    for item in items:
        if not item.case_id or not item.department:
            continue
        if item.service_type:
            service_types.setdefault(item.case_id, item.service_type)
        for document_id in item.document_ids:
            if document_id:
                key = (document_id, item.case_id)
                links.setdefault(key, CaseLink(document_id, item.case_id, item.department, item.at))
    if not links and not service_types:
        return 0
    with uow() as work:
        work.case_service_types.add_many(service_types)
        work.case_links.add_many(list(links.values()))
        work.commit()
    return len(links)
