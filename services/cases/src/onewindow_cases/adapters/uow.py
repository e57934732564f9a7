"""The cases unit of work: the kit's transaction (with its outbox) plus this service's
repositories, and the allocator of human-readable numbers."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from types import TracebackType

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from onewindow_cases.adapters.records import (
    AccessLogRepository,
    AlertRepository,
    CatalogueRepository,
    IdempotencyRepository,
    RatingRepository,
)
from onewindow_cases.adapters.repository import (
    BundleRepository,
    CaseRepository,
    SupplementRepository,
)
from onewindow_cases.adapters.tables import SCHEMA
from onewindow_cases.domain.numbers import sequence_name
from onewindow_kit.db import UnitOfWork
from onewindow_kit.outbox import PendingEvent


class CasesUnitOfWork:
    """``with uow: uow.cases.get(...); uow.emit(event); uow.commit()``."""

    def __init__(self, inner: UnitOfWork, schema: str = SCHEMA) -> None:
        self._inner = inner
        self.schema = schema  # where the tables are (text SQL and sequences need it)

    def __enter__(self) -> CasesUnitOfWork:
        self._inner.__enter__()
        s = self._inner.session
        self.cases = CaseRepository(s)
        self.supplements = SupplementRepository(s)
        self.bundles = BundleRepository(s)
        self.catalogues = CatalogueRepository(s)
        self.idempotency = IdempotencyRepository(s)
        self.alerts = AlertRepository(s)
        self.ratings = RatingRepository(s)
        self.access_log = AccessLogRepository(s)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._inner.__exit__(exc_type, exc, tb)

    @property
    def session(self) -> Session:
        """The open session (read queries use it directly)."""
        return self._inner.session

    def emit(self, event: PendingEvent) -> None:
        """Queue an event for the outbox of this transaction."""
        self._inner.emit(event)

    def commit(self) -> None:
        """Commit the change and its events together."""
        self._inner.commit()

    def rollback(self) -> None:
        """Discard the change and its events."""
        self._inner.rollback()


def cases_uow_factory(
    factory: Callable[[], UnitOfWork], schema: str = SCHEMA
) -> Callable[[], CasesUnitOfWork]:
    """Wrap the kit's unit-of-work factory."""
    return lambda: CasesUnitOfWork(factory(), schema)


def create_sequence_sql(schema: str, name: str) -> str:
    """Creates a number sequence (run outside a transaction; losing a race to another process
    that creates it at the same moment is fine)."""
    return f'CREATE SEQUENCE IF NOT EXISTS "{schema}"."{name}"'


def take_block_sql(schema: str, name: str, block: int) -> str:
    """The next ``block`` numbers of a sequence."""
    return f'SELECT nextval(\'"{schema}"."{name}"\') FROM generate_series(1, {int(block)})'


class NumberAllocator:
    """Case numbers from one PostgreSQL sequence per department and year, taken in blocks of
    ``block`` per process: lock-free under load and no extra round trip per submission. Numbers
    are unique; a rolled-back submission or a restarted process leaves gaps, never duplicates."""

    def __init__(self, engine: Engine, schema: str = SCHEMA, block: int = 20) -> None:
        self._engine = engine
        self._schema = schema
        self._block = block
        self._known: set[str] = set()
        self._free: dict[str, list[int]] = {}
        self._lock = threading.Lock()

    def _ensure(self, name: str) -> None:
        if name in self._known:
            return
        with self._engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            # Created concurrently by another process: fine.
            with contextlib.suppress(DBAPIError):
                conn.execute(text(create_sequence_sql(self._schema, name)))
        self._known.add(name)

    def next(self, session: Session, department: str, year: int) -> int:
        """The next number of ``department`` in ``year``."""
        return self._take(session, sequence_name(department, year))

    def next_bundle(self, session: Session, year: int) -> int:
        """The next bundle number of ``year``."""
        return self._take(session, f"bundle_no_{year}")

    def _take(self, session: Session, name: str) -> int:
        with self._lock:
            free = self._free.setdefault(name, [])
            if not free:
                self._ensure(name)
                sql = take_block_sql(self._schema, name, self._block)
                rows = session.execute(text(sql)).scalars()
                free.extend(sorted(rows, reverse=True))
            return int(free.pop())
