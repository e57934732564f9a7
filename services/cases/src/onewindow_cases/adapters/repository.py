"""Cases, their history and supplements, and bundles: rows ↔ domain objects, with optimistic
concurrency on every case change."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from onewindow_cases.adapters.tables import (
    CASE_COLUMNS,
    bundles,
    case_history,
    cases,
    supplements,
)
from onewindow_cases.domain.case import Case, HistoryEntry, Supplement
from onewindow_kit.errors import Aborted

HISTORY_FIELDS = (
    "action", "from_status", "to_status", "reason", "at", "actor_subject", "actor_kind",
    "actor_department", "actor_office", "acting_for",
)  # fmt: skip
_MUTABLE = tuple(c for c in CASE_COLUMNS if c not in ("id", "case_number", "created_at"))


def case_row(case: Case) -> dict[str, Any]:
    """The row of a case."""
    return {name: getattr(case, name) for name in CASE_COLUMNS}


def row_to_case(row: Any) -> Case:
    """A case from a row of the cases table."""
    m = row._mapping
    return Case(**{name: m[name] for name in CASE_COLUMNS})


def _history_rows(case: Case) -> list[dict[str, Any]]:
    return [
        {"case_id": case.id, **{f: getattr(h, f) for f in HISTORY_FIELDS}} for h in case.new_history
    ]


class CaseRepository:
    """Cases of one unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, case: Case) -> None:
        """Insert a new case and its first history lines."""
        self.session.execute(insert(cases), [case_row(case)])
        self._flush_history(case)

    def add_many(self, new_cases: Sequence[Case]) -> None:
        """Insert several cases (bundle parts) in one statement."""
        self.session.execute(insert(cases), [case_row(c) for c in new_cases])
        rows = [r for c in new_cases for r in _history_rows(c)]
        if rows:
            self.session.execute(insert(case_history), rows)
        for c in new_cases:
            c.new_history.clear()

    def get(self, case_id: str, *, lock: bool = False) -> Case | None:
        """The case, or None."""
        query = select(cases).where(cases.c.id == case_id)
        if lock:
            query = query.with_for_update()
        row = self.session.execute(query).first()
        return row_to_case(row) if row else None

    def get_by_number(self, case_number: str) -> Case | None:
        """The case with this human-readable number, or None."""
        row = self.session.execute(select(cases).where(cases.c.case_number == case_number)).first()
        return row_to_case(row) if row else None

    def save(self, case: Case, expected_version: int) -> None:
        """Write a changed case unless someone else changed it first (then Aborted)."""
        values = {name: getattr(case, name) for name in _MUTABLE}
        result = self.session.execute(
            update(cases)
            .where(cases.c.id == case.id, cases.c.version == expected_version)
            .values(**values)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise Aborted(
                f"case {case.case_number} was changed by someone else meanwhile; "
                "reload it and try again"
            )
        self._flush_history(case)

    def _flush_history(self, case: Case) -> None:
        rows = _history_rows(case)
        if rows:
            self.session.execute(insert(case_history), rows)
        case.new_history.clear()

    def history(self, case_id: str) -> list[HistoryEntry]:
        """The case's history, oldest first."""
        rows = self.session.execute(
            select(*[case_history.c[f] for f in HISTORY_FIELDS])
            .where(case_history.c.case_id == case_id)
            .order_by(case_history.c.id)
        )
        return [HistoryEntry(**dict(r._mapping)) for r in rows]

    def parts_of(self, bundle_id: str) -> list[Case]:
        """A bundle's parts in order."""
        rows = self.session.execute(
            select(cases).where(cases.c.bundle_id == bundle_id).order_by(cases.c.bundle_part)
        )
        return [row_to_case(r) for r in rows]


class SupplementRepository:
    """Supplement requests of one unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, s: Supplement) -> None:
        """Record a new request."""
        self.session.execute(
            insert(supplements),
            [
                {
                    "id": s.id, "case_id": s.case_id, "reason": s.reason,
                    "requested_document_types": s.requested_document_types,
                    "requested_at": s.requested_at, "requested_by": s.requested_by,
                    "resume_status": s.resume_status, "provided_at": s.provided_at,
                    "provided_document_ids": s.provided_document_ids,
                }
            ],
        )  # fmt: skip

    def open_for(self, case_id: str) -> Supplement | None:
        """The unanswered request of a case, if any."""
        row = self.session.execute(
            select(supplements)
            .where(supplements.c.case_id == case_id, supplements.c.provided_at.is_(None))
            .order_by(supplements.c.requested_at.desc())
            .limit(1)
        ).first()
        return Supplement(**dict(row._mapping)) if row else None

    def answer(self, s: Supplement) -> None:
        """Store the applicant's answer."""
        self.session.execute(
            update(supplements)
            .where(supplements.c.id == s.id)
            .values(provided_at=s.provided_at, provided_document_ids=s.provided_document_ids)
        )

    def of_case(self, case_id: str) -> list[Supplement]:
        """Every request of a case, oldest first."""
        rows = self.session.execute(
            select(supplements)
            .where(supplements.c.case_id == case_id)
            .order_by(supplements.c.requested_at)
        )
        return [Supplement(**dict(r._mapping)) for r in rows]


class BundleRepository:
    """Bundles of one unit of work (rows as mappings: a bundle has no behaviour of its own)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: dict[str, Any]) -> None:
        """Insert a bundle."""
        self.session.execute(insert(bundles), [row])

    def get(self, bundle_id: str, *, lock: bool = False) -> dict[str, Any] | None:
        """The bundle row, optionally locked (completion is decided under the lock)."""
        query = select(bundles).where(bundles.c.id == bundle_id)
        if lock:
            query = query.with_for_update()
        row = self.session.execute(query).first()
        return dict(row._mapping) if row else None

    def complete(self, bundle_id: str, outcome: str, at: datetime) -> None:
        """Mark the bundle completed."""
        self.session.execute(
            update(bundles)
            .where(bundles.c.id == bundle_id)
            .values(state="completed", outcome=outcome, completed_at=at)
        )
