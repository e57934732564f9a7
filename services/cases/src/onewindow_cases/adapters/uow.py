"""The cases unit of work: the kit's transaction (with its outbox) plus this service's
repositories."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from onewindow_cases.adapters.read_model import SqlReadModel
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
from onewindow_kit.db import UnitOfWork
from onewindow_kit.outbox import PendingEvent


class CasesUnitOfWork:
    """``with uow: uow.cases.get(...); uow.emit(event); uow.commit()``."""

    def __init__(self, inner: UnitOfWork) -> None:
        self._inner = inner

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
        self.reads = SqlReadModel(s)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._inner.__exit__(exc_type, exc, tb)

    def emit(self, event: PendingEvent) -> None:
        """Queue an event for the outbox of this transaction."""
        self._inner.emit(event)

    def commit(self) -> None:
        """Commit the change and its events together."""
        self._inner.commit()

    def rollback(self) -> None:
        """Discard the change and its events."""
        self._inner.rollback()


def cases_uow_factory(factory: Callable[[], UnitOfWork]) -> Callable[[], CasesUnitOfWork]:
    """Wrap the kit's unit-of-work factory."""
    return lambda: CasesUnitOfWork(factory())
