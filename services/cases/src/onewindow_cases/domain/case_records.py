"""Value objects around a case: the time a command runs at, history lines, status changes,
supplement requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from onewindow_cases.domain.calendar import WorkingCalendar
from onewindow_cases.domain.deadline import DEFAULT_WARN_PERCENT
from onewindow_kit.principal import Principal


@dataclass(frozen=True)
class Now:
    """The time a command runs at, and the calendar its working days are counted in."""

    at: datetime
    today: date
    calendar: WorkingCalendar
    warn_percent: int = DEFAULT_WARN_PERCENT


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a case's history."""

    action: str
    from_status: str
    to_status: str
    reason: str
    at: datetime
    actor_subject: str
    actor_kind: str
    actor_department: str = ""
    actor_office: str = ""
    acting_for: str = ""

    @classmethod
    def by(
        cls, principal: Principal, action: str, frm: str, to: str, reason: str, at: datetime
    ) -> HistoryEntry:
        """An entry made by ``principal``."""
        kind = "system" if principal.subject == "cases-system" else principal.kind
        return cls(
            action, frm, to, reason, at, principal.subject, kind,
            principal.department, principal.office, principal.acting_for,
        )  # fmt: skip


@dataclass(frozen=True)
class StatusChange:
    """What a command did to the status (the service layer turns it into events)."""

    action: str
    from_status: str
    to_status: str
    reason: str = ""


@dataclass
class Supplement:
    """A request for more information; the clock pauses until the applicant answers."""

    id: str
    case_id: str
    reason: str
    requested_document_types: list[str]
    requested_at: datetime
    requested_by: str
    resume_status: str
    provided_at: datetime | None = None
    provided_document_ids: list[str] = field(default_factory=list)
