"""Transfer: a supervisor of the responsible department moves a misrouted case elsewhere."""

from __future__ import annotations

from dataclasses import replace

from onewindow_cases.domain.access import require_department_role
from onewindow_cases.domain.case import Case, Now, StatusChange
from onewindow_cases.domain.catalogue import Catalogue
from onewindow_cases.domain.deadline import STOPPED
from onewindow_kit.errors import FailedPrecondition, Validator
from onewindow_kit.principal import Principal

TRANSFERRED = "transferred"  # the history action
MAX_REASON = 2000
CONTINUE, RESTART = "continue", "restart"
TRANSFER_CLOCKS = (CONTINUE, RESTART)  # what a transfer does to the statutory clock


def transfer(
    case: Case,
    to_department: str,
    reason: str,
    principal: Principal,
    now: Now,
    cat: Catalogue,
    clock: str = CONTINUE,
) -> StatusChange:
    """Move ``case`` to ``to_department``; the assignee, who belongs to the old department, is
    cleared. The statutory clock continues (the due date stays), or with ``restart`` the new
    department gets the full time limit from today (pauses so far dropped, a pause under way
    kept; a part still waiting for an earlier part keeps waiting)."""
    require_department_role(principal, case.responsible_department, "supervisor")
    to_department, reason = to_department.strip(), reason.strip()
    v = Validator()
    if not to_department:
        v.add("to_department", "is required")
    elif to_department not in cat.departments:
        v.add("to_department", f"unknown department {to_department!r}")
    elif to_department == case.responsible_department:
        v.add("to_department", "the case is already with this department")
    if not reason:
        v.add("reason", "a transfer needs a reason")
    elif len(reason) > MAX_REASON:
        v.add("reason", f"must be at most {MAX_REASON} characters")
    v.raise_if_any()
    if case.clock == STOPPED or case.decision:
        raise FailedPrecondition(f"case {case.case_number} is decided or closed")
    from_department = case.responsible_department
    case.responsible_department = to_department
    case.assignee = ""
    if clock == RESTART and case.start_date is not None:
        restarted = replace(case.deadline, start_date=now.today, paused_days=0)
        if restarted.paused_since is not None:
            restarted = replace(restarted, paused_since=now.today)
        case.set_deadline(restarted, now)
    change = StatusChange(
        TRANSFERRED, case.status, case.status, f"{from_department} -> {to_department}: {reason}"
    )
    return case.record(principal, change, now)
