"""What the service layer needs from the outside world, as protocols (no session, no schema):
adapters implement them against PostgreSQL, ``adapters/memory.py`` fakes them for the handler
unit tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Any, Protocol, Self

from onewindow_cases.domain.case import Case, HistoryEntry, Supplement
from onewindow_cases.domain.documents import DocumentInfo
from onewindow_kit.outbox import PendingEvent

Row = dict[str, Any]


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
        self, bundle: Row, parts: list[Case], key: dict[str, str], events: Sequence[PendingEvent]
    ) -> bool:
        """Client key, bundle, parts, their history and events together; False when the client
        key was used before (then nothing was written)."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...


class CaseRepository(Protocol):
    """Cases of one unit of work; every change is checked against the version it was made on."""

    def add_many(self, new_cases: Sequence[Case]) -> None:
        """Insert new cases and their first history lines."""
        ...

    def get(self, case_id: str, *, lock: bool = False) -> Case | None:
        """The case, or None."""
        ...

    def get_by_number(self, case_number: str) -> Case | None:
        """The case with this human-readable number, or None."""
        ...

    def save(self, case: Case, expected_version: int) -> None:
        """Write a changed case unless someone else changed it first (then Aborted)."""
        ...

    def history(self, case_id: str) -> list[HistoryEntry]:
        """The case's history, oldest first."""
        ...

    def parts_of(self, bundle_id: str) -> list[Case]:
        """A bundle's parts in order."""
        ...


class SupplementRepository(Protocol):
    """Supplement requests."""

    def add(self, s: Supplement) -> None:
        """Record a new request."""
        ...

    def open_for(self, case_id: str) -> Supplement | None:
        """The unanswered request of a case, if any."""
        ...

    def answer(self, s: Supplement) -> None:
        """Store the applicant's answer."""
        ...

    def of_case(self, case_id: str) -> list[Supplement]:
        """Every request of a case, oldest first."""
        ...


class BundleRepository(Protocol):
    """Bundles (rows: a bundle has no behaviour of its own)."""

    def add(self, row: Row) -> None:
        """Insert a bundle."""
        ...

    def get(self, bundle_id: str, *, lock: bool = False) -> Row | None:
        """The bundle row, optionally locked (completion is decided under the lock)."""
        ...

    def complete(self, bundle_id: str, outcome: str, at: datetime) -> None:
        """Mark the bundle completed."""
        ...


class CatalogueRepository(Protocol):
    """Catalogue versions (their YAML sources)."""

    def next_version(self) -> int:
        """Serialise loads, then the next version number."""
        ...

    def add(self, row: Row) -> None:
        """Store a loaded (draft) version."""
        ...

    def get(self, version: int) -> Row | None:
        """One version's row (with its source)."""
        ...

    def published_version(self) -> int | None:
        """The version new applications use."""
        ...

    def find_by_checksum(self, checksum: str) -> int | None:
        """A version loaded from the same source, if any."""
        ...

    def publish(self, version: int, by: str, at: datetime) -> None:
        """Retire the published version and publish ``version``."""
        ...

    def all(self) -> list[Row]:
        """Every version, newest first (without sources)."""
        ...


@dataclass(frozen=True)
class IdempotencyRecord:
    """What a client key was first used for."""

    kind: str
    fingerprint: str
    target_id: str


class IdempotencyRepository(Protocol):
    """Client keys: the first request wins; a replay returns its result."""

    def claim(
        self, subject: str, key: str, kind: str, fingerprint: str, target_id: str, at: datetime
    ) -> IdempotencyRecord | None:
        """None when this request is the first with the key; else what the key was used for."""
        ...


class AlertRepository(Protocol):
    """Deadline alerts: one per (case, threshold)."""

    def record(
        self, items: Sequence[tuple[str, date | None]], threshold: str, at: datetime
    ) -> set[str]:
        """Insert alerts; returns the case ids that had none yet."""
        ...


class RatingRepository(Protocol):
    """Ratings and the follow-up tasks low ratings open."""

    def add(self, row: Row) -> bool:
        """Insert a rating; False when the case was rated already."""
        ...

    def add_task(self, row: Row) -> None:
        """Open a follow-up task."""
        ...

    def task(self, task_id: str, *, lock: bool = False) -> Row | None:
        """One follow-up task."""
        ...

    def resolve(self, task_id: str, by: str, resolution: str, at: datetime) -> None:
        """Close a follow-up task."""
        ...


class AccessLogRepository(Protocol):
    """Who read which case, when and why."""

    def add(self, rows: Sequence[Row]) -> None:
        """Record reads."""
        ...


@dataclass(frozen=True)
class QueueFilter:
    """A department's queue: statuses (required), and optional narrowing filters."""

    department: str
    statuses: Sequence[str]
    service_types: Sequence[str] = ()
    receiving_office: str = ""
    due_on_or_before: date | None = None
    assignee: str | None = None  # a subject; "" means unassigned; None means anyone


@dataclass(frozen=True)
class SearchScope:
    """Which cases a staff member may find: their department's, their office's, or all."""

    department: str = ""
    office: str = ""
    everything: bool = False


class ReadModel(Protocol):
    """The read side: pages (keyset pagination), summaries and aggregates, as rows."""

    def parts_summaries(self, bundle_ids: Sequence[str]) -> list[Row]:
        """Summaries of the parts of several bundles (in part order)."""
        ...

    def citizen_page(
        self, applicant_id: str, open_only: bool, after: tuple | None, limit: int
    ) -> list[Row]:
        """A citizen's own cases, newest first."""
        ...

    def bundles_page(self, applicant_id: str, after: tuple | None, limit: int) -> list[Row]:
        """A citizen's bundles, newest first."""
        ...

    def queue_page(self, f: QueueFilter, after: tuple | None, limit: int) -> list[Row]:
        """A department's queue, earliest due first."""
        ...

    def search_page(
        self, scope: SearchScope, terms: dict[str, str], after: tuple | None, limit: int
    ) -> list[Row]:
        """Staff search (newest first)."""
        ...

    def access_log_page(
        self, applicant_id: str, case_id: str, after_id: int | None, limit: int
    ) -> list[Row]:
        """Reads of a citizen's cases by staff, newest first."""
        ...

    def follow_up_page(
        self, department: str, open_only: bool, after: tuple | None, limit: int
    ) -> list[Row]:
        """A department's follow-up tasks, newest first."""
        ...

    def rating_summary(self, group_by: str, department: str) -> list[Row]:
        """Count, average and distribution of scores per group."""
        ...

    def due_for_alert(self, threshold: str, today: date, batch: int) -> list[Row]:
        """Running cases past a threshold that were not alerted for it yet."""
        ...


class UnitOfWork(Protocol):
    """``with uow: uow.cases.get(...); uow.emit(event); uow.commit()`` — one transaction, its
    events written to the outbox with it."""

    @property
    def cases(self) -> CaseRepository:
        """The unit's cases."""
        ...

    @property
    def supplements(self) -> SupplementRepository:
        """The unit's supplements."""
        ...

    @property
    def bundles(self) -> BundleRepository:
        """The unit's bundles."""
        ...

    @property
    def catalogues(self) -> CatalogueRepository:
        """The unit's catalogues."""
        ...

    @property
    def idempotency(self) -> IdempotencyRepository:
        """The unit's idempotency."""
        ...

    @property
    def alerts(self) -> AlertRepository:
        """The unit's alerts."""
        ...

    @property
    def ratings(self) -> RatingRepository:
        """The unit's ratings."""
        ...

    @property
    def access_log(self) -> AccessLogRepository:
        """The unit's access log."""
        ...

    @property
    def reads(self) -> ReadModel:
        """The unit's reads."""
        ...

    def __enter__(self) -> Self:
        """Begin."""
        ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back what was not committed."""
        ...

    def emit(self, event: PendingEvent) -> None:
        """Queue an event for the outbox of this transaction."""
        ...

    def commit(self) -> None:
        """Commit the change and its events together."""
        ...

    def rollback(self) -> None:
        """Discard the change and its events."""
        ...
