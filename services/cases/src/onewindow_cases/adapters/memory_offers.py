"""In-memory fakes of the offer ports for the handler unit tests: offers beside the cases
``Store`` (one transaction over both), and a person directory."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Self

from onewindow_cases.adapters.memory import Store
from onewindow_cases.domain.case import Case
from onewindow_cases.domain.offer import OFFERED, Offer
from onewindow_kit.errors import Aborted
from onewindow_kit.outbox import PendingEvent


@dataclass
class OfferStore:
    """The offers a database would hold; events go to the cases store's list."""

    cases: Store
    offers: dict[str, Offer] = field(default_factory=dict)


class OfferRepo:
    """Offers (copies in, copies out)."""

    def __init__(self, store: OfferStore) -> None:
        self.s = store

    def add(self, offers: Sequence[Offer]) -> set[str]:
        """Insert those whose (rule, person, triggering event) has no offer yet; their ids."""
        added = set()
        for offer in offers:
            key = (offer.rule, offer.person_id, offer.trigger_event_id)
            known = {(o.rule, o.person_id, o.trigger_event_id) for o in self.s.offers.values()}
            if key not in known:
                self.s.offers[offer.id] = copy.deepcopy(offer)
                added.add(offer.id)
        return added

    def get(self, offer_id: str, *, lock: bool = False) -> Offer | None:
        """The offer, or None."""
        found = self.s.offers.get(offer_id)
        return copy.deepcopy(found) if found else None

    def save(self, offer: Offer, expected_version: int) -> None:
        """Store unless the stored version moved on (then Aborted)."""
        stored = self.s.offers.get(offer.id)
        if stored is None or stored.version != expected_version:
            raise Aborted("the offer was changed meanwhile")
        self.s.offers[offer.id] = copy.deepcopy(offer)

    def of_person(self, person_id: str, *, open_only: bool, limit: int) -> list[Offer]:
        """A person's offers, newest first."""
        mine = [
            copy.deepcopy(o)
            for o in self.s.offers.values()
            if o.person_id == person_id and (not open_only or o.state == OFFERED)
        ]
        return sorted(mine, key=lambda o: o.offered_at, reverse=True)[:limit]

    def lapsed(self, now: datetime, limit: int) -> list[Offer]:
        """Open offers past their expiry."""
        due = [o for o in self.s.offers.values() if o.state == OFFERED and o.expires_at <= now]
        return [copy.deepcopy(o) for o in sorted(due, key=lambda o: o.expires_at)[:limit]]

    def wallets(self, person_ids: Sequence[str]) -> dict[str, dict[str, str]]:
        """Per person: document type -> newest document id in their cases."""
        out: dict[str, dict[str, str]] = {}
        for case in sorted(self.s.cases.cases.values(), key=lambda c: c.created_at):
            if case.applicant_id in person_ids:
                for d in case.documents:
                    if d.get("document_id"):
                        out.setdefault(case.applicant_id, {})[d["document_type"]] = d["document_id"]
        return out

    def triggering_cases(self, case_ids: Sequence[str]) -> dict[str, tuple[Case, str]]:
        """The cases by id, with their bundle type."""
        out = {}
        for case_id in case_ids:
            case = self.s.cases.cases.get(case_id)
            if case is not None:
                bundle = self.s.cases.bundles.get(case.bundle_id or "")
                out[case_id] = (copy.deepcopy(case), bundle["bundle_type"] if bundle else "")
        return out


class InMemoryOffersUnitOfWork:
    """One transaction over the offers and the cases store."""

    def __init__(self, store: OfferStore) -> None:
        self.store = store
        self.offers = OfferRepo(store)
        self._pending: list[PendingEvent] = []
        self._before: dict[str, Offer] | None = None

    def __enter__(self) -> Self:
        self._before = copy.deepcopy(self.store.offers)
        self._pending = []
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:  # fmt: skip
        if self._before is not None:
            self.store.offers = self._before
        self._pending = []

    def emit(self, event: PendingEvent) -> None:
        """Queue an event."""
        self._pending.append(event)

    def commit(self) -> None:
        """Keep the changes; the events are published with them."""
        self.store.cases.events.extend(self._pending)
        self._pending = []
        self._before = copy.deepcopy(self.store.offers)


def offers_uow_factory(store: OfferStore) -> Callable[[], InMemoryOffersUnitOfWork]:
    """Units of work over ``store``."""
    return lambda: InMemoryOffersUnitOfWork(store)


class InMemoryPersons:
    """Person records by id; an unknown person reads as {} (as when identity refuses)."""

    def __init__(self, records: dict[str, dict[str, str]] | None = None) -> None:
        self.records = records or {}
        self.asked: list[str] = []

    async def person(self, person_id: str) -> dict[str, str]:
        """The record, or {}."""
        self.asked.append(person_id)
        return dict(self.records.get(person_id, {}))
