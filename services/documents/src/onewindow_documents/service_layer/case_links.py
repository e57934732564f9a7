"""Which documents a case uses, learnt from the cases events: the case's responsible department
may then read them (access that follows the case)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from onewindow_documents.domain.model import CaseLink
from onewindow_documents.service_layer.ports import DocumentsUnitOfWork


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
    ids = [i for i in dict.fromkeys(document_ids) if i]
    if not case_id or not department or not (ids or service_type):
        return 0
    with uow() as work:
        if service_type:
            work.case_service_types.add_many({case_id: service_type})
        for document_id in ids:
            work.case_links.add(CaseLink(document_id, case_id, department, at))
        work.commit()
    return len(ids)
