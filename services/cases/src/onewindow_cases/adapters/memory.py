"""In-memory fakes of the ports (unit of work, repositories, read model, submission writer) for
the handler unit tests: the same behaviour as the PostgreSQL adapters where handlers can tell
(a transaction commits all or nothing; a stale version is Aborted; a client key wins once),
in milliseconds."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import TracebackType
from typing import Self
from zoneinfo import ZoneInfo

from onewindow_cases.domain.case import Case, HistoryEntry, Supplement
from onewindow_cases.domain.documents import DocumentInfo
from onewindow_cases.service_layer.ports import IdempotencyRecord, Row
from onewindow_kit.errors import Aborted
from onewindow_kit.outbox import PendingEvent

SUMMARY_FIELDS = (
    "id", "case_number", "catalogue_version", "service_type", "responsible_department",
    "receiving_office", "applicant_id", "status", "clock", "due_date", "assignee", "bundle_id",
    "version", "created_at",
)  # fmt: skip


@dataclass
class Store:
    """Everything the fakes hold: what a database would, plus the published events."""

    cases: dict[str, Case] = field(default_factory=dict)
    history: dict[str, list[HistoryEntry]] = field(default_factory=dict)
    supplements: dict[str, Supplement] = field(default_factory=dict)
    bundles: dict[str, Row] = field(default_factory=dict)
    catalogues: dict[int, Row] = field(default_factory=dict)
    keys: dict[tuple[str, str], IdempotencyRecord] = field(default_factory=dict)
    alerts: set[tuple[str, str]] = field(default_factory=set)
    ratings: dict[str, Row] = field(default_factory=dict)
    tasks: dict[str, Row] = field(default_factory=dict)
    access_log: list[Row] = field(default_factory=list)
    events: list[PendingEvent] = field(default_factory=list)

    def event_names(self, subject: str | None = None) -> list[str]:
        """The names of the committed events (of one aggregate), in order."""
        return [e.name for e in self.events if subject is None or e.subject == subject]

    def put_case(self, case: Case) -> None:
        """Store a copy of ``case`` with its new history lines."""
        self.history.setdefault(case.id, []).extend(case.new_history)
        case.new_history.clear()
        self.cases[case.id] = copy.deepcopy(case)


class CaseRepo:
    """Cases (copies in, copies out: a handler's change counts only when saved)."""

    def __init__(self, store: Store) -> None:
        self.s = store

    def add_many(self, new_cases: Sequence[Case]) -> None:
        """Insert new cases and their first history lines."""
        for case in new_cases:
            self.s.put_case(case)

    def get(self, case_id: str, *, lock: bool = False) -> Case | None:
        """The case, or None."""
        found = self.s.cases.get(case_id)
        return copy.deepcopy(found) if found else None

    def get_by_number(self, case_number: str) -> Case | None:
        """The case with this number, or None."""
        return next(
            (self.get(c.id) for c in self.s.cases.values() if c.case_number == case_number), None
        )

    def save(self, case: Case, expected_version: int) -> None:
        """Store a changed case unless its stored version moved on (then Aborted)."""
        stored = self.s.cases.get(case.id)
        if stored is None or stored.version != expected_version:
            raise Aborted(f"case {case.case_number} was changed by someone else meanwhile")
        self.s.put_case(case)

    def history(self, case_id: str) -> list[HistoryEntry]:
        """The case's history, oldest first."""
        return list(self.s.history.get(case_id, []))

    def parts_of(self, bundle_id: str) -> list[Case]:
        """A bundle's parts in order."""
        parts = [c for c in self.s.cases.values() if c.bundle_id == bundle_id]
        return [copy.deepcopy(c) for c in sorted(parts, key=lambda c: c.bundle_part)]


class SupplementRepo:
    """Supplement requests."""

    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, s: Supplement) -> None:
        """Record a new request."""
        self.s.supplements[s.id] = copy.deepcopy(s)

    def open_for(self, case_id: str) -> Supplement | None:
        """The unanswered request of a case, if any."""
        found = [s for s in self.of_case(case_id) if s.provided_at is None]
        return found[-1] if found else None

    def answer(self, s: Supplement) -> None:
        """Store the applicant's answer."""
        stored = self.s.supplements[s.id]
        stored.provided_at, stored.provided_document_ids = (
            s.provided_at,
            list(s.provided_document_ids),
        )

    def of_case(self, case_id: str) -> list[Supplement]:
        """Every request of a case, oldest first."""
        found = [s for s in self.s.supplements.values() if s.case_id == case_id]
        return [copy.deepcopy(s) for s in sorted(found, key=lambda s: s.requested_at)]


class BundleRepo:
    """Bundle rows."""

    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, row: Row) -> None:
        """Insert a bundle."""
        self.s.bundles[row["id"]] = dict(row)

    def get(self, bundle_id: str, *, lock: bool = False) -> Row | None:
        """The bundle row."""
        found = self.s.bundles.get(bundle_id)
        return dict(found) if found else None

    def complete(self, bundle_id: str, outcome: str, at: datetime) -> None:
        """Mark the bundle completed."""
        self.s.bundles[bundle_id].update(state="completed", outcome=outcome, completed_at=at)


class CatalogueRepo:
    """Catalogue versions."""

    def __init__(self, store: Store) -> None:
        self.s = store

    def next_version(self) -> int:
        """The next version number."""
        return max(self.s.catalogues, default=0) + 1

    def add(self, row: Row) -> None:
        """Store a loaded (draft) version."""
        self.s.catalogues[row["version"]] = dict(row)

    def get(self, version: int) -> Row | None:
        """One version's row."""
        found = self.s.catalogues.get(version)
        return dict(found) if found else None

    def published_version(self) -> int | None:
        """The published version."""
        return next((v for v, r in self.s.catalogues.items() if r["state"] == "published"), None)

    def find_by_checksum(self, checksum: str) -> int | None:
        """The newest version loaded from the same source."""
        found = [v for v, r in self.s.catalogues.items() if r["checksum"] == checksum]
        return max(found) if found else None

    def publish(self, version: int, by: str, at: datetime) -> None:
        """Retire the published version and publish ``version``."""
        for row in self.s.catalogues.values():
            if row["state"] == "published":
                row["state"] = "retired"
        self.s.catalogues[version].update(state="published", published_at=at, published_by=by)

    def all(self) -> list[Row]:
        """Every version, newest first (without sources)."""
        rows = sorted(self.s.catalogues.values(), key=lambda r: -r["version"])
        return [{k: v for k, v in r.items() if k != "source"} for r in rows]


class KeyRepo:
    """Client keys."""

    def __init__(self, store: Store) -> None:
        self.s = store

    def claim(
        self, subject: str, key: str, kind: str, fingerprint: str, target_id: str, at: datetime
    ) -> IdempotencyRecord | None:
        """None for the first use; else what the key was used for."""
        known = self.s.keys.get((subject, key))
        if known is None:
            self.s.keys[(subject, key)] = IdempotencyRecord(kind, fingerprint, target_id)
        return known


class AlertRepo:
    """Deadline alerts."""

    def __init__(self, store: Store) -> None:
        self.s = store

    def record(
        self, items: Sequence[tuple[str, date | None]], threshold: str, at: datetime
    ) -> set[str]:
        """The case ids that had no alert for ``threshold`` yet (now they have)."""
        new = {cid for cid, _ in items if (cid, threshold) not in self.s.alerts}
        self.s.alerts |= {(cid, threshold) for cid in new}
        return new


class RatingRepo:
    """Ratings and follow-up tasks."""

    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, row: Row) -> bool:
        """Insert a rating; False when the case was rated already."""
        if row["case_id"] in self.s.ratings:
            return False
        self.s.ratings[row["case_id"]] = dict(row)
        return True

    def add_task(self, row: Row) -> None:
        """Open a follow-up task."""
        self.s.tasks[row["id"]] = dict(row)

    def task(self, task_id: str, *, lock: bool = False) -> Row | None:
        """One follow-up task."""
        found = self.s.tasks.get(task_id)
        return dict(found) if found else None

    def resolve(self, task_id: str, by: str, resolution: str, at: datetime) -> None:
        """Close a follow-up task."""
        self.s.tasks[task_id].update(
            state="done", resolved_by=by, resolution=resolution, resolved_at=at
        )


class AccessLogRepo:
    """Reads of cases."""

    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, rows: Sequence[Row]) -> None:
        """Record reads (ids in arrival order)."""
        for row in rows:
            self.s.access_log.append({"id": len(self.s.access_log) + 1, **row})


class InMemoryUnitOfWork:
    """One transaction over a ``Store``: what is not committed is undone on exit."""

    def __init__(self, store: Store) -> None:
        from onewindow_cases.adapters.memory_reads import InMemoryReadModel

        self.store = store
        self.cases = CaseRepo(store)
        self.supplements = SupplementRepo(store)
        self.bundles = BundleRepo(store)
        self.catalogues = CatalogueRepo(store)
        self.idempotency = KeyRepo(store)
        self.alerts = AlertRepo(store)
        self.ratings = RatingRepo(store)
        self.access_log = AccessLogRepo(store)
        self.reads = InMemoryReadModel(store)
        self._pending: list[PendingEvent] = []
        self._before: Store | None = None

    def __enter__(self) -> Self:
        self._before = copy.deepcopy(self.store)
        self._pending = []
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    def emit(self, event: PendingEvent) -> None:
        """Queue an event for this transaction."""
        self._pending.append(event)

    def commit(self) -> None:
        """Keep the changes; the events are published with them."""
        self.store.events.extend(self._pending)
        self._pending = []
        self._before = copy.deepcopy(self.store)

    def rollback(self) -> None:
        """Undo what was not committed."""
        if self._before is not None:
            vars(self.store).update(vars(copy.deepcopy(self._before)))
        self._pending = []


def uow_factory(store: Store) -> Callable[[], InMemoryUnitOfWork]:
    """Units of work over ``store`` (the fake of ``cases_uow_factory``)."""
    return lambda: InMemoryUnitOfWork(store)


class InMemoryCaseWriter:
    """The submission writer over a ``Store``: numbers count up, a client key wins once."""

    def __init__(self, store: Store) -> None:
        self.s = store
        self.numbers: dict[str, int] = {}

    async def next_number(self, department: str, year: int) -> int:
        """The next case number of ``department`` in ``year``."""
        return self._next(f"{department}-{year}")

    async def next_bundle_number(self, year: int) -> int:
        """The next bundle number of ``year``."""
        return self._next(f"bundle-{year}")

    def _next(self, name: str) -> int:
        self.numbers[name] = self.numbers.get(name, 0) + 1
        return self.numbers[name]

    def _claim(self, key: dict[str, str], kind: str, target_id: str) -> bool:
        slot = (key["subject"], key["client_key"])
        if slot in self.s.keys:
            return False
        self.s.keys[slot] = IdempotencyRecord(kind, key["fingerprint"], target_id)
        return True

    async def file_case(self, case: Case, key: dict[str, str], event: PendingEvent) -> bool:
        """File a new case with its event, unless the client key was used before."""
        if not self._claim(key, "case", case.id):
            return False
        self.s.put_case(case)
        self.s.events.append(event)
        return True

    async def file_bundle(
        self, bundle: Row, parts: list[Case], key: dict[str, str], events: Sequence[PendingEvent]
    ) -> bool:
        """File a bundle, its parts and events, unless the client key was used before."""
        if not self._claim(key, "bundle", bundle["id"]):
            return False
        self.s.bundles[bundle["id"]] = dict(bundle)
        for part in parts:
            self.s.put_case(part)
        self.s.events.extend(events)
        return True

    async def close(self) -> None:
        """Nothing to release."""


class InMemoryDocuments:
    """A documents store in memory (tests, benchmark)."""

    def __init__(self, documents: Sequence[DocumentInfo] = ()) -> None:
        self._docs = {d.id: d for d in documents}
        self.calls = 0

    def add(self, *documents: DocumentInfo) -> None:
        """Store documents."""
        for d in documents:
            self._docs[d.id] = d

    def lookup(self, document_ids: Sequence[str]) -> dict[str, DocumentInfo]:
        """What is stored for the ids."""
        self.calls += 1
        return {i: self._docs[i] for i in document_ids if i in self._docs}

    async def metadata(
        self, document_ids: Sequence[str], applicant_id: str = ""
    ) -> dict[str, DocumentInfo]:
        """The port: what is stored for the ids (who may see them is the documents service's
        rule, tested there)."""
        return self.lookup(document_ids)


class FixedClock:
    """A clock tests move by hand."""

    def __init__(self, at: datetime, today: date) -> None:
        self.at = at
        self.day = today

    def now(self) -> datetime:
        """The fixed instant."""
        return self.at

    def today(self) -> date:
        """The fixed date."""
        return self.day

    def day_of(self, at: datetime) -> date:
        """The local date of an instant (in the service's default time zone)."""
        return at.astimezone(ZoneInfo("Asia/Shanghai")).date()
