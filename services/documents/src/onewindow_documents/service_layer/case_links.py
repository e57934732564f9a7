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
) -> int:
    """Record that ``case_id`` (of ``department``) uses the documents; a link already known is
    kept as it is (redelivered events change nothing). Returns how many ids were named."""
    ids = [i for i in dict.fromkeys(document_ids) if i]
    if not ids or not case_id or not department:
        return 0
    with uow() as work:
        for document_id in ids:
            work.case_links.add(CaseLink(document_id, case_id, department, at))
        work.commit()
    return len(ids)
