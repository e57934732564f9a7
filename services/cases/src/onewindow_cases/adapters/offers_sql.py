"""Offers on PostgreSQL (table ``offers``, migration 0004) and the offers' units of work: one
over the kit's transaction with the outbox (RPCs, scanner), one inside the kit consumer's
session (the ``offers`` process, deduplicated by the kit)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import datetime
from functools import lru_cache
from types import TracebackType
from typing import Any

from sqlalchemy import Column, DateTime, Integer, MetaData, Table, Text, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID, insert
from sqlalchemy.orm import Session

from onewindow_cases.adapters.repository import row_to_case
from onewindow_cases.adapters.tables import SCHEMA, bundles, cases
from onewindow_cases.domain.case import Case
from onewindow_cases.domain.offer import OFFERED, Offer
from onewindow_kit.db import UnitOfWork, driver_rows
from onewindow_kit.errors import Aborted
from onewindow_kit.outbox import Outbox, PendingEvent

_TEXTS = (
    "rule", "person_id", "trigger_event", "trigger_event_id", "trigger_case_id", "service_type",
    "bundle_type", "state", "decided_by", "reason", "case_id", "case_number", "bundle_id",
)  # fmt: skip


def offers_table(schema: str = SCHEMA) -> Table:
    """The offers table of ``schema``."""
    return Table(
        "offers",
        MetaData(schema=schema),
        Column("id", UUID(as_uuid=False), primary_key=True),
        *[Column(n, Text, nullable=False) for n in _TEXTS],
        *[Column(n, JSONB, nullable=False) for n in ("title", "prefill", "documents")],
        Column("person_fields", JSONB, nullable=False),
        Column("missing_fields", ARRAY(Text), nullable=False),
        Column("missing_documents", ARRAY(Text), nullable=False),
        Column("offered_at", DateTime(timezone=True), nullable=False),
        Column("expires_at", DateTime(timezone=True), nullable=False),
        Column("decided_at", DateTime(timezone=True)),
        Column("catalogue_version", Integer, nullable=False),
        Column("version", Integer, nullable=False),
    )


offers = offers_table()
_FIELDS = tuple(f.name for f in fields(Offer))
# One compiled statement for every insert; SQLAlchemy sends many rows as one multi-row INSERT
# (insertmanyvalues), the ids of the rows actually inserted come back.
_ADD = insert(offers).on_conflict_do_nothing(constraint="uq_offers_trigger").returning(offers.c.id)


_COLUMNS = ", ".join("id::text AS id" if name == "id" else name for name in _FIELDS)


@lru_cache(maxsize=8)
def _of_person_sql(schema: str, open_only: bool) -> str:
    state = " AND state = %(offered)s" if open_only else ""
    return (
        f'SELECT {_COLUMNS} FROM "{schema}".offers WHERE person_id = %(person)s{state} '
        "ORDER BY offered_at DESC, id LIMIT %(limit)s"
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _row(offer: Offer) -> dict[str, Any]:
    return {name: getattr(offer, name) for name in _FIELDS}


def _offer(row: Any) -> Offer:
    m = row._mapping
    return Offer(**{name: m[name] for name in _FIELDS})


class SqlOfferRepository:
    """Offers of one session."""

    def __init__(self, session: Session, schema: str = SCHEMA) -> None:
        self.session = session
        self._schema = schema
        self._wallets = text(
            "SELECT c.applicant_id, d->>'document_type', d->>'document_id' "
            f'FROM "{schema}".cases c CROSS JOIN LATERAL jsonb_array_elements(c.documents) d '
            "WHERE c.applicant_id = ANY(:people) AND coalesce(d->>'document_id', '') <> '' "
            "ORDER BY c.created_at, c.id"
        )

    def add(self, offers_: Sequence[Offer]) -> set[str]:
        """Insert in one statement; the ids inserted (an offer whose rule, person and
        triggering event already have one is left out)."""
        if not offers_:
            return set()
        rows = self.session.execute(_ADD, [_row(o) for o in offers_]).scalars()
        return {str(i) for i in rows}

    def get(self, offer_id: str, *, lock: bool = False) -> Offer | None:
        """The offer, or None."""
        query = select(offers).where(offers.c.id == offer_id)
        if lock:
            query = query.with_for_update()
        row = self.session.execute(query).first()
        return _offer(row) if row else None

    def save(self, offer: Offer, expected_version: int) -> None:
        """Write a changed offer unless someone changed it first (then Aborted)."""
        values = {k: v for k, v in _row(offer).items() if k != "id"}
        result = self.session.execute(
            update(offers)
            .where(offers.c.id == offer.id, offers.c.version == expected_version)
            .values(**values)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise Aborted("the offer was changed meanwhile; reload it and try again")

    def of_person(self, person_id: str, *, open_only: bool, limit: int) -> list[Offer]:
        """A person's offers, newest first (index ix_offers_person). Straight to the driver:
        a dashboard read, where building the statement cost more than running it."""
        params = {"person": person_id, "offered": OFFERED, "limit": limit}
        sql = _of_person_sql(self._schema, open_only)
        return [Offer(**r) for r in driver_rows(self.session, sql, params)]

    def lapsed(self, now: datetime, limit: int) -> list[Offer]:
        """Open offers past their expiry, locked; rows another scanner holds are skipped."""
        query = (
            select(offers)
            .where(offers.c.state == OFFERED, offers.c.expires_at <= now)
            .order_by(offers.c.expires_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [_offer(r) for r in self.session.execute(query)]

    def wallets(self, person_ids: Sequence[str]) -> dict[str, dict[str, str]]:
        """Per person: document type -> the newest document id of that type in their cases."""
        out: dict[str, dict[str, str]] = {}
        if person_ids:
            for person, doc_type, doc_id in self.session.execute(
                self._wallets, {"people": list(person_ids)}
            ):
                out.setdefault(str(person), {})[str(doc_type)] = str(doc_id)
        return out

    def triggering_cases(self, case_ids: Sequence[str]) -> dict[str, tuple[Case, str]]:
        """The cases by id, with their bundle type."""
        if not case_ids:
            return {}
        query = (
            select(cases, bundles.c.bundle_type)
            .outerjoin(bundles, bundles.c.id == cases.c.bundle_id)
            .where(cases.c.id.in_([i for i in case_ids if _is_uuid(i)]))
        )
        return {
            str(row.id): (row_to_case(row), row.bundle_type or "")
            for row in self.session.execute(query)
        }


class SqlOffersUnitOfWork:
    """Over the kit's unit of work (its transaction and outbox)."""

    def __init__(self, inner: UnitOfWork) -> None:
        self._inner = inner

    def __enter__(self) -> SqlOffersUnitOfWork:
        self._inner.__enter__()
        s = self._inner.session
        self.offers = SqlOfferRepository(s)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:  # fmt: skip
        self._inner.__exit__(exc_type, exc, tb)

    def emit(self, event: PendingEvent) -> None:
        """Queue an event for the outbox of this transaction."""
        self._inner.emit(event)

    def commit(self) -> None:
        """Commit the change and its events together."""
        self._inner.commit()


def offers_uow_factory(factory: Callable[[], UnitOfWork]) -> Callable[[], SqlOffersUnitOfWork]:
    """Wrap the kit's unit-of-work factory."""
    return lambda: SqlOffersUnitOfWork(factory())


class ConsumerOffersUnit:
    """Inside the kit consumer's transaction: ``commit`` writes the outbox rows into it and the
    consumer commits them with its dedupe row."""

    def __init__(self, session: Session, outbox: Outbox) -> None:
        self._session, self._outbox = session, outbox
        self._pending: list[PendingEvent] = []
        self.offers = SqlOfferRepository(session)

    def __enter__(self) -> ConsumerOffersUnit:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pending = []

    def emit(self, event: PendingEvent) -> None:
        """Queue an event."""
        self._pending.append(event)

    def commit(self) -> None:
        """Write the queued events into the consumer's transaction (one multi-row INSERT: a
        batch of events makes hundreds of offers)."""
        if self._pending:
            rows = [self._outbox.row(event) for event in self._pending]
            self._session.execute(insert(self._outbox.table).values(rows))
        self._pending = []
