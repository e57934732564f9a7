"""What the offer handlers need (protocols): offers with the case behind each trigger, in one
transaction with the outbox, and the person record read with the caller's own token. Fakes in
``adapters/memory_offers.py``; PostgreSQL and gRPC adapters in ``adapters/offers_sql.py`` and
``adapters/persons.py``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from onewindow_cases.domain.case import Case
from onewindow_cases.domain.offer import Offer
from onewindow_cases.service_layer.ports import Services
from onewindow_kit.outbox import PendingEvent


class OfferRepository(Protocol):
    """Offers; one per (rule, person, triggering event)."""

    def add(self, offers: Sequence[Offer]) -> set[str]:
        """Insert; the ids inserted (left out: a rule that already made an offer to this person
        from this event)."""
        ...

    def get(self, offer_id: str, *, lock: bool = False) -> Offer | None:
        """The offer, or None."""
        ...

    def save(self, offer: Offer, expected_version: int) -> None:
        """Write a changed offer unless someone changed it first (then Aborted)."""
        ...

    def of_person(self, person_id: str, *, open_only: bool, limit: int) -> list[Offer]:
        """A person's offers, newest first."""
        ...

    def lapsed(self, now: datetime, limit: int) -> list[Offer]:
        """Open offers past their expiry, locked (others' locked ones are skipped)."""
        ...

    def wallets(self, person_ids: Sequence[str]) -> dict[str, dict[str, str]]:
        """Per person: document type -> the newest document id of that type the person used in
        a case or was issued (the cases service's own records)."""
        ...

    def triggering_cases(self, case_ids: Sequence[str]) -> dict[str, tuple[Case, str]]:
        """The cases behind triggering events, with their bundle type ("" outside a bundle)."""
        ...


class OffersUnitOfWork(Protocol):
    """One transaction: offers (and the cases behind triggers) and the outbox."""

    @property
    def offers(self) -> OfferRepository:
        """The unit's offers."""
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


class PersonRecords(Protocol):
    """The identity service's person record, asked with the caller's own token."""

    async def person(self, person_id: str) -> dict[str, str]:
        """national_id, family_name, given_name, date_of_birth ({} when it cannot be read)."""
        ...


@dataclass
class OfferServices:
    """Everything an offer handler may use; ``cases`` files confirmations (the submit path)."""

    uow: Callable[[], OffersUnitOfWork]
    cases: Services
    persons: PersonRecords
    # Reads outside a transaction (a citizen's list); None: the unit of work above.
    reader: Callable[[], OffersUnitOfWork] | None = None

    def read(self) -> OffersUnitOfWork:
        """A unit of work for reads only."""
        return (self.reader or self.uow)()
