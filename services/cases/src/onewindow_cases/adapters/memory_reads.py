"""The read model over the in-memory store (the fake of ``SqlReadModel``): the same filters,
orders and keyset pages, computed in Python."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from onewindow_cases.adapters.memory import SUMMARY_FIELDS, Store
from onewindow_cases.domain.case import Case
from onewindow_cases.service_layer.read_model import (
    FOLLOW_UP_OVERDUE,
    QueueFilter,
    Row,
    Scope,
    SearchScope,
)


def summary(case: Case, *extra: str) -> Row:
    """A case's summary row (as the SQL read model returns it)."""
    return {name: getattr(case, name) for name in (*SUMMARY_FIELDS, *extra)}


def _page(
    rows: Iterable[Row], key: Callable[[Row], tuple], after: tuple | None, limit: int,
    descending: bool,
) -> list[Row]:  # fmt: skip
    ordered = sorted(rows, key=key, reverse=descending)
    if after is not None:
        beyond = (lambda r: key(r) < after) if descending else (lambda r: key(r) > after)
        ordered = [r for r in ordered if beyond(r)]
    return ordered[:limit]


def _newest(r: Row) -> tuple:
    return (r["created_at"], str(r["id"]))


class InMemoryReadModel:
    """``ReadModel`` over a ``Store``."""

    def __init__(self, store: Store) -> None:
        self.s = store

    def _summaries(self, keep: Callable[[Case], bool]) -> list[Row]:
        return [summary(c) for c in self.s.cases.values() if keep(c)]

    def parts_summaries(self, bundle_ids: Sequence[str]) -> list[Row]:
        """Summaries of the parts of several bundles (in part order)."""
        parts = [c for c in self.s.cases.values() if c.bundle_id in set(bundle_ids)]
        parts.sort(key=lambda c: (c.bundle_id or "", c.bundle_part))
        return [summary(c, "bundle_part", "decision") for c in parts]

    def citizen_page(
        self, applicant_id: str, open_only: bool, after: tuple | None, limit: int,
        service_types: Scope = None,
    ) -> list[Row]:  # fmt: skip
        """A citizen's own cases, newest first (only ``service_types`` when given)."""
        rows = self._summaries(
            lambda c: (
                c.applicant_id == applicant_id
                and not (open_only and c.clock == "stopped")
                and (service_types is None or c.service_type in service_types)
            )
        )
        return _page(rows, _newest, after, limit, descending=True)

    def bundles_page(
        self, applicant_id: str, after: tuple | None, limit: int, service_types: Scope = None
    ) -> list[Row]:
        """A citizen's bundles, newest first (all parts of ``service_types`` when given)."""

        def covered(bundle_id: str) -> bool:
            return service_types is None or all(
                c.service_type in service_types
                for c in self.s.cases.values()
                if c.bundle_id == bundle_id
            )

        rows = [
            dict(b) for b in self.s.bundles.values()
            if b["applicant_id"] == applicant_id and covered(b["id"])
        ]  # fmt: skip
        return _page(rows, _newest, after, limit, descending=True)

    def queue_page(self, f: QueueFilter, after: tuple | None, limit: int) -> list[Row]:
        """A department's queue, earliest due first."""

        def keep(c: Case) -> bool:
            return (
                c.responsible_department == f.department and c.status in f.statuses
                and (not f.service_types or c.service_type in f.service_types)
                and (not f.receiving_office or c.receiving_office == f.receiving_office)
                and (f.due_on_or_before is None
                     or (c.due_date is not None and c.due_date <= f.due_on_or_before))
                and (f.assignee is None or c.assignee == f.assignee)
            )  # fmt: skip

        def key(r: Row) -> tuple:
            return (r["due_date"] or date.max, str(r["id"]))

        return _page(self._summaries(keep), key, after, limit, descending=False)

    def search_page(
        self, scope: SearchScope, terms: dict[str, str], after: tuple | None, limit: int
    ) -> list[Row]:
        """Staff search (newest first)."""

        def keep(c: Case) -> bool:
            if any(v and getattr(c, k) != v for k, v in terms.items()):
                return False
            offices = {c.receiving_office, c.delivery_office} if scope.office else set()
            return (
                scope.everything
                or c.responsible_department == scope.department
                or (scope.office in offices)
            )

        return _page(self._summaries(keep), _newest, after, limit, descending=True)

    def access_log_page(
        self, applicant_id: str, case_id: str, after_id: int | None, limit: int,
        service_types: Scope = None,
    ) -> list[Row]:  # fmt: skip
        """Reads of a citizen's cases by staff, newest first (cases of ``service_types``)."""

        def covered(row: Row) -> bool:
            case = self.s.cases.get(str(row["case_id"]))
            return service_types is None or (
                case is not None and case.service_type in service_types
            )

        rows = [
            r for r in self.s.access_log
            if r["applicant_id"] == applicant_id and (not case_id or r["case_id"] == case_id)
            and (after_id is None or r["id"] < after_id) and covered(r)
        ]  # fmt: skip
        return sorted(rows, key=lambda r: -r["id"])[:limit]

    def follow_up_page(
        self, department: str, open_only: bool, after: tuple | None, limit: int
    ) -> list[Row]:
        """A department's follow-up tasks, newest first."""
        rows = [
            dict(t) for t in self.s.tasks.values()
            if t["department"] == department and not (open_only and t["state"] != "open")
        ]  # fmt: skip
        return _page(rows, _newest, after, limit, descending=True)

    def rating_summary(self, group_by: str, department: str) -> list[Row]:
        """Count, average and distribution of scores per group."""
        groups: dict[str, list[int]] = {}
        for r in self.s.ratings.values():
            if not department or r["department"] == department:
                groups.setdefault(r[group_by], []).append(r["score"])
        out: list[Row] = []
        for key in sorted(groups):
            scores = groups[key]
            row: dict[str, Any] = {"key": key, "count": len(scores)}
            row["average"] = Decimal(sum(scores)) / len(scores)
            row.update({f"s{s}": scores.count(s) for s in range(1, 6)})
            out.append(row)
        return out

    def follow_ups_due_for_alert(self, today: date, batch: int) -> list[Row]:
        """Open follow-up tasks past their due date, not alerted yet."""
        rows = [
            dict(t) for t in self.s.tasks.values()
            if t["state"] == "open" and t.get("due_date") is not None and t["due_date"] < today
            and (str(t["case_id"]), FOLLOW_UP_OVERDUE) not in self.s.alerts
        ]  # fmt: skip
        return sorted(rows, key=lambda t: (t["due_date"], t["id"]))[:batch]

    def due_for_alert(self, threshold: str, today: date, batch: int) -> list[Row]:
        """Running cases past a threshold that were not alerted for it yet."""
        column = "warn_date" if threshold == "approaching" else "due_date"

        def reached(c: Case) -> bool:
            day = getattr(c, column)
            return day is not None and (day <= today if column == "warn_date" else day < today)

        found = [
            c for c in self.s.cases.values()
            if c.clock == "running" and reached(c) and (c.id, threshold) not in self.s.alerts
        ]  # fmt: skip
        found.sort(key=lambda c: getattr(c, column))
        return [summary(c, "time_limit_days", "extension_days") for c in found[:batch]]
