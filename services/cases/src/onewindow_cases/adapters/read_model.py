"""The read model: the hand-written fast queries of ``read_sql`` bound to one unit of work's
session, behind the ``ReadModel`` port."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from onewindow_cases.adapters import read_sql as q
from onewindow_cases.service_layer.read_model import QueueFilter, Row, Scope, SearchScope


class SqlReadModel:
    """``ReadModel`` over PostgreSQL."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def parts_summaries(self, bundle_ids: Sequence[str]) -> list[Row]:
        """Summaries of the parts of several bundles (in part order)."""
        return q.parts_summaries(self._s, bundle_ids)

    def citizen_page(
        self, applicant_id: str, open_only: bool, after: tuple | None, limit: int,
        service_types: Scope = None,
    ) -> list[Row]:  # fmt: skip
        """A citizen's own cases, newest first (only ``service_types`` when given)."""
        return q.citizen_page(self._s, applicant_id, open_only, after, limit, service_types)

    def bundles_page(
        self, applicant_id: str, after: tuple | None, limit: int, service_types: Scope = None
    ) -> list[Row]:
        """A citizen's bundles, newest first (all parts of ``service_types`` when given)."""
        return q.bundles_page(self._s, applicant_id, after, limit, service_types)

    def queue_page(self, f: QueueFilter, after: tuple | None, limit: int) -> list[Row]:
        """A department's queue, earliest due first."""
        return q.queue_page(self._s, f, after, limit)

    def search_page(
        self, scope: SearchScope, terms: dict[str, str], after: tuple | None, limit: int
    ) -> list[Row]:
        """Staff search (newest first)."""
        return q.search_page(self._s, scope, terms, after, limit)

    def access_log_page(
        self, applicant_id: str, case_id: str, after_id: int | None, limit: int,
        service_types: Scope = None,
    ) -> list[Row]:  # fmt: skip
        """Reads of a citizen's cases by staff, newest first (cases of ``service_types``)."""
        return q.access_log_page(self._s, applicant_id, case_id, after_id, limit, service_types)

    def follow_up_page(
        self, department: str, open_only: bool, after: tuple | None, limit: int
    ) -> list[Row]:
        """A department's follow-up tasks, newest first."""
        return q.follow_up_page(self._s, department, open_only, after, limit)

    def rating_summary(self, group_by: str, department: str) -> list[Row]:
        """Count, average and distribution of scores per group."""
        return q.rating_summary(self._s, group_by, department)

    def follow_ups_due_for_alert(self, today: date, batch: int) -> list[Row]:
        """Open follow-up tasks past their due date, not alerted yet."""
        return q.follow_ups_due_for_alert(self._s, today, batch)

    def due_for_alert(self, threshold: str, today: date, batch: int) -> list[Row]:
        """Running cases past a threshold that were not alerted for it yet."""
        return q.due_for_alert(self._s, threshold, today, batch)
