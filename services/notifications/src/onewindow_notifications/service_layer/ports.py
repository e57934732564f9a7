"""What the handlers need, as interfaces: the Store (adapters/store.py over PostgreSQL,
adapters/memory.py in unit tests) and the clock, ids, rules and limits, wired by bootstrap."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from onewindow_kit.outbox import Outbox
from onewindow_notifications.config import RateLimits, RetryPolicy
from onewindow_notifications.domain.model import Preferences, Subscription
from onewindow_notifications.service_layer.catalogue import Catalogue


class Store(Protocol):
    """Everything the notifications service keeps, inside one transaction."""

    def upsert_contact(self, row: dict[str, Any]) -> None:
        """Insert or replace a recipient's contact details."""

    def contact(self, recipient_id: str) -> dict[str, Any] | None:
        """A recipient's contact row."""

    def person_of_subject(self, subject: str) -> str:
        """The person id of a login subject ('' when unknown)."""

    def staff_with_roles(self, department: str, roles: Iterable[str]) -> list[str]:
        """Subjects of the enabled staff of a department holding any of ``roles``."""

    def upsert_case_parties(self, row: dict[str, Any]) -> None:
        """Remember who a case concerns (non-empty values win)."""

    def case_parties(self, case_id: str) -> dict[str, Any]:
        """What is known about a case ({} when nothing)."""

    def preferences(self, person_id: str) -> Preferences | None:
        """A person's stored preferences."""

    def save_preferences(self, prefs: Preferences) -> None:
        """Insert or replace a person's preferences."""

    def add_notices(self, rows: Sequence[dict[str, Any]]) -> set[str]:
        """Insert notices (one per event, rule and recipient); the ids actually inserted."""

    def add_deliveries(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert deliveries."""

    def add_event(self, row: dict[str, Any]) -> bool:
        """Retain an event for replays; False when it was retained before."""

    def subscriptions_for(self, department: str, event_type: str) -> list[Subscription]:
        """Active subscriptions of a department that asked for an event type."""

    def subscription(self, subscription_id: str, *, lock: bool = False) -> Subscription | None:
        """One subscription by id."""

    def subscriptions_of(self, department: str) -> list[Subscription]:
        """Every subscription of a department, oldest first."""

    def add_subscription(self, sub: Subscription) -> None:
        """Insert a subscription."""

    def update_subscription(self, subscription_id: str, **values: Any) -> None:
        """Change some fields of a subscription."""

    def events_since(
        self, department: str, event_types: Sequence[str], since: datetime
    ) -> list[dict[str, Any]]:
        """Retained events of a department since a time, in the order they happened."""

    def inbox(
        self, recipient_id: str, *, after: tuple[datetime, str] | None, limit: int,
        unread_only: bool, service_types: frozenset[str] | None = None,
    ) -> list[dict[str, Any]]:  # fmt: skip
        """A page of notices, newest first (with ``service_types``: only notices about cases
        of those service types, as a representative under a narrower mandate sees them)."""

    def notices_by_id(
        self, recipient_id: str, ids: Sequence[str], service_types: frozenset[str] | None = None
    ) -> list[dict[str, Any]]:
        """The recipient's notices among ``ids`` (narrowed like ``inbox``)."""

    def mark_read(self, recipient_id: str, ids: Sequence[str], now: datetime) -> int:
        """Mark unread notices read; how many were unread."""

    def unread_count(self, recipient_id: str, service_types: frozenset[str] | None = None) -> int:
        """How many of the recipient's notices are unread (narrowed like ``inbox``)."""

    def deliveries_of_case(
        self, case_id: str, *, after_seq: int, limit: int
    ) -> list[dict[str, Any]]:
        """A page of a case's deliveries, oldest first."""


Transaction = Callable[[], AbstractContextManager[Store]]


@dataclass(frozen=True)
class Services:
    """Handlers' dependencies."""

    transaction: Transaction  # commits when the block ends without an exception
    outbox: Outbox
    catalogue: Catalogue
    clock: Callable[[], datetime]
    new_id: Callable[[], str]
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    limits: RateLimits = field(default_factory=RateLimits)
    webhook_allow_private: tuple[str, ...] = ()
    # The dispatcher's claims are SQL by nature (FOR UPDATE SKIP LOCKED): it alone uses sessions.
    sessions: Callable[[], Session] | None = None
