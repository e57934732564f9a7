"""What handlers need, wired once in bootstrap: units of work, the catalogue store, the
documents port, the clock and the submission writer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from onewindow_cases.domain.case import Now
from onewindow_cases.domain.catalogue import Catalogue
from onewindow_cases.domain.deadline import DEFAULT_WARN_PERCENT
from onewindow_cases.service_layer.ports import CaseWriter, DocumentsPort, UnitOfWork
from onewindow_kit.errors import FailedPrecondition
from onewindow_kit.principal import Principal


class Clock(Protocol):
    """Time as handlers see it."""

    def now(self) -> datetime:
        """The current instant (UTC)."""

    def today(self) -> date:
        """Today's date where the statutory days are counted."""


class SystemClock:
    """The real clock; working days are local dates in ``timezone``."""

    def __init__(self, timezone: str = "Asia/Shanghai") -> None:
        self._tz = ZoneInfo(timezone)

    def now(self) -> datetime:
        """Now, in UTC."""
        return datetime.now(UTC)

    def today(self) -> date:
        """The local date."""
        return datetime.now(self._tz).date()


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

    def check(self, principal: Principal, acting_for: str, service_type: str = "") -> None:
        """Return, or raise PermissionDenied."""


@dataclass
class Deps:
    """Everything a handler may use."""

    uow: Callable[[], UnitOfWork]
    catalogues: CatalogueSource
    documents: DocumentsPort
    clock: Clock
    writer: CaseWriter
    warn_percent: int = DEFAULT_WARN_PERCENT
    # Checks that a mandate covers the service type applied for (the token path only checks
    # that some mandate holds now); None where nobody can act for others (tests, benchmark).
    mandates: MandateScope | None = None
    # Reads run on autocommit connections (no BEGIN/ROLLBACK round trips); never write in one.
    reader: Callable[[], UnitOfWork] | None = None

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
