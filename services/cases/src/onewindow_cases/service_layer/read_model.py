"""The read side as the service layer sees it: page queries, summaries and aggregates as rows
(``adapters/read_model.py`` answers them from PostgreSQL, ``adapters/memory_reads.py`` from the
in-memory store)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

Row = dict[str, Any]
# A representative's narrowing: the service types their mandate covers; None: no narrowing.
Scope = frozenset[str] | None
# The alert "threshold" that makes follow_up_overdue happen once per follow-up task (one per case).
FOLLOW_UP_OVERDUE = "follow_up_overdue"


@dataclass(frozen=True)
class QueueFilter:
    """A department's queue: statuses (required), and optional narrowing filters."""

    department: str
    statuses: Sequence[str]
    service_types: Sequence[str] = ()
    receiving_office: str = ""
    due_on_or_before: date | None = None
    assignee: str | None = None  # a subject; "" means unassigned; None means anyone


@dataclass(frozen=True)
class SearchScope:
    """Which cases a staff member may find: their department's, their office's, or all."""

    department: str = ""
    office: str = ""
    everything: bool = False


class ReadModel(Protocol):
    """The read side: pages (keyset pagination), summaries and aggregates, as rows."""

    def parts_summaries(self, bundle_ids: Sequence[str]) -> list[Row]:
        """Summaries of the parts of several bundles (in part order)."""
        ...

    def citizen_page(
        self, applicant_id: str, open_only: bool, after: tuple | None, limit: int,
        service_types: Scope = None,
    ) -> list[Row]:  # fmt: skip
        """A citizen's own cases, newest first (only ``service_types`` when given)."""
        ...

    def bundles_page(
        self, applicant_id: str, after: tuple | None, limit: int, service_types: Scope = None
    ) -> list[Row]:
        """A citizen's bundles, newest first (only those whose parts are all of
        ``service_types`` when given)."""
        ...

    def queue_page(self, f: QueueFilter, after: tuple | None, limit: int) -> list[Row]:
        """A department's queue, earliest due first."""
        ...

    def search_page(
        self, scope: SearchScope, terms: dict[str, str], after: tuple | None, limit: int
    ) -> list[Row]:
        """Staff search (newest first)."""
        ...

    def access_log_page(
        self, applicant_id: str, case_id: str, after_id: int | None, limit: int,
        service_types: Scope = None,
    ) -> list[Row]:  # fmt: skip
        """Reads of a citizen's cases by staff, newest first (only of cases of
        ``service_types`` when given)."""
        ...

    def follow_up_page(
        self, department: str, open_only: bool, after: tuple | None, limit: int
    ) -> list[Row]:
        """A department's follow-up tasks, newest first."""
        ...

    def rating_summary(self, group_by: str, department: str) -> list[Row]:
        """Count, average and distribution of scores per group."""
        ...

    def follow_ups_due_for_alert(self, today: date, batch: int) -> list[Row]:
        """Open follow-up tasks whose due date is before ``today`` and that were not alerted."""
        ...

    def due_for_alert(self, threshold: str, today: date, batch: int) -> list[Row]:
        """Running cases past a threshold that were not alerted for it yet."""
        ...
