"""Who may see what: per-object rules, and the citizen's access log of staff reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from onewindow_kit.errors import PermissionDenied
from onewindow_kit.principal import Principal

# Reads of a person's record that the citizen sees in their access log.
LOGGED_READERS = frozenset({"staff", "service"})


@dataclass(frozen=True)
class AccessLogEntry:
    """One read of a person's record by staff or a department system."""

    person_id: str
    actor_subject: str
    actor_username: str
    actor_kind: str
    department: str
    office: str
    action: str
    purpose: str
    at: datetime


def is_self(principal: Principal, person_id: str) -> bool:
    """True when the caller is the person (not merely acting for them)."""
    return (
        bool(principal.person_id)
        and principal.person_id == person_id
        and not (principal.acting_for and principal.acting_for != person_id)
    )


def may_read_person(principal: Principal, person_id: str) -> bool:
    """The person, someone acting for them under a mandate, or staff/department systems."""
    if principal.kind in LOGGED_READERS:
        return True
    return principal.effective_person_id == person_id


def require_read_person(principal: Principal, person_id: str) -> None:
    """PermissionDenied unless ``may_read_person``."""
    if not may_read_person(principal, person_id):
        raise PermissionDenied("you may read only your own record")


def require_person(principal: Principal) -> str:
    """The caller's own person id; PermissionDenied for staff or systems without one."""
    if not principal.person_id or principal.kind != "person":
        raise PermissionDenied("only a registered person may do this")
    return principal.person_id


def require_own_department(principal: Principal, department: str) -> None:
    """A dept_admin of ``department`` only."""
    principal.require_role("dept_admin")
    if not principal.department or principal.department != department:
        raise PermissionDenied(
            f"a dept_admin of {principal.department or 'no department'} "
            f"cannot manage department {department}"
        )


def access_entry(
    principal: Principal, person_id: str, action: str, purpose: str, at: datetime
) -> AccessLogEntry:
    """The access-log entry for a read by ``principal``."""
    return AccessLogEntry(
        person_id=person_id,
        actor_subject=principal.subject,
        actor_username=principal.username or principal.client_id,
        actor_kind=principal.kind,
        department=principal.department,
        office=principal.office,
        action=action,
        purpose=purpose,
        at=at,
    )
