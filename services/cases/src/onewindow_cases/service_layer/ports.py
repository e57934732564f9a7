"""What the service layer needs from the outside world, as protocols: adapters implement them,
``adapters/memory.py`` fakes them for handler unit tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from onewindow_cases.domain.case import Case
from onewindow_cases.domain.documents import DocumentInfo
from onewindow_kit.outbox import PendingEvent


class DocumentsPort(Protocol):
    """The documents service: ids that do not exist are simply absent from the result."""

    async def metadata(self, document_ids: Sequence[str]) -> dict[str, DocumentInfo]:
        """Metadata by document id."""
        ...


class CaseWriter(Protocol):
    """Numbers and the atomic writes of new applications (cases and bundles), awaited."""

    async def next_number(self, department: str, year: int) -> int:
        """The next case number of ``department`` in ``year``."""
        ...

    async def next_bundle_number(self, year: int) -> int:
        """The next bundle number of ``year``."""
        ...

    async def file_case(self, case: Case, key: dict[str, str], event: PendingEvent) -> bool:
        """Client key, case, first history line and event together; False when the client key
        was used before (then nothing was written)."""
        ...

    async def file_bundle(
        self, bundle: dict[str, Any], parts: list[Case], key: dict[str, str],
        events: Sequence[PendingEvent],
    ) -> bool:  # fmt: skip
        """Client key, bundle, parts, their history and events together; False when the client
        key was used before (then nothing was written)."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...
