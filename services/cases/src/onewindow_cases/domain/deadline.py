"""The statutory clock of one case: start, time limit, pauses, one extension."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

from onewindow_cases.domain.calendar import WorkingCalendar
from onewindow_kit.errors import FailedPrecondition, InvalidArgument

RUNNING, PAUSED, WAITING, STOPPED = "running", "paused", "waiting", "stopped"
DEFAULT_WARN_PERCENT = 80


@dataclass(frozen=True)
class Deadline:
    """Working days are counted after ``start_date``; pauses push the due date back.

    A pause from day P to day R takes the working days in (P, R] off the clock: the day the
    applicant was asked still counts, the day they answered does not.
    """

    time_limit_days: int
    start_date: date | None = None  # None while the case waits for an earlier bundle part
    extension_days: int = 0
    extension_reason: str = ""
    paused_days: int = 0
    paused_since: date | None = None
    stopped: bool = False

    @property
    def allowed_days(self) -> int:
        """The time limit plus any extension."""
        return self.time_limit_days + self.extension_days

    @property
    def state(self) -> str:
        """running | paused | waiting | stopped."""
        if self.stopped:
            return STOPPED
        if self.start_date is None:
            return WAITING
        if self.paused_since is not None:
            return PAUSED
        return RUNNING

    def due_date(self, calendar: WorkingCalendar) -> date | None:
        """Last working day to decide on (pauses so far included); None while waiting."""
        if self.start_date is None:
            return None
        return calendar.add_working_days(self.start_date, self.allowed_days + self.paused_days)

    def warn_date(
        self, calendar: WorkingCalendar, percent: int = DEFAULT_WARN_PERCENT
    ) -> date | None:
        """The day on which ``percent`` of the allowed working days have been used."""
        if self.start_date is None:
            return None
        used = max(1, math.ceil(self.allowed_days * percent / 100))
        return calendar.add_working_days(self.start_date, used + self.paused_days)

    def elapsed_days(self, calendar: WorkingCalendar, today: date) -> int:
        """Working days used so far (pauses excluded)."""
        if self.start_date is None:
            return 0
        until = min(today, self.paused_since) if self.paused_since else today
        return max(0, calendar.working_days_between(self.start_date, until) - self.paused_days)

    def start(self, today: date) -> Deadline:
        """Start the clock (a waiting bundle part whose prerequisite is decided)."""
        return replace(self, start_date=today)

    def pause(self, today: date) -> Deadline:
        """Stop counting from today (supplement requested, case suspended)."""
        if self.paused_since is not None or self.stopped:
            return self
        return replace(self, paused_since=today)

    def resume(self, calendar: WorkingCalendar, today: date) -> Deadline:
        """Count again; the paused working days move the due date."""
        if self.paused_since is None:
            return self
        paused = calendar.working_days_between(self.paused_since, today)
        return replace(self, paused_days=self.paused_days + paused, paused_since=None)

    def stop(self, calendar: WorkingCalendar, today: date) -> Deadline:
        """Decided or withdrawn: the clock no longer runs."""
        return replace(self.resume(calendar, today), stopped=True)

    def extend(self, days: int, reason: str, *, allowed: bool, max_days: int) -> Deadline:
        """The one extension a service type may allow."""
        if not allowed:
            raise FailedPrecondition("this service type does not allow extending the time limit")
        if self.extension_days:
            raise FailedPrecondition(
                f"the time limit was already extended by {self.extension_days} working days"
            )
        if self.stopped:
            raise FailedPrecondition("the case is decided; its clock no longer runs")
        if not reason.strip():
            raise InvalidArgument("reason", "an extension needs a reason")
        if days < 1 or days > max_days:
            raise InvalidArgument("working_days", f"must be between 1 and {max_days}")
        return replace(self, extension_days=days, extension_reason=reason.strip())
