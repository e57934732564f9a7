"""SQL over the notifications schema: Core statements on a session someone else commits."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from onewindow_kit.db import driver_scalar
from onewindow_notifications.adapters import tables as t
from onewindow_notifications.adapters.bulk import insert_rows
from onewindow_notifications.domain.model import Preferences, Subscription

DELIVERY_DEFAULTS: dict[str, Any] = {
    "notice_id": "", "subscription_id": "", "order_key": "", "rate_key": "", "last_error": "",
    "template_id": "", "template_version": 0, "language": "", "content_hash": "", "title": "",
    "text_body": "", "html_body": "", "mandatory": False, "payload": None, "delivered_at": None,
    "attempts": 0, "priority": 0,
}  # fmt: skip


EVENT_INSERT = insert(t.events).on_conflict_do_nothing().returning(t.events.c.event_id)
_UNREAD = (
    f'SELECT count(*) FROM "{t.notices.schema}"."{t.notices.name}" '
    "WHERE recipient_id = %(recipient)s AND read_at IS NULL"
)


@functools.lru_cache(maxsize=64)
def _upsert(table: str, key: str, update: tuple[str, ...]) -> Any:
    """INSERT … ON CONFLICT (key) DO UPDATE of ``update``, built once per shape so SQLAlchemy
    compiles it once (values come as parameters)."""
    stmt = insert(t.TABLES[table])
    if not update:
        return stmt.on_conflict_do_nothing(index_elements=[key])
    return stmt.on_conflict_do_update(
        index_elements=[key], set_={c: stmt.excluded[c] for c in update}
    )


def _subscription(row: Any) -> Subscription:
    values = dict(row)
    values["event_types"] = tuple(values["event_types"])
    return Subscription(**values)


class SqlStore:
    """The Store port over PostgreSQL (see service_layer/ports.py)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def upsert_contact(self, row: dict[str, Any]) -> None:
        """Insert or replace what identity told us about a person or staff member."""
        keep = tuple(sorted(k for k in row if k != "recipient_id"))
        self.session.execute(_upsert("contacts", "recipient_id", keep), row)

    def contact(self, recipient_id: str) -> dict[str, Any] | None:
        """A recipient's contact row."""
        row = self.session.execute(
            select(t.contacts).where(t.contacts.c.recipient_id == recipient_id)
        )
        found = row.mappings().first()
        return dict(found) if found else None

    def contacts_of(self, recipient_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Contact rows of many recipients, by id."""
        if not recipient_ids:
            return {}
        c = t.contacts.c
        stmt = select(t.contacts).where(c.recipient_id.in_(set(recipient_ids)))
        return {r["recipient_id"]: dict(r) for r in self.session.execute(stmt).mappings()}

    def subscriptions_by_id(self, ids: Sequence[str]) -> dict[str, Subscription]:
        """Subscriptions by id."""
        if not ids:
            return {}
        stmt = select(t.subscriptions).where(t.subscriptions.c.id.in_(set(ids)))
        return {r["id"]: _subscription(r) for r in self.session.execute(stmt).mappings()}

    def person_of_subject(self, subject: str) -> str:
        """The person id of a login subject ('' when unknown)."""
        stmt = select(t.contacts.c.recipient_id).where(
            t.contacts.c.subject == subject, t.contacts.c.kind == "person"
        )
        return self.session.execute(stmt).scalar() or ""

    def staff_with_roles(self, department: str, roles: Iterable[str]) -> list[str]:
        """Subjects of the enabled staff of ``department`` holding any of ``roles``."""
        c = t.contacts.c
        stmt = select(c.recipient_id).where(
            c.kind == "staff", c.department == department, c.enabled.is_(True),
            c.roles.overlap(list(roles)),
        ).order_by(c.recipient_id)  # fmt: skip
        return list(self.session.execute(stmt).scalars())

    def upsert_case_parties(self, row: dict[str, Any]) -> None:
        """Remember who a case concerns (later events of it often carry less)."""
        keep = tuple(sorted(k for k in row if k != "case_id" and row[k] != ""))
        self.session.execute(_upsert("case_parties", "case_id", keep), row)

    def upsert_many_case_parties(self, rows: Sequence[dict[str, Any]]) -> None:
        """upsert_case_parties for many cases: one statement per shape of row."""
        shapes: dict[tuple[tuple[str, ...], tuple[str, ...]], list[dict[str, Any]]] = {}
        for row in rows:
            keep = tuple(sorted(k for k in row if k != "case_id" and row[k] != ""))
            shapes.setdefault((tuple(sorted(row)), keep), []).append(row)
        for (_, keep), group in shapes.items():
            insert_rows(self.session, t.case_parties, group, conflict="case_id", update=keep)

    def case_parties_of(self, case_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """What is known about many cases, by case id."""
        if not case_ids:
            return {}
        stmt = select(t.case_parties).where(t.case_parties.c.case_id.in_(list(case_ids)))
        return {r["case_id"]: dict(r) for r in self.session.execute(stmt).mappings()}

    def case_parties(self, case_id: str) -> dict[str, Any]:
        """What is known about a case ({} when nothing)."""
        if not case_id:
            return {}
        row = self.session.execute(
            select(t.case_parties).where(t.case_parties.c.case_id == case_id)
        )
        found = row.mappings().first()
        return dict(found) if found else {}

    def preferences(self, person_id: str) -> Preferences | None:
        """A person's stored preferences."""
        return self.preferences_of([person_id]).get(person_id)

    def preferences_of(self, person_ids: Sequence[str]) -> dict[str, Preferences]:
        """The stored preferences of many people, by person id (those with none are absent)."""
        if not person_ids:
            return {}
        stmt = select(t.preferences).where(t.preferences.c.person_id.in_(list(person_ids)))
        return {
            r["person_id"]: Preferences(
                r["person_id"],
                r["language"],
                {k: tuple(v) for k, v in r["channels"].items()},
                r["updated_at"],
            )
            for r in self.session.execute(stmt).mappings()
        }

    def save_preferences(self, prefs: Preferences) -> None:
        """Insert or replace a person's preferences."""
        values = {
            "person_id": prefs.person_id,
            "language": prefs.language,
            "channels": {k: list(v) for k, v in prefs.channels.items()},
            "updated_at": prefs.updated_at,
        }
        keep = ("channels", "language", "updated_at")
        self.session.execute(_upsert("preferences", "person_id", keep), values)

    def add_notices(self, rows: Sequence[dict[str, Any]]) -> set[str]:
        """Insert notices; one event never notifies a recipient twice under one rule. Returns
        the ids inserted."""
        return set(insert_rows(self.session, t.notices, rows, returning="id"))

    def add_deliveries(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert deliveries (rows of every channel in one statement: the same keys for all)."""
        insert_rows(self.session, t.deliveries, [{**DELIVERY_DEFAULTS, **r} for r in rows])

    def add_events(self, rows: Sequence[dict[str, Any]]) -> set[str]:
        """Retain many events; the ids that were not retained before."""
        return set(insert_rows(self.session, t.events, rows, returning="event_id"))

    def add_event(self, row: dict[str, Any]) -> bool:
        """Retain an event for replays; False when it was retained before."""
        return self.session.execute(EVENT_INSERT, row).first() is not None

    def subscriptions_for(self, department: str, event_type: str) -> list[Subscription]:
        """Active subscriptions of ``department`` that asked for ``event_type``."""
        c = t.subscriptions.c
        stmt = select(t.subscriptions).where(
            c.department == department, c.status == "active", c.event_types.any_() == event_type
        )
        return [_subscription(r) for r in self.session.execute(stmt).mappings()]

    def subscription(self, subscription_id: str, *, lock: bool = False) -> Subscription | None:
        """One subscription by id."""
        stmt = select(t.subscriptions).where(t.subscriptions.c.id == subscription_id)
        if lock:
            stmt = stmt.with_for_update()
        row = self.session.execute(stmt).mappings().first()
        return _subscription(row) if row else None

    def subscriptions_of(self, department: str) -> list[Subscription]:
        """Every subscription of a department, oldest first."""
        c = t.subscriptions.c
        stmt = (
            select(t.subscriptions).where(c.department == department).order_by(c.created_at, c.id)
        )
        return [_subscription(r) for r in self.session.execute(stmt).mappings()]

    def add_subscription(self, sub: Subscription) -> None:
        """Insert a subscription."""
        values = {**sub.__dict__, "event_types": list(sub.event_types)}
        self.session.execute(insert(t.subscriptions).values(**values))

    def update_subscription(self, subscription_id: str, **values: Any) -> None:
        """Change some columns of a subscription."""
        c = t.subscriptions.c
        self.session.execute(
            update(t.subscriptions).where(c.id == subscription_id).values(**values)
        )

    def events_since(
        self, department: str, event_types: Sequence[str], since: datetime
    ) -> list[dict[str, Any]]:
        """Retained events of a department since a time, in the order they happened."""
        c = t.events.c
        stmt = (
            select(t.events)
            .where(
                c.department == department, c.occurred_at >= since, c.event_type.in_(event_types)
            )
            .order_by(c.occurred_at, c.received_at)
        )
        return [dict(r) for r in self.session.execute(stmt).mappings()]

    def inbox(
        self,
        recipient_id: str,
        *,
        after: tuple[datetime, str] | None,
        limit: int,
        unread_only: bool,
        service_types: frozenset[str] | None = None,
    ) -> list[dict[str, Any]]:
        """A page of notices, newest first, keyset-paginated on (created_at, id); with
        ``service_types`` only notices about cases of those service types."""
        c = t.notices.c
        stmt = _covered(select(t.notices).where(c.recipient_id == recipient_id), service_types)
        if unread_only:
            stmt = stmt.where(c.read_at.is_(None))
        if after is not None:
            stmt = stmt.where(
                or_(c.created_at < after[0], and_(c.created_at == after[0], c.id < after[1]))
            )
        stmt = stmt.order_by(c.created_at.desc(), c.id.desc()).limit(limit)
        return [dict(r) for r in self.session.execute(stmt).mappings()]

    def notices_by_id(
        self, recipient_id: str, ids: Sequence[str], service_types: frozenset[str] | None = None
    ) -> list[dict[str, Any]]:
        """The recipient's notices among ``ids`` (others' notices are simply not found)."""
        c = t.notices.c
        stmt = select(t.notices).where(c.recipient_id == recipient_id, c.id.in_(list(ids)))
        stmt = _covered(stmt, service_types)
        return [dict(r) for r in self.session.execute(stmt).mappings()]

    def mark_read(self, recipient_id: str, ids: Sequence[str], now: datetime) -> int:
        """Mark unread notices read; how many were unread."""
        c = t.notices.c
        result = self.session.execute(
            update(t.notices)
            .where(c.recipient_id == recipient_id, c.id.in_(list(ids)), c.read_at.is_(None))
            .values(read_at=now)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def unread_count(self, recipient_id: str, service_types: frozenset[str] | None = None) -> int:
        """How many of the recipient's notices are unread (narrowed like ``inbox``)."""
        if service_types is None:  # the recipient's own dashboard: straight to the driver
            return int(driver_scalar(self.session, _UNREAD, {"recipient": recipient_id}))
        c = t.notices.c
        stmt = select(func.count()).where(c.recipient_id == recipient_id, c.read_at.is_(None))
        stmt = _covered(stmt, service_types)
        return int(self.session.execute(stmt).scalar() or 0)

    def deliveries_of_case(
        self, case_id: str, *, after_seq: int, limit: int
    ) -> list[dict[str, Any]]:
        """A page of a case's deliveries, oldest first."""
        c = t.deliveries.c
        stmt = (
            select(t.deliveries)
            .where(c.case_id == case_id, c.seq > after_seq)
            .order_by(c.seq)
            .limit(limit)
        )
        return [dict(r) for r in self.session.execute(stmt).mappings()]


def _covered(stmt: Select[Any], service_types: frozenset[str] | None) -> Select[Any]:
    """Only notices about cases of ``service_types`` (None: no narrowing)."""
    if service_types is None:
        return stmt
    parties = t.case_parties.c
    covered = select(parties.case_id).where(parties.service_type.in_(sorted(service_types)))
    return stmt.where(t.notices.c.case_id.in_(covered))


def sql_transactions(
    sessions: Callable[[], Session],
) -> Callable[[], AbstractContextManager[SqlStore]]:
    """``with transaction() as store``: one session and transaction, committed on success."""

    @contextmanager
    def transaction() -> Iterator[SqlStore]:
        with sessions() as session, session.begin():
            yield SqlStore(session)

    return transaction
