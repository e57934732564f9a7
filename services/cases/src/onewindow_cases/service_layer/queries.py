"""Reads: one case (staff reads are logged), bundles, a citizen's lists, the department queue,
staff search, and the citizen's access log."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from onewindow_cases.domain.access import is_applicant, mandate_scope, require_view
from onewindow_cases.domain.case import Case
from onewindow_cases.service_layer.pages import decode, next_token, page_size
from onewindow_cases.service_layer.ports import Services, UnitOfWork
from onewindow_cases.service_layer.read_model import QueueFilter, SearchScope
from onewindow_cases.service_layer.views import (
    BundleView,
    CaseView,
    bundle_view,
    full_view,
    summary_view,
)
from onewindow_kit.errors import InvalidArgument, NotFound, PermissionDenied
from onewindow_kit.principal import Principal

STAFF_READ_ROLES = ("clerk", "supervisor", "dept_admin", "auditor")


@dataclass
class Page:
    """One page of summaries and the token of the next."""

    items: list[Any] = field(default_factory=list)
    next_page_token: str = ""


def valid_id(value: str, what: str = "case_id") -> str:
    """A UUID, or InvalidArgument naming the field."""
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise InvalidArgument(what, "must be a UUID") from None


def load_case(uow: UnitOfWork, case_id: str, *, lock: bool = False) -> Case:
    """The case, or NotFound."""
    case = uow.cases.get(valid_id(case_id), lock=lock)
    if case is None:
        raise NotFound("case not found")
    return case


def _log_read(
    uow: UnitOfWork, principal: Principal, rows: list[Any], purpose: str, at: datetime
) -> None:
    uow.access_log.add(
        [
            {
                "case_id": r["id"], "case_number": r["case_number"],
                "applicant_id": r["applicant_id"], "at": at,
                "actor_subject": principal.subject, "actor_department": principal.department,
                "actor_office": principal.office, "purpose": purpose,
            }
            for r in rows
        ]
    )  # fmt: skip


def _require_purpose(principal: Principal, purpose: str) -> None:
    if principal.kind != "person" and not purpose.strip():
        raise InvalidArgument("purpose", "staff state why they read a citizen's case")


def get_case(
    deps: Services,
    principal: Principal,
    case_id: str = "",
    case_number: str = "",
    purpose: str = "",
) -> CaseView:
    """One case with history; a staff read is recorded in the citizen's access log."""
    if not case_id and not case_number:
        raise InvalidArgument("case_id", "give the case id or the case number")
    _require_purpose(principal, purpose)
    with deps.uow() as uow:
        case = load_case(uow, case_id) if case_id else uow.cases.get_by_number(case_number)
        if case is None:
            raise NotFound("case not found")
        require_view(principal, case, deps.catalogues.version(case.catalogue_version))
        view = full_view(deps, uow, case)
        if not is_applicant(principal, case.applicant_id, case.service_type):
            row = {
                "id": case.id,
                "case_number": case.case_number,
                "applicant_id": case.applicant_id,
            }
            _log_read(uow, principal, [row], purpose.strip(), deps.clock.now())
            uow.commit()
    return view


def bundle_by_id(deps: Services, uow: UnitOfWork, bundle_id: str) -> BundleView:
    """A bundle with its parts (no authorisation: callers check)."""
    row = uow.bundles.get(valid_id(bundle_id, "bundle_id"))
    if row is None:
        raise NotFound("bundle not found")
    return bundle_view(deps, row, uow.reads.parts_summaries([row["id"]]))


def get_bundle(deps: Services, principal: Principal, bundle_id: str) -> BundleView:
    """A bundle: the applicant, or staff of a department with a part in it."""
    with deps.read() as uow:
        view = bundle_by_id(deps, uow, bundle_id)
    departments = {p.row["responsible_department"] for p in view.parts}
    applicant = view.row["applicant_id"]
    # A representative sees the bundle only when the mandate covers every part (as to file it).
    parts = view.parts
    if parts and all(is_applicant(principal, applicant, p.row["service_type"]) for p in parts):
        return view
    if principal.kind != "person" and (
        principal.department in departments or principal.has_role("auditor")
    ):
        return view
    raise NotFound("bundle not found")


def _person(principal: Principal) -> str:
    if principal.kind != "person" or not principal.effective_person_id:
        raise PermissionDenied("this list shows a citizen's own applications")
    return principal.effective_person_id


def list_my_cases(
    deps: Services, principal: Principal, size: int, token: str, open_only: bool
) -> Page:
    """The caller's (or mandator's) cases, newest first."""
    applicant, limit = _person(principal), page_size(size)
    with deps.read() as uow:
        rows = uow.reads.citizen_page(
            applicant, open_only, decode("mine", token), limit, mandate_scope(principal)
        )
    return Page(
        [summary_view(deps, r) for r in rows], next_token("mine", rows, limit, "created_at", "id")
    )


def list_my_bundles(deps: Services, principal: Principal, size: int, token: str) -> Page:
    """The caller's bundles, newest first, each with its parts and combined status."""
    applicant, limit = _person(principal), page_size(size)
    with deps.read() as uow:
        rows = uow.reads.bundles_page(
            applicant, decode("bundles", token), limit, mandate_scope(principal)
        )
        parts = uow.reads.parts_summaries([r["id"] for r in rows])
    by_bundle: dict[str, list[dict[str, Any]]] = {}
    for p in parts:
        by_bundle.setdefault(str(p["bundle_id"]), []).append(p)
    views = [bundle_view(deps, r, by_bundle.get(str(r["id"]), [])) for r in rows]
    return Page(views, next_token("bundles", rows, limit, "created_at", "id"))


@dataclass(frozen=True)
class QueueQuery:
    """ListQueue's filters."""

    statuses: list[str]
    service_types: list[str]
    receiving_office: str
    due_on_or_before: str
    assignee: str
    page_size: int
    page_token: str


def _queue_filter(deps: Services, principal: Principal, query: QueueQuery) -> QueueFilter:
    department = principal.department
    if principal.kind == "person" or not department:
        raise PermissionDenied("the queue is for staff of a department")
    statuses = query.statuses or deps.catalogues.published().open_statuses(department)
    due: date | None = None
    if query.due_on_or_before:
        try:
            due = date.fromisoformat(query.due_on_or_before)
        except ValueError:
            raise InvalidArgument("due_on_or_before", "must be YYYY-MM-DD") from None
    assignee = {"": None, "me": principal.subject, "none": ""}.get(query.assignee, query.assignee)
    return QueueFilter(
        department, statuses, query.service_types, query.receiving_office, due, assignee
    )


def list_queue(deps: Services, principal: Principal, query: QueueQuery) -> Page:
    """The caller's department queue, earliest due date first."""
    f = _queue_filter(deps, principal, query)
    limit = page_size(query.page_size)
    after = decode("queue", query.page_token)
    with deps.read() as uow:
        rows = uow.reads.queue_page(f, after, limit)
    return Page(
        [summary_view(deps, r) for r in rows], next_token("queue", rows, limit, "due_date", "id")
    )


def search_cases(
    deps: Services, principal: Principal, terms: dict[str, str], purpose: str, size: int, token: str
) -> Page:
    """Staff search by case number, applicant or external reference (logged when by person)."""
    if principal.kind == "person" or not principal.has_role(*STAFF_READ_ROLES):
        raise PermissionDenied("searching cases is for staff")
    if not any(terms.values()):
        raise InvalidArgument("case_number", "give a case number, applicant or external reference")
    if terms.get("applicant_id"):
        _require_purpose(principal, purpose)
    scope = SearchScope(principal.department, principal.office, principal.has_role("auditor"))
    limit = page_size(size)
    with deps.uow() as uow:
        rows = uow.reads.search_page(scope, terms, decode("search", token), limit)
        if terms.get("applicant_id") and rows:
            _log_read(uow, principal, rows, purpose.strip(), deps.clock.now())
            uow.commit()
    return Page(
        [summary_view(deps, r) for r in rows], next_token("search", rows, limit, "created_at", "id")
    )


def list_access_log(
    deps: Services, principal: Principal, case_id: str, size: int, token: str
) -> Page:
    """Who read the caller's cases, newest first."""
    applicant, limit = _person(principal), page_size(size)
    after = decode("access", token)
    with deps.read() as uow:
        rows = uow.reads.access_log_page(
            applicant, valid_id(case_id) if case_id else "",
            after[0] if after else None, limit, mandate_scope(principal),
        )  # fmt: skip
    return Page(rows, next_token("access", rows, limit, "id"))
