"""Who may read and write whose documents.

A document the caller may not read answers exactly like one that does not exist: the same
NOT_FOUND and the same words, so no caller learns that someone else's document exists.
PERMISSION_DENIED is left for what the caller can see but not do (e.g. change a certificate).

A representative acting under a mandate that covers some service types only (not all) sees, of
the mandator's documents: those linked to a case of a service type in the scope, those the
representative uploaded for the mandator, and issued certificates (and receipts) only when
they were issued for a case in the scope. The rest answers like a missing document. Lists (the
wallet, the access log) are narrowed the same way by the repositories, in the query.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from onewindow_documents.domain.model import CERTIFICATE, RECEIPT, UPLOAD, CaseLink, Document
from onewindow_kit.errors import NotFound, PermissionDenied
from onewindow_kit.principal import Principal

CASE_STAFF_ROLES = ("clerk", "supervisor")
AUDITOR = "auditor"
ISSUED = (CERTIFICATE, RECEIPT)
DOCUMENT_NOT_FOUND = "document not found"
CERTIFICATE_NOT_FOUND = "certificate not found"
OWNER_NOT_FOUND = "no documents of this owner are visible to you"


@dataclass(frozen=True)
class MandateScope:
    """What a representative under a scoped mandate may see of the mandator's documents."""

    representative: str  # the representative's subject (``Document.created_by`` of its uploads)
    service_types: frozenset[str]


def mandate_scope(actor: Principal) -> MandateScope | None:
    """The scope a person acting for someone is held to; None when nothing narrows the view
    (their own documents, or a mandate for every service type)."""
    if actor.kind != "person" or not actor.acting_for or "*" in actor.mandate_scope:
        return None
    return MandateScope(actor.subject, frozenset(actor.mandate_scope))


def visible_under_mandate(
    scope: MandateScope, document: Document, linked_service_types: Collection[str], issued_for: str
) -> bool:
    """The scoped mandate's rule for one of the mandator's documents: uploaded by the
    representative, an issued document whose case (``issued_for``: its service type) is in the
    scope, an upload a case in the scope uses (``linked_service_types``: of its cases), or an
    upload no case uses yet (the mandator's own papers, which the representative may bring to
    an application in the scope; once a case uses it, that case's service type decides)."""
    if document.created_by == scope.representative:
        return True
    if document.kind in ISSUED:
        return issued_for in scope.service_types
    if not linked_service_types:
        return True
    return any(st in scope.service_types for st in linked_service_types)


def is_case_staff(actor: Principal) -> bool:
    """Clerks and supervisors: they check documents for their department's cases."""
    return actor.kind == "staff" and actor.has_role(*CASE_STAFF_ROLES)


def is_logged_reader(actor: Principal) -> bool:
    """Reads by staff and department systems are logged for the owner to see."""
    return actor.kind in ("staff", "service")


@dataclass(frozen=True)
class ReadGrant:
    """Why a read is allowed, and the case it is for (logged with the read)."""

    basis: str  # owner | case | issuer | creator | consent | auditor | intake
    case_id: str = ""


def _department_grant(
    actor: Principal, document: Document, links: Sequence[CaseLink]
) -> ReadGrant | None:
    """What the reader's department may read without asking anyone: documents of its cases,
    certificates (and receipts) it issued, and what the reader itself took in."""
    for link in links:  # newest first: the read is logged for the latest case
        if link.document_id == document.id and link.department == actor.department:
            return ReadGrant("case", link.case_id)
    if document.kind in ISSUED and document.issuer_department == actor.department:
        return ReadGrant("issuer", document.case_id)
    if document.created_by == actor.subject:  # taken in at the counter by this reader
        return ReadGrant("creator")
    return None


def grant(
    actor: Principal,
    document: Document,
    *,
    links: Sequence[CaseLink] = (),
    consent: Callable[[], bool] | None = None,
    purpose: str = "",
    within_mandate: Collection[str] = (),
) -> ReadGrant | None:
    """Who reads a document: the owner (or someone acting for them; under a scoped mandate only
    the documents in ``within_mandate``, the ids the mandate's rule lets through); clerks,
    supervisors and department systems when a case of their department uses it, their
    department issued it, or the owner's consent covers their department (``consent`` asks
    identity, last, only when nothing else opens it); an auditor who states a ``purpose``.
    Everything else: None."""
    if actor.kind == "person":
        owned = bool(actor.effective_person_id) and actor.effective_person_id == document.owner_id
        if owned and mandate_scope(actor) is not None and document.id not in within_mandate:
            return None
        return ReadGrant("owner") if owned else None
    if not is_logged_reader(actor):
        return None
    if actor.kind == "staff" and actor.has_role(AUDITOR) and purpose.strip():
        return ReadGrant("auditor")
    if not (actor.kind == "service" or is_case_staff(actor)) or not actor.department:
        return None
    found = _department_grant(actor, document, links)
    if found is None and consent is not None and consent():
        found = ReadGrant("consent")
    return found


def intake_grant(actor: Principal, document: Document, applicant_id: str) -> ReadGrant | None:
    """A clerk or supervisor filing a case at a counter for ``applicant_id`` may see that
    person's own documents the person chose to attach (their ids come with the application);
    anyone else's stay hidden. Logged for the owner like every staff read."""
    if applicant_id and is_case_staff(actor) and document.owner_id == applicant_id:
        return ReadGrant("intake")
    return None


def may_read(
    actor: Principal,
    document: Document,
    *,
    links: Sequence[CaseLink] = (),
    consent: Callable[[], bool] | None = None,
    purpose: str = "",
    within_mandate: Collection[str] = (),
) -> bool:
    """True when ``grant`` allows the read."""
    found = grant(
        actor, document, links=links, consent=consent, purpose=purpose,
        within_mandate=within_mandate,
    )  # fmt: skip
    return found is not None


def readable(
    actor: Principal,
    document: Document | None,
    *,
    message: str = DOCUMENT_NOT_FOUND,
    within_mandate: Collection[str] = (),
) -> Document:
    """The document if the caller may read it without case links or consent (owner, issuing
    department, its own intake); the same NotFound when missing or hidden."""
    if document is None or not may_read(actor, document, within_mandate=within_mandate):
        raise NotFound(message)
    return document


def writable(
    actor: Principal, document: Document | None, *, within_mandate: Collection[str] = ()
) -> Document:
    """Whoever may read an upload may add versions to it; issued certificates are sealed."""
    document = readable(actor, document, within_mandate=within_mandate)
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
