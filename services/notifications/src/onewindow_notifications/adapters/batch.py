"""A Store for one consumer batch: reads cached for the batch, writes collected and flushed as
a few multi-row statements. What a flush finds already stored (a notice or an event applied
before) is dropped with its deliveries, exactly as the row-by-row store would."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from onewindow_notifications.adapters.store import SqlStore
from onewindow_notifications.domain.model import Preferences, Subscription


class BatchStore:
    """The Store port over a SqlStore, for the notices consumer's batches."""

    def __init__(self, inner: SqlStore) -> None:
        self.inner = inner
        self._parties: dict[str, dict[str, Any]] = {}
        self._prefs: dict[str, Preferences | None] = {}
        self._staff: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        self._subs: dict[tuple[str, str], list[Subscription]] = {}
        self._notices: list[dict[str, Any]] = []
        self._deliveries: list[dict[str, Any]] = []
        self._events: list[dict[str, Any]] = []
        self._party_writes: dict[str, dict[str, Any]] = {}

    def prefetch_parties(self, case_ids: Iterable[str], persons: Iterable[str] = ()) -> None:
        """Read what is known about the batch's cases with one query, then the preferences of
        the people they concern (and of ``persons``, e.g. the applicants the events name) with
        one more: the notices of a batch otherwise read them one person at a time."""
        wanted = {c for c in case_ids if c and c not in self._parties}
        found = self.inner.case_parties_of(sorted(wanted))
        for case_id in wanted:
            self._parties[case_id] = found.get(case_id, {})
        people = set(persons)
        for parties in self._parties.values():
            people.update((parties.get("applicant_id", ""), parties.get("representative_id", "")))
        self.prefetch_preferences(people)

    def prefetch_preferences(self, person_ids: Iterable[str]) -> None:
        """Read the preferences of these people with one query (those not read yet)."""
        wanted = {p for p in person_ids if p and p not in self._prefs}
        found = self.inner.preferences_of(sorted(wanted))
        for person_id in wanted:
            self._prefs[person_id] = found.get(person_id)

    # reads, cached for the batch (the batch's own writes are visible)
    def case_parties(self, case_id: str) -> dict[str, Any]:
        if not case_id:
            return {}
        if case_id not in self._parties:
            self._parties[case_id] = self.inner.case_parties(case_id)
        return dict(self._parties[case_id])

    def preferences(self, person_id: str) -> Preferences | None:
        if person_id not in self._prefs:
            self._prefs[person_id] = self.inner.preferences(person_id)
        return self._prefs[person_id]

    def staff_with_roles(self, department: str, roles: Iterable[str]) -> list[str]:
        key = (department, tuple(sorted(roles)))
        if key not in self._staff:
            self._staff[key] = self.inner.staff_with_roles(department, key[1])
            self.prefetch_preferences(self._staff[key])  # each of them is notified next
        return self._staff[key]

    def subscriptions_for(self, department: str, event_type: str) -> list[Subscription]:
        key = (department, event_type)
        if key not in self._subs:
            self._subs[key] = self.inner.subscriptions_for(department, event_type)
        return self._subs[key]

    def person_of_subject(self, subject: str) -> str:
        return self.inner.person_of_subject(subject)

    def contact(self, recipient_id: str) -> dict[str, Any] | None:
        return self.inner.contact(recipient_id)

    # writes, collected
    def upsert_case_parties(self, row: dict[str, Any]) -> None:
        known = self.case_parties(row["case_id"])
        merged = {**known, **{k: v for k, v in row.items() if v != "" or k not in known}}
        self._parties[row["case_id"]] = merged
        pending = self._party_writes.setdefault(row["case_id"], {})
        pending.update({k: v for k, v in row.items() if v != "" or k not in pending})

    def add_notices(self, rows: Sequence[dict[str, Any]]) -> set[str]:
        self._notices.extend(rows)
        return {r["id"] for r in rows}  # settled at flush

    def add_deliveries(self, rows: Sequence[dict[str, Any]]) -> None:
        self._deliveries.extend(rows)

    def add_event(self, row: dict[str, Any]) -> bool:
        self._events.append(row)
        return True  # settled at flush

    def flush(self) -> None:
        """Write what the batch produced: parties, then notices and events (learning which
        were new), then the deliveries of the new ones."""
        self.inner.upsert_many_case_parties(list(self._party_writes.values()))
        notices = self.inner.add_notices(self._notices)
        events = self.inner.add_events(self._events)
        self.inner.add_deliveries([d for d in self._deliveries if _new(d, notices, events)])

    # the rest is not used by intake; delegated unchanged
    def upsert_contact(self, row: dict[str, Any]) -> None:
        self.inner.upsert_contact(row)

    def save_preferences(self, prefs: Preferences) -> None:
        self.inner.save_preferences(prefs)

    def subscription(self, subscription_id: str, *, lock: bool = False) -> Subscription | None:
        return self.inner.subscription(subscription_id, lock=lock)

    def subscriptions_of(self, department: str) -> list[Subscription]:
        return self.inner.subscriptions_of(department)

    def add_subscription(self, sub: Subscription) -> None:
        self.inner.add_subscription(sub)

    def update_subscription(self, subscription_id: str, **values: Any) -> None:
        self.inner.update_subscription(subscription_id, **values)

    def events_since(
        self, department: str, event_types: Sequence[str], since: datetime
    ) -> list[dict[str, Any]]:
        return self.inner.events_since(department, event_types, since)

    def inbox(
        self, recipient_id: str, *, after: tuple[datetime, str] | None, limit: int,
        unread_only: bool, service_types: frozenset[str] | None = None,
    ) -> list[dict[str, Any]]:  # fmt: skip
        return self.inner.inbox(
            recipient_id, after=after, limit=limit, unread_only=unread_only,
            service_types=service_types,
        )  # fmt: skip

    def notices_by_id(
        self, recipient_id: str, ids: Sequence[str], service_types: frozenset[str] | None = None
    ) -> list[dict[str, Any]]:
        return self.inner.notices_by_id(recipient_id, ids, service_types)

    def mark_read(self, recipient_id: str, ids: Sequence[str], now: datetime) -> int:
        return self.inner.mark_read(recipient_id, ids, now)

    def unread_count(self, recipient_id: str, service_types: frozenset[str] | None = None) -> int:
        return self.inner.unread_count(recipient_id, service_types)

    def deliveries_of_case(
        self, case_id: str, *, after_seq: int, limit: int
    ) -> list[dict[str, Any]]:
        return self.inner.deliveries_of_case(case_id, after_seq=after_seq, limit=limit)


def _new(delivery: dict[str, Any], notices: set[str], events: set[str]) -> bool:
    """A notice's delivery goes with its notice; a webhook's with its event."""
    if delivery.get("notice_id"):
        return delivery["notice_id"] in notices
    return delivery["event_id"] in events
