"""Who may read and write whose documents.

A document the caller may not read answers exactly like one that does not exist: the same
NOT_FOUND and the same words, so no caller learns that someone else's document exists.
PERMISSION_DENIED is left for what the caller can see but not do (e.g. change a certificate).
"""

from __future__ import annotations

from onewindow_documents.domain.model import UPLOAD, Document
from onewindow_kit.errors import NotFound, PermissionDenied
from onewindow_kit.principal import Principal

CASE_STAFF_ROLES = ("clerk", "supervisor")
DOCUMENT_NOT_FOUND = "document not found"
CERTIFICATE_NOT_FOUND = "certificate not found"
OWNER_NOT_FOUND = "no documents of this owner are visible to you"


def is_case_staff(actor: Principal) -> bool:
    """Clerks and supervisors of any department: they check documents for cases."""
    return actor.kind == "staff" and actor.has_role(*CASE_STAFF_ROLES)


def is_logged_reader(actor: Principal) -> bool:
    """Reads by staff and department systems are logged for the owner to see."""
    return actor.kind in ("staff", "service")


def may_read(actor: Principal, document: Document) -> bool:
    """The owner (or someone acting for them), case staff and department systems."""
    if actor.kind == "service" or is_case_staff(actor):
        return True
    return actor.kind == "person" and actor.effective_person_id == document.owner_id


def readable(
    actor: Principal, document: Document | None, *, message: str = DOCUMENT_NOT_FOUND
) -> Document:
    """The document if the caller may read it; the same NotFound when missing or hidden."""
    if document is None or not may_read(actor, document):
        raise NotFound(message)
    return document


def writable(actor: Principal, document: Document | None) -> Document:
    """Whoever may read an upload may add versions to it; issued certificates are sealed."""
    document = readable(actor, document)
    if document.kind != UPLOAD:
        raise PermissionDenied("issued certificates cannot be changed")
    return document


def owner_for(actor: Principal, requested_owner: str) -> str:
    """Whose new document this is: the caller's own, or the named one for staff."""
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


def readable_owner(actor: Principal, requested_owner: str) -> str:
    """Whose wallet or access log a citizen reads: their own (or their mandator's) only.

    Another owner's answers NOT_FOUND, the same for an existing and an unknown owner.
    """
    own = actor.effective_person_id
    if not own:
        raise PermissionDenied("the caller has no person record")
    if requested_owner and requested_owner != own:
        raise NotFound(OWNER_NOT_FOUND)
    return own
