"""Who may see what: per-object rules, and the citizen's access log of staff reads.

An object the caller may not see answers exactly like one that does not exist: NOT_FOUND with
the same words ("person not found", ...), so no caller learns that someone else's record,
mandate, consent or company exists. PERMISSION_DENIED is left for what the caller can see but
not do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from onewindow_identity.domain.organisation import Organisation
from onewindow_kit.errors import NotFound, PermissionDenied
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


def not_found(what: str) -> NotFound:
    """The one answer for ``what`` when it does not exist or the caller may not see it."""
    return NotFound(f"{what} not found")


def require_read_person(principal: Principal, person_id: str) -> None:
    """NOT_FOUND (as for an unknown id) unless ``may_read_person``."""
    if not may_read_person(principal, person_id):
        raise not_found("person")


def may_see_organisation(principal: Principal, org: Organisation, *, mandated: bool) -> bool:
    """Staff and department systems; the legal representative; someone acting for the company
    (``mandated``: the caller holds one of its mandates)."""
    if principal.kind in LOGGED_READERS or mandated:
        return True
    mine = {principal.person_id, principal.effective_person_id} - {""}
    return bool(mine & {org.id, org.legal_representative_person_id})


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
