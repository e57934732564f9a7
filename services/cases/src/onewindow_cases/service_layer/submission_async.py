"""SubmitCase on the event loop: the same checks as ``submission.submit_case`` (shared through
``case_request`` / ``new_case``), with the documents call and the write awaited instead of
holding a thread each. Rare paths that need the sync world (a mandate asked of identity, a
replayed client key) run in a worker thread."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from onewindow_cases.domain.case import Case
from onewindow_cases.domain.documents import DocumentInfo
from onewindow_cases.domain.numbers import case_number
from onewindow_cases.service_layer import events
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.service_layer.deps import Deps
from onewindow_cases.service_layer.submission import (
    case_request,
    check_mandate_scope,
    filing_year,
    new_case,
    replayed_case,
)
from onewindow_cases.service_layer.views import CaseView
from onewindow_kit.outbox import PendingEvent
from onewindow_kit.principal import Principal


class AsyncDocumentsPort(Protocol):
    """The documents service, awaited."""

    async def metadata(self, document_ids: Sequence[str]) -> dict[str, DocumentInfo]:
        """Metadata by document id."""


class AsyncCaseWriterPort(Protocol):
    """Numbers and the atomic write of a new standalone case, awaited."""

    async def next_number(self, department: str, year: int) -> int:
        """The next number of ``department`` in ``year``."""

    async def insert_submitted(self, case: Case, key: dict[str, str], event: PendingEvent) -> bool:
        """True when filed; False when the client key was used before (nothing written)."""


@dataclass(frozen=True)
class AsyncPorts:
    """What the asyncio path awaits."""

    documents: AsyncDocumentsPort
    writer: AsyncCaseWriterPort


async def submit_case_async(
    deps: Deps, ports: AsyncPorts, principal: Principal, app: Application
) -> CaseView:
    """Validate and file one application; replays of the same client key return the first."""
    req = case_request(deps, principal, app)
    if principal.acting_for:
        await asyncio.to_thread(check_mandate_scope, deps, principal, [req.st.code])
    ids = list(app.document_ids)
    case = new_case(deps, req, await ports.documents.metadata(ids) if ids else {})
    history = list(case.new_history)
    year = filing_year(case)
    case.case_number = case_number(
        req.st.department, year, await ports.writer.next_number(req.st.department, year)
    )
    event = events.case_submitted(case, principal)
    if not await ports.writer.insert_submitted(case, req.key(), event):
        return await asyncio.to_thread(replayed_case, deps, principal, app, case.id)
    return CaseView(case, req.st, history, [])
