"""Staff work on a case: claim, assign, workflow transitions, supplements, extensions. Every
change names the version it was made on; a stale version is ABORTED and changes nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from onewindow_cases.domain.access import require_view
from onewindow_cases.domain.case import Case, Now, Supplement
from onewindow_cases.domain.catalogue import Catalogue, DocumentRequirement, ServiceType
from onewindow_cases.domain.documents import check_documents
from onewindow_cases.domain.forms import form_violations, normalise
from onewindow_cases.domain.transfer import transfer
from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import events
from onewindow_cases.service_layer.ports import Services, UnitOfWork
from onewindow_cases.service_layer.queries import load_case
from onewindow_cases.service_layer.views import CaseView, full_view
from onewindow_kit.errors import FailedPrecondition, InvalidArgument
from onewindow_kit.principal import Principal


@dataclass
class Work:
    """What a change handler gets: the open unit of work and the case in context."""

    uow: UnitOfWork
    case: Case
    service: ServiceType
    catalogue: Catalogue
    now: Now
    principal: Principal


def change_case(
    deps: Services,
    principal: Principal,
    case_id: str,
    expected_version: int,
    apply: Callable[[Work], None],
) -> CaseView:
    """Load, check visibility and version, apply, save (optimistically), commit."""
    if expected_version <= 0:
        raise InvalidArgument("expected_version", "send the version of the case you read")
    with deps.uow() as uow:
        case = load_case(uow, case_id)
        catalogue = deps.catalogues.version(case.catalogue_version)
        require_view(principal, case, catalogue)
        case.check_version(expected_version)
        work = Work(
            uow, case, catalogue.service_type(case.service_type), catalogue,
            deps.now(catalogue), principal,
        )  # fmt: skip
        apply(work)
        uow.cases.save(work.case, expected_version)
        uow.commit()
        return full_view(deps, uow, work.case)


def claim_case(deps: Services, principal: Principal, cmd: c.ClaimCase) -> CaseView:
    """Take an unassigned case of one's department."""

    def apply(w: Work) -> None:
        change = w.case.claim(w.principal, w.now)
        w.uow.emit(events.case_assigned(w.case, change, "", w.principal))

    return change_case(deps, principal, cmd.case_id, cmd.expected_version, apply)


def assign_case(deps: Services, principal: Principal, cmd: c.AssignCase) -> CaseView:
    """A supervisor assigns or reassigns."""

    def apply(w: Work) -> None:
        previous = w.case.assignee
        change = w.case.assign(cmd.assignee, cmd.reason, w.principal, w.now)
        w.uow.emit(events.case_assigned(w.case, change, previous, w.principal))

    return change_case(deps, principal, cmd.case_id, cmd.expected_version, apply)


def transition_case(deps: Services, principal: Principal, cmd: c.TransitionCase) -> CaseView:
    """A workflow transition without a command of its own (intake, review, suspension...)."""
    if not cmd.to_status.strip():
        raise InvalidArgument("to_status", "is required")

    def apply(w: Work) -> None:
        change = w.case.plain_transition(
            w.service, cmd.to_status, w.principal, cmd.reason, w.now, w.catalogue
        )
        w.uow.emit(events.status_changed(w.case, change, w.service, w.principal))
        if change.action == "closed":
            w.uow.emit(events.case_closed(w.case, w.principal))

    return change_case(deps, principal, cmd.case_id, cmd.expected_version, apply)


def extend_deadline(deps: Services, principal: Principal, cmd: c.ExtendDeadline) -> CaseView:
    """The one extension the service type allows."""

    def apply(w: Work) -> None:
        w.case.extend(w.service, cmd.working_days, cmd.reason, w.principal, w.now)
        w.uow.emit(events.deadline_extended(w.case, w.principal))

    return change_case(deps, principal, cmd.case_id, cmd.expected_version, apply)


def transfer_case(deps: Services, principal: Principal, cmd: c.TransferCase) -> CaseView:
    """A supervisor moves a misrouted case to another department; the clock continues."""

    def apply(w: Work) -> None:
        from_department = w.case.responsible_department
        transfer(
            w.case, cmd.to_department, cmd.reason, w.principal, w.now, w.catalogue,
            deps.transfer_clock,
        )  # fmt: skip
        w.uow.emit(
            events.case_transferred(w.case, from_department, cmd.reason.strip(), w.principal)
        )

    return change_case(deps, principal, cmd.case_id, cmd.expected_version, apply)


def request_supplement(deps: Services, principal: Principal, cmd: c.RequestSupplement) -> CaseView:
    """Ask the applicant for more; the clock pauses."""

    def apply(w: Work) -> None:
        change, supplement = w.case.request_supplement(
            w.service,
            cmd.reason,
            list(cmd.requested_document_types),
            w.principal,
            w.now,
            w.catalogue,
        )
        w.uow.supplements.add(supplement)
        w.uow.emit(events.status_changed(w.case, change, w.service, w.principal))
        w.uow.emit(events.supplement_requested(w.case, supplement, w.principal))

    return change_case(deps, principal, cmd.case_id, cmd.expected_version, apply)


async def _supplement_documents(
    deps: Services, case: Case, requested: list[str], document_ids: list[str]
) -> list[dict[str, str]]:
    requirements = [DocumentRequirement(t, frozenset({t})) for t in requested]
    found = await deps.documents.metadata(document_ids, case.applicant_id) if document_ids else {}
    problems, matched = check_documents(document_ids, found, requirements, case.applicant_id)
    if problems:
        raise InvalidArgument(problems)
    return [m.as_dict() for m in matched]


def _merge_form(service: ServiceType, form: dict[str, Any], changes: dict[str, Any]) -> dict:
    merged = {**form, **normalise(changes)}
    problems = form_violations(service.form_validator, merged)
    if problems:
        raise InvalidArgument(problems)
    return merged


def _open_request(deps: Services, principal: Principal, case_id: str) -> tuple[Case, Supplement]:
    with deps.uow() as uow:
        peek = load_case(uow, case_id)
        require_view(principal, peek, deps.catalogues.version(peek.catalogue_version))
        open_request = uow.supplements.open_for(peek.id)
    if open_request is None:
        raise FailedPrecondition(f"case {peek.case_number} has no open supplement request")
    return peek, open_request


async def provide_supplement(
    deps: Services, principal: Principal, cmd: c.ProvideSupplement
) -> CaseView:  # fmt: skip
    """The applicant answers with documents and/or form changes; the clock runs again (the
    documents service is awaited; the database work runs in a worker thread)."""
    peek, open_request = await asyncio.to_thread(_open_request, deps, principal, cmd.case_id)
    added = await _supplement_documents(
        deps, peek, open_request.requested_document_types, list(cmd.document_ids)
    )

    def apply(w: Work) -> None:
        supplement = w.uow.supplements.open_for(w.case.id)
        if supplement is None or supplement.id != open_request.id:
            raise FailedPrecondition("the supplement request was answered meanwhile")
        if cmd.form_changes:
            w.case.form = _merge_form(w.service, w.case.form, cmd.form_changes)
        provided = {d["document_type"] for d in added}
        kept = [
            d
            for d in w.case.documents
            if not (d.get("state") == "part_failed" and d["document_type"] in provided)
        ]
        w.case.documents = kept + added  # fmt: skip
        change = w.case.provide_supplement(
            w.service, supplement, list(cmd.document_ids), w.principal, w.now, w.catalogue
        )
        w.uow.supplements.answer(supplement)
        w.uow.emit(events.status_changed(w.case, change, w.service, w.principal))
        w.uow.emit(events.supplement_provided(w.case, supplement, w.principal))

    return await asyncio.to_thread(
        change_case, deps, principal, cmd.case_id, cmd.expected_version, apply
    )
