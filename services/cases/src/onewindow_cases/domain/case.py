"""A case: one application to one department, moved through its service type's workflow."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from onewindow_cases.domain.access import authorize_transition, require_department_role
from onewindow_cases.domain.case_records import HistoryEntry, Now, StatusChange, Supplement
from onewindow_cases.domain.catalogue import (
    APPROVED,
    CLOSED,
    COMMAND_KINDS,
    REJECTED,
    SUPPLEMENT,
    WITHDRAWN,
    Catalogue,
    ServiceType,
    Status,
    Transition,
    Workflow,
)
from onewindow_cases.domain.deadline import RUNNING, STOPPED, Deadline

__all__ = ["Case", "HistoryEntry", "Now", "StatusChange", "Supplement"]
from onewindow_kit.errors import Aborted, FailedPrecondition, InvalidArgument
from onewindow_kit.principal import Principal

ANNULLED = "decision_annulled"  # the history action of an annulment
MAX_ANNULMENT_REASON = 2000


@dataclass
class Case:
    """Field names match the table's columns."""

    id: str
    case_number: str
    catalogue_version: int
    service_type: str
    responsible_department: str
    receiving_office: str
    delivery_office: str
    channel: str
    applicant_id: str
    submitted_by: str
    status: str
    form: dict[str, Any]
    documents: list[dict[str, str]]
    time_limit_days: int
    start_date: date | None
    created_at: datetime
    updated_at: datetime
    extension_days: int = 0
    extension_reason: str = ""
    paused_days: int = 0
    paused_since: date | None = None
    clock: str = RUNNING
    due_date: date | None = None
    warn_date: date | None = None
    bundle_id: str | None = None
    bundle_part: int = 0
    waiting_for_case_id: str | None = None
    assignee: str = ""
    external_reference: str = ""
    decision: str = ""
    decision_reason: str = ""
    decided_at: datetime | None = None
    decided_by: str = ""
    certificate_type: str = ""
    version: int = 1
    new_history: list[HistoryEntry] = field(default_factory=list, repr=False)

    # ------------------------------------------------------------------ clock

    @property
    def deadline(self) -> Deadline:
        """The statutory clock."""
        return Deadline(
            time_limit_days=self.time_limit_days,
            start_date=self.start_date,
            extension_days=self.extension_days,
            extension_reason=self.extension_reason,
            paused_days=self.paused_days,
            paused_since=self.paused_since,
            stopped=self.clock == STOPPED,
        )

    def set_deadline(self, d: Deadline, now: Now) -> None:
        """Store the clock and the due and warning dates it implies."""
        self.start_date, self.extension_days = d.start_date, d.extension_days
        self.extension_reason, self.paused_days = d.extension_reason, d.paused_days
        self.paused_since, self.clock = d.paused_since, d.state
        self.due_date = d.due_date(now.calendar)
        self.warn_date = d.warn_date(now.calendar, now.warn_percent)

    # ------------------------------------------------------------------ bookkeeping

    def check_version(self, expected: int) -> None:
        """Aborted when the caller worked on a stale copy."""
        if expected != self.version:
            raise Aborted(
                f"case {self.case_number} has changed (now version {self.version}, "
                f"you sent {expected}); reload it and try again"
            )

    def record(self, principal: Principal, change: StatusChange, now: Now) -> StatusChange:
        """Append ``change`` to the history and bump the version."""
        self.new_history.append(
            HistoryEntry.by(
                principal,
                change.action,
                change.from_status,
                change.to_status,
                change.reason,
                now.at,
            )
        )
        self.version += 1
        self.updated_at = now.at
        return change

    # ------------------------------------------------------------------ workflow

    def transition_to(
        self, wf: Workflow, to_status: str, principal: Principal, catalogue: Catalogue
    ) -> Transition:
        """The allowed transition to ``to_status`` for this caller, or a precise error."""
        current = wf.status(self.status)
        transition = wf.find(self.status, to_status)
        if transition is None:
            allowed = ", ".join(wf.targets(self.status)) or "none: the status is final"
            raise FailedPrecondition(
                f"case {self.case_number} is in status {current.code!r}; it cannot move to "
                f"{to_status!r} (allowed next: {allowed})"
            )
        authorize_transition(principal, self, transition, catalogue)
        if self.waiting_for_case_id and wf.status(to_status).kind != WITHDRAWN:
            raise FailedPrecondition(
                f"case {self.case_number} waits for the certificate of an earlier bundle part "
                f"(case {self.waiting_for_case_id}); it can be worked on once that is decided"
            )
        return transition

    def enter_status(self, old: Status, new: Status, now: Now) -> None:
        """Move to ``new``; pausing, resuming or stopping the clock as the kinds say."""
        d = self.deadline
        if new.pauses_clock and not old.pauses_clock:
            d = d.pause(now.today)
        elif old.pauses_clock and not new.pauses_clock:
            d = d.resume(now.calendar, now.today)
        if new.is_decision or new.final:
            d = d.stop(now.calendar, now.today)
        self.status = new.code
        self.set_deadline(d, now)

    def move(
        self,
        service: ServiceType,
        to_status: str,
        principal: Principal,
        reason: str,
        now: Now,
        *,
        catalogue: Catalogue,
        action: str = "transition",
    ) -> StatusChange:
        """Make one allowed transition; record it in the history."""
        wf = service.workflow
        transition = self.transition_to(wf, to_status, principal, catalogue)
        if transition.reason_required and not reason.strip():
            raise InvalidArgument("reason", f"moving to {to_status!r} needs a reason")
        old, new = wf.status(self.status), wf.status(to_status)
        self.enter_status(old, new, now)
        return self.record(principal, StatusChange(action, old.code, new.code, reason.strip()), now)

    def plain_transition(
        self, service: ServiceType, to_status: str, principal: Principal, reason: str, now: Now,
        catalogue: Catalogue,
    ) -> StatusChange:  # fmt: skip
        """A transition without its own command; special statuses name the command to use."""
        wf = service.workflow
        if wf.has_status(to_status):
            kind = wf.status(to_status).kind
            if kind in COMMAND_KINDS:
                raise FailedPrecondition(
                    f"use {COMMAND_KINDS[kind]} to move a case to {to_status!r}"
                )
            action = "closed" if kind == CLOSED else "transition"
        else:
            action = "transition"
        return self.move(
            service, to_status, principal, reason, now, catalogue=catalogue, action=action
        )

    def _target(self, wf: Workflow, kind: str, what: str) -> str:
        status = next(
            (t.to_status for t in wf.transitions
             if t.from_status == self.status and wf.status(t.to_status).kind == kind),
            None,
        )  # fmt: skip
        if status is None:
            raise FailedPrecondition(
                f"case {self.case_number} is in status {self.status!r}; it cannot be {what} now"
            )
        return status

    def decide(
        self, service: ServiceType, outcome: str, reason: str, principal: Principal, now: Now,
        catalogue: Catalogue,
    ) -> StatusChange:  # fmt: skip
        """Approve or reject (a rejection needs a reason); approval may issue a certificate."""
        if outcome not in (APPROVED, REJECTED):
            raise InvalidArgument("outcome", "must be approved or rejected")
        if outcome == REJECTED and not reason.strip():
            raise InvalidArgument("reason", "a rejection needs a reason the applicant can read")
        target = self._target(service.workflow, outcome, "decided")
        change = self.move(
            service, target, principal, reason, now, catalogue=catalogue, action="decided"
        )
        self.decision, self.decision_reason = outcome, reason.strip()
        self.decided_at, self.decided_by = now.at, principal.subject
        self.certificate_type = service.certificate_type if outcome == APPROVED else ""
        return change

    def annul(
        self, reason: str, principal: Principal, now: Now, *, annulled_before: bool
    ) -> StatusChange:
        """A supervisor of the responsible department annuls an approval, with a reason; the
        status stays (the workflow is done), the history records it."""
        require_department_role(principal, self.responsible_department, "supervisor")
        reason = reason.strip()
        if not reason:
            raise InvalidArgument("reason", "an annulment needs a reason the applicant can read")
        if len(reason) > MAX_ANNULMENT_REASON:
            raise InvalidArgument("reason", f"must be at most {MAX_ANNULMENT_REASON} characters")
        if self.decision != APPROVED:
            raise FailedPrecondition(f"case {self.case_number} has no approval to annul")
        if annulled_before:
            raise FailedPrecondition(f"the approval of case {self.case_number} is annulled already")
        change = StatusChange(ANNULLED, self.status, self.status, reason)
        return self.record(principal, change, now)

    def close(
        self,
        service: ServiceType,
        reason: str,
        principal: Principal,
        now: Now,
        catalogue: Catalogue,
    ) -> StatusChange:
        """Close a decided case."""
        target = self._target(service.workflow, CLOSED, "closed")
        return self.move(
            service, target, principal, reason, now, catalogue=catalogue, action="closed"
        )

    def withdraw(
        self,
        service: ServiceType,
        reason: str,
        principal: Principal,
        now: Now,
        catalogue: Catalogue,
    ) -> StatusChange:
        """The applicant withdraws before a decision."""
        if self.decision:
            raise FailedPrecondition(
                f"case {self.case_number} was already {self.decision}; it cannot be withdrawn"
            )
        target = self._target(service.workflow, WITHDRAWN, "withdrawn")
        return self.move(
            service, target, principal, reason, now, catalogue=catalogue, action="withdrawn"
        )

    def request_supplement(
        self, service: ServiceType, reason: str, doc_types: list[str], principal: Principal,
        now: Now, catalogue: Catalogue,
    ) -> tuple[StatusChange, Supplement]:  # fmt: skip
        """Ask the applicant for more; the clock pauses until they answer."""
        if not reason.strip():
            raise InvalidArgument("reason", "a supplement request needs a reason")
        unknown = [t for t in doc_types if t not in catalogue.document_types]
        if unknown:
            raise InvalidArgument("requested_document_types", f"unknown document types {unknown}")
        resume = self.status
        target = self._target(service.workflow, SUPPLEMENT, "sent back for a supplement")
        change = self.move(
            service, target, principal, reason, now, catalogue=catalogue,
            action="supplement_requested",
        )  # fmt: skip
        supplement = Supplement(
            str(uuid.uuid4()), self.id, reason.strip(), list(doc_types), now.at,
            principal.subject, resume,
        )  # fmt: skip
        return change, supplement

    def provide_supplement(
        self, service: ServiceType, supplement: Supplement, document_ids: list[str],
        principal: Principal, now: Now, catalogue: Catalogue,
    ) -> StatusChange:  # fmt: skip
        """The applicant answers; the case goes back to where it was and the clock runs again."""
        wf = service.workflow
        target = supplement.resume_status
        if wf.find(self.status, target) is None:
            target = next(
                (t.to_status for t in wf.transitions
                 if t.from_status == self.status and "applicant" in t.roles),
                target,
            )  # fmt: skip
        change = self.move(
            service, target, principal, "", now, catalogue=catalogue, action="supplement_provided"
        )
        supplement.provided_at = now.at
        supplement.provided_document_ids = list(document_ids)
        return change

    # ------------------------------------------------------------------ assignment

    def claim(self, principal: Principal, now: Now) -> StatusChange:
        """A clerk or supervisor of the responsible department takes the case."""
        require_department_role(principal, self.responsible_department, "clerk", "supervisor")
        self._require_open()
        if self.assignee == principal.subject:
            raise FailedPrecondition(f"case {self.case_number} is already yours")
        if self.assignee:
            raise FailedPrecondition(
                f"case {self.case_number} is already assigned to {self.assignee}"
            )
        self.assignee = principal.subject
        return self.record(principal, StatusChange("claimed", self.status, self.status), now)

    def assign(self, assignee: str, reason: str, principal: Principal, now: Now) -> StatusChange:
        """A supervisor assigns or reassigns the case."""
        require_department_role(principal, self.responsible_department, "supervisor")
        self._require_open()
        if not assignee.strip():
            raise InvalidArgument("assignee", "is required")
        action = "reassigned" if self.assignee else "assigned"
        self.assignee = assignee.strip()
        change = StatusChange(action, self.status, self.status, reason.strip() or f"to {assignee}")
        return self.record(principal, change, now)

    def extend(
        self, service: ServiceType, days: int, reason: str, principal: Principal, now: Now
    ) -> StatusChange:
        """The one extension the service type may allow (supervisor)."""
        require_department_role(principal, self.responsible_department, "supervisor")
        d = self.deadline.extend(
            days, reason, allowed=service.allows_extension, max_days=service.max_extension_days
        )
        self.set_deadline(d, now)
        change = StatusChange("deadline_extended", self.status, self.status, d.extension_reason)
        return self.record(principal, change, now)

    def _require_open(self) -> None:
        if self.clock == STOPPED or self.decision:
            raise FailedPrecondition(f"case {self.case_number} is decided or closed")
