"""Small records: catalogue versions, idempotency keys, deadline alerts, ratings, follow-up tasks
and the access log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from onewindow_cases.adapters.tables import (
    access_log,
    catalogue_versions,
    deadline_alerts,
    follow_up_tasks,
    idempotency_keys,
    ratings,
)
from onewindow_cases.service_layer.ports import IdempotencyRecord


class CatalogueRepository:
    """Catalogue versions (the YAML source is kept; parsed versions are cached in memory)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def next_version(self) -> int:
        """Serialise loads, then the next version number."""
        self.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(current_database() || '.cases.catalogue'))")
        )
        current = self.session.execute(select(func.max(catalogue_versions.c.version))).scalar()
        return int(current or 0) + 1

    def add(self, row: dict[str, Any]) -> None:
        """Store a loaded (draft) version."""
        self.session.execute(insert(catalogue_versions), [row])

    def get(self, version: int) -> dict[str, Any] | None:
        """One version's row (with its source)."""
        row = self.session.execute(
            select(catalogue_versions).where(catalogue_versions.c.version == version)
        ).first()
        return dict(row._mapping) if row else None

    def published_version(self) -> int | None:
        """The version new applications use."""
        return self.session.execute(
            select(catalogue_versions.c.version).where(catalogue_versions.c.state == "published")
        ).scalar()

    def find_by_checksum(self, checksum: str) -> int | None:
        """A version loaded from the same source, if any."""
        return self.session.execute(
            select(catalogue_versions.c.version)
            .where(catalogue_versions.c.checksum == checksum)
            .order_by(catalogue_versions.c.version.desc())
            .limit(1)
        ).scalar()

    def publish(self, version: int, by: str, at: datetime) -> None:
        """Retire the published version and publish ``version``."""
        self.session.execute(
            update(catalogue_versions)
            .where(catalogue_versions.c.state == "published")
            .values(state="retired")
        )
        self.session.execute(
            update(catalogue_versions)
            .where(catalogue_versions.c.version == version)
            .values(state="published", published_at=at, published_by=by)
        )

    def all(self) -> list[dict[str, Any]]:
        """Every version, newest first (without sources)."""
        cols = [c for c in catalogue_versions.c if c.name != "source"]
        rows = self.session.execute(select(*cols).order_by(catalogue_versions.c.version.desc()))
        return [dict(r._mapping) for r in rows]


class IdempotencyRepository:
    """Client keys: the first request wins; a replay returns its result."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def lookup(self, subject: str, key: str) -> IdempotencyRecord | None:
        """What the key was used for, if anything (read only)."""
        k = idempotency_keys.c
        row = self.session.execute(
            select(k.kind, k.fingerprint, k.target_id).where(
                k.subject == subject, k.client_key == key
            )
        ).first()
        return IdempotencyRecord(row.kind, row.fingerprint, str(row.target_id)) if row else None

    def claim(
        self, subject: str, key: str, kind: str, fingerprint: str, target_id: str, at: datetime
    ) -> IdempotencyRecord | None:
        """None when this request is the first with the key; else what the key was used for.

        A concurrent first use of the same key blocks here until that transaction ends.
        """
        inserted = self.session.execute(
            pg_insert(idempotency_keys)
            .values(
                subject=subject,
                client_key=key,
                kind=kind,
                fingerprint=fingerprint,
                target_id=target_id,
                created_at=at,
            )
            .on_conflict_do_nothing()
            .returning(idempotency_keys.c.subject)
        ).first()
        if inserted is not None:
            return None
        found = self.lookup(subject, key)
        assert found is not None, "the conflicting key is committed"
        return found


class AlertRepository:
    """Deadline alerts: one row per (case, threshold) makes each alert happen once."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self, items: Sequence[tuple[str, date | None]], threshold: str, at: datetime
    ) -> set[str]:
        """Insert alerts; returns the case ids that had none yet."""
        if not items:
            return set()
        rows = [
            {"case_id": cid, "threshold": threshold, "due_date": due, "alerted_at": at}
            for cid, due in items
        ]
        result = self.session.execute(
            pg_insert(deadline_alerts).values(rows).on_conflict_do_nothing()
            .returning(deadline_alerts.c.case_id)
        )  # fmt: skip
        return {str(r[0]) for r in result}


class RatingRepository:
    """Ratings and the follow-up tasks low ratings open."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def exists(self, case_id: str) -> bool:
        """True when the case was rated already."""
        found = self.session.execute(select(ratings.c.case_id).where(ratings.c.case_id == case_id))
        return found.first() is not None

    def add(self, row: dict[str, Any]) -> bool:
        """Insert a rating; False when the case was rated meanwhile."""
        result = self.session.execute(
            pg_insert(ratings).values(**row).on_conflict_do_nothing().returning(ratings.c.case_id)
        )
        return result.first() is not None

    def add_task(self, row: dict[str, Any]) -> None:
        """Open a follow-up task."""
        self.session.execute(insert(follow_up_tasks), [row])

    def task(self, task_id: str, *, lock: bool = False) -> dict[str, Any] | None:
        """One follow-up task."""
        query = select(follow_up_tasks).where(follow_up_tasks.c.id == task_id)
        row = self.session.execute(query.with_for_update() if lock else query).first()
        return dict(row._mapping) if row else None

    def resolve(self, task_id: str, by: str, resolution: str, at: datetime) -> None:
        """Close a follow-up task."""
        self.session.execute(
            update(follow_up_tasks)
            .where(follow_up_tasks.c.id == task_id)
            .values(state="done", resolved_by=by, resolution=resolution, resolved_at=at)
        )


class AccessLogRepository:
    """Who read which case, when and why."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, rows: Sequence[dict[str, Any]]) -> None:
        """Record reads."""
        if rows:
            self.session.execute(insert(access_log), list(rows))
