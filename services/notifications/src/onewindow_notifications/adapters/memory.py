"""In-memory fakes behind the service layer's ports, for handler unit tests."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Any

from onewindow_notifications.adapters.store import DELIVERY_DEFAULTS
from onewindow_notifications.domain.model import Preferences, Subscription


class MemoryStore:
    """The Store port over dicts and lists; a failed transaction leaves it unchanged."""

    def __init__(self) -> None:
        self.contacts: dict[str, dict[str, Any]] = {}
        self.parties: dict[str, dict[str, Any]] = {}
        self.prefs: dict[str, Preferences] = {}
        self.notices: list[dict[str, Any]] = []
        self.deliveries: list[dict[str, Any]] = []
        self.events: dict[str, dict[str, Any]] = {}
        self.subs: dict[str, Subscription] = {}

    def upsert_contact(self, row: dict[str, Any]) -> None:
        base = {"email": "", "phone": "", "department": "", "subject": "", "roles": [],
                "enabled": True, "kind": ""}  # fmt: skip
        # Like the SQL upsert: columns the row does not name keep their values.
        known = self.contacts.get(row["recipient_id"], {})
        self.contacts[row["recipient_id"]] = {**base, **known, **row}

    def contact(self, recipient_id: str) -> dict[str, Any] | None:
        return self.contacts.get(recipient_id)

    def person_of_subject(self, subject: str) -> str:
        return next(
            (
                k
                for k, c in self.contacts.items()
                if c["subject"] == subject and c["kind"] == "person"
            ),
            "",
        )

    def staff_with_roles(self, department: str, roles: Iterable[str]) -> list[str]:
        wanted = set(roles)
        return sorted(
            k for k, c in self.contacts.items()
            if c["kind"] == "staff" and c["department"] == department and c["enabled"]
            and wanted & set(c["roles"])
        )  # fmt: skip

    def upsert_case_parties(self, row: dict[str, Any]) -> None:
        current = self.parties.setdefault(row["case_id"], {})
        current.update({k: v for k, v in row.items() if v != "" or k not in current})

    def case_parties(self, case_id: str) -> dict[str, Any]:
        return dict(self.parties.get(case_id, {}))

    def preferences(self, person_id: str) -> Preferences | None:
        return self.prefs.get(person_id)

    def save_preferences(self, prefs: Preferences) -> None:
        self.prefs[prefs.person_id] = prefs

    def add_notices(self, rows: Sequence[dict[str, Any]]) -> set[str]:
        keys = {(n["event_id"], n["rule_id"], n["recipient_id"]) for n in self.notices}
        added = set()
        for row in rows:
            key = (row["event_id"], row["rule_id"], row["recipient_id"])
            if key not in keys:
                keys.add(key)
                added.add(row["id"])
                self.notices.append({"read_at": None, **row})
        return added

    def add_deliveries(self, rows: Sequence[dict[str, Any]]) -> None:
        for row in rows:
            seq = len(self.deliveries) + 1
            self.deliveries.append({**DELIVERY_DEFAULTS, "seq": seq, "rate_slot": None,
                                    "lease_until": None, **row})  # fmt: skip

    def add_event(self, row: dict[str, Any]) -> bool:
        if row["event_id"] in self.events:
            return False
        self.events[row["event_id"]] = row
        return True

    def subscriptions_for(self, department: str, event_type: str) -> list[Subscription]:
        return [
            s for s in self.subs.values()
            if s.department == department and s.status == "active" and event_type in s.event_types
        ]  # fmt: skip

    def subscription(self, subscription_id: str, *, lock: bool = False) -> Subscription | None:
        return self.subs.get(subscription_id)

    def subscriptions_of(self, department: str) -> list[Subscription]:
        return sorted(
            (s for s in self.subs.values() if s.department == department),
            key=lambda s: (s.created_at, s.id),
        )

    def add_subscription(self, sub: Subscription) -> None:
        self.subs[sub.id] = sub

    def update_subscription(self, subscription_id: str, **values: Any) -> None:
        self.subs[subscription_id] = replace(self.subs[subscription_id], **values)

    def events_since(
        self, department: str, event_types: Sequence[str], since: datetime
    ) -> list[dict[str, Any]]:
        return sorted(
            (e for e in self.events.values() if e["department"] == department
             and e["occurred_at"] >= since and e["event_type"] in event_types),
            key=lambda e: (e["occurred_at"], e["received_at"]),
        )  # fmt: skip

    def _covered(self, notice: dict[str, Any], service_types: frozenset[str] | None) -> bool:
        if service_types is None:
            return True
        parties = self.parties.get(notice.get("case_id") or "", {})
        return parties.get("service_type") in service_types

    def inbox(
        self, recipient_id: str, *, after: tuple[datetime, str] | None, limit: int,
        unread_only: bool, service_types: frozenset[str] | None = None,
    ) -> list[dict[str, Any]]:  # fmt: skip
        rows = sorted(
            (n for n in self.notices if n["recipient_id"] == recipient_id
             and not (unread_only and n["read_at"]) and self._covered(n, service_types)),
            key=lambda n: (n["created_at"], n["id"]), reverse=True,
        )  # fmt: skip
        if after is not None:
            rows = [n for n in rows if (n["created_at"], n["id"]) < after]
        return rows[:limit]

    def notices_by_id(
        self, recipient_id: str, ids: Sequence[str], service_types: frozenset[str] | None = None
    ) -> list[dict[str, Any]]:
        return [
            n for n in self.notices
            if n["recipient_id"] == recipient_id and n["id"] in ids
            and self._covered(n, service_types)
        ]  # fmt: skip

    def mark_read(self, recipient_id: str, ids: Sequence[str], now: datetime) -> int:
        marked = 0
        for n in self.notices_by_id(recipient_id, ids):
            if n["read_at"] is None:
                n["read_at"], marked = now, marked + 1
        return marked

    def unread_count(self, recipient_id: str, service_types: frozenset[str] | None = None) -> int:
        return sum(
            1 for n in self.notices
            if n["recipient_id"] == recipient_id and not n["read_at"]
            and self._covered(n, service_types)
        )  # fmt: skip

    def deliveries_of_case(
        self, case_id: str, *, after_seq: int, limit: int
    ) -> list[dict[str, Any]]:
        rows = [d for d in self.deliveries if d["case_id"] == case_id and d["seq"] > after_seq]
        return rows[:limit]


def memory_transactions(store: MemoryStore):  # type: ignore[no-untyped-def]
    """``with transaction() as store`` over one MemoryStore: rolled back when the block fails."""

    @contextmanager
    def transaction() -> Iterator[MemoryStore]:
        saved = copy.deepcopy(store.__dict__)
        try:
            yield store
        except BaseException:
            store.__dict__.clear()
            store.__dict__.update(saved)
            raise

    return transaction
