"""Who may read and write whose documents."""

from __future__ import annotations

from onewindow_documents.domain.model import Document
from onewindow_kit.errors import PermissionDenied
from onewindow_kit.principal import Principal

CASE_STAFF_ROLES = ("clerk", "supervisor")


def is_case_staff(actor: Principal) -> bool:
    """Clerks and supervisors of any department: they check documents for cases."""
    return actor.kind == "staff" and actor.has_role(*CASE_STAFF_ROLES)


def is_logged_reader(actor: Principal) -> bool:
    """Reads by staff and department systems are logged for the owner to see."""
    return actor.kind in ("staff", "service")


def require_read(actor: Principal, document: Document) -> None:
    """The owner (or someone acting for them), case staff and department systems may read."""
    if actor.kind == "service" or is_case_staff(actor):
        return
    if actor.kind == "person" and actor.effective_person_id == document.owner_id:
        return
    raise PermissionDenied("this document belongs to someone else")


def require_write(actor: Principal, document: Document) -> None:
    """Only the owner (or their mandatee) and case staff add versions; certificates are sealed."""
    if document.kind != "upload":
        raise PermissionDenied("issued certificates cannot be changed")
    if is_case_staff(actor) or actor.kind == "service":
        return
    if actor.kind == "person" and actor.effective_person_id == document.owner_id:
        return
    raise PermissionDenied("this document belongs to someone else")


def owner_for(actor: Principal, requested_owner: str) -> str:
    """Whose document (or wallet) this is: the caller's own, or the named one for staff."""
    if actor.kind == "person":
        own = actor.effective_person_id
        if not own:
            raise PermissionDenied("the caller has no person record")
        if requested_owner and requested_owner != own:
            raise PermissionDenied("citizens act only for themselves or under a mandate")
        return own
    if not (is_case_staff(actor) or actor.kind == "service"):
        raise PermissionDenied("requires one of the roles: clerk, supervisor")
    return requested_owner
