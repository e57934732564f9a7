"""What the service layer needs from the outside world, as protocols (no session, no schema):
adapters implement them against PostgreSQL, ``adapters/memory.py`` fakes them for the handler
unit tests; ``Services`` bundles them for the handlers (wired in bootstrap)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Protocol, Self

from onewindow_cases.domain.case import Case, HistoryEntry, Now, Supplement
from onewindow_cases.domain.catalogue import Catalogue
from onewindow_cases.domain.deadline import DEFAULT_WARN_PERCENT
from onewindow_cases.domain.documents import DocumentInfo
from onewindow_cases.service_layer.read_model import ReadModel, Row
from onewindow_cases.service_layer.statistics_ports import StatisticsReads
from onewindow_kit.errors import FailedPrecondition
from onewindow_kit.outbox import PendingEvent
from onewindow_kit.principal import Principal


class DocumentsPort(Protocol):
    """The documents service: ids that do not exist are simply absent from the result."""

    async def metadata(
        self, document_ids: Sequence[str], applicant_id: str = ""
    ) -> dict[str, DocumentInfo]:
        """Metadata by document id. ``applicant_id`` names whom a case is filed for: staff
        taking it in at a counter then see that person's own documents (and only theirs)."""
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


class Clock(Protocol):
    """Time as handlers see it."""

    def now(self) -> datetime:
        """The current instant (UTC)."""

    def day_of(self, at: datetime) -> date:
        """The local date (where working days are counted) of an instant."""

    def today(self) -> date:
        """Today's date where the statutory days are counted."""


class CatalogueSource(Protocol):
    """Catalogue versions as handlers read them."""

    def published(self) -> Catalogue:
        """The published catalogue."""

    def version(self, version: int) -> Catalogue:
        """One version."""

    def for_submission(self, version: int) -> Catalogue:
        """The version a new application uses (0 = published)."""

    def invalidate(self) -> None:
        """Forget what is cached about the published version."""


class MandateScope(Protocol):
    """Whether ``principal`` may act for ``acting_for`` in ``service_type`` now."""

    def check(
        self, principal: Principal, acting_for: str, service_type: str = ""
    ) -> frozenset[str]:
        """The service types covered now, or PermissionDenied."""


@dataclass
class Services:
    """Everything a handler may use."""

    uow: Callable[[], UnitOfWork]
    catalogues: CatalogueSource
    documents: DocumentsPort
    clock: Clock
    writer: CaseWriter
    warn_percent: int = DEFAULT_WARN_PERCENT
    # Checks at submission, in identity's own words, that a mandate covers the service type
    # applied for (reads and other writes use the scope the token path put on the principal);
    # None where nobody can act for others (tests, benchmark).
    mandates: MandateScope | None = None
    # Reads run on autocommit connections (no BEGIN/ROLLBACK round trips); never write in one.
    reader: Callable[[], UnitOfWork] | None = None
    # The handling statistics' read side (None where a process serves no statistics).
    statistics: StatisticsReads | None = None
    transfer_clock: str = "continue"  # ONEWINDOW_CASES_TRANSFER_CLOCK: continue | restart
    open_data_k: int = 5  # ONEWINDOW_CASES_OPEN_DATA_K: counts below it are not published

    def read(self) -> UnitOfWork:
        """A unit of work for reads only."""
        return (self.reader or self.uow)()

    def now(self, fallback: Catalogue | None = None) -> Now:
        """The command's time, with the calendar of the published catalogue (holidays declared
        later apply to cases submitted earlier)."""
        try:
            calendar = self.catalogues.published().calendar
        except FailedPrecondition:
            if fallback is None:
                raise
            calendar = fallback.calendar
        return Now(self.clock.now(), self.clock.today(), calendar, self.warn_percent)
