"""SubmitCase and SubmitBundle, on the event loop of the asyncio server: validated first (the
documents service awaited), then the writer files the case(s), the history, the client key and
the events in one transaction; a case number is returned at once. Rare paths that need the
database through the unit of work (a mandate asked of identity, a replayed client key, the
bundle view) run in a worker thread."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from typing import Any

from onewindow_cases.domain.case import Case, HistoryEntry, Now
from onewindow_cases.domain.catalogue import Bundle, Catalogue, ServiceType
from onewindow_cases.domain.documents import AWAITING_PART, CaseDocument, DocumentInfo
from onewindow_cases.domain.numbers import bundle_number, case_number
from onewindow_cases.service_layer import events
from onewindow_cases.service_layer.applicants import (
    Applicant,
    Application,
    check_basics,
    check_form,
    match_documents,
    require_assurance,
    resolve_applicant,
)
from onewindow_cases.service_layer.ports import Services, UnitOfWork
from onewindow_cases.service_layer.queries import bundle_by_id
from onewindow_cases.service_layer.views import BundleView, CaseView, full_view
from onewindow_kit.errors import FieldViolation, InvalidArgument
from onewindow_kit.principal import Principal


def _replay(
    deps: Services, uow: UnitOfWork, principal: Principal, app: Application, kind: str,
    target_id: str,
) -> str | None:  # fmt: skip
    """Claim the client key for ``target_id``; the earlier target when it was used before for
    the same request (a different request with the same key is refused)."""
    known = uow.idempotency.claim(
        principal.subject, app.client_key, kind, app.fingerprint(kind), target_id,
        deps.clock.now(),
    )  # fmt: skip
    if known is None:
        return None
    if known.kind != kind or known.fingerprint != app.fingerprint(kind):
        raise InvalidArgument("client_key", "was already used for a different application")
    return known.target_id


def _new_case(
    st: ServiceType, app: Application, who: Applicant, principal: Principal, now: Now,
    number: str, form: dict[str, Any], documents: list[CaseDocument], version: int,
    case_id: str | None = None,
) -> Case:  # fmt: skip
    at = now.at
    case = Case(
        id=case_id or str(uuid.uuid4()), case_number=number, catalogue_version=version,
        service_type=st.code, responsible_department=st.department,
        receiving_office=who.receiving_office, delivery_office=app.delivery_office,
        channel=who.channel, applicant_id=who.applicant_id, submitted_by=principal.subject,
        status=st.workflow.initial.code, form=form, documents=[d.as_dict() for d in documents],
        time_limit_days=st.time_limit_days, start_date=now.today, created_at=at, updated_at=at,
        external_reference=app.external_reference.strip(),
    )  # fmt: skip
    case.set_deadline(case.deadline, now)
    case.new_history.append(HistoryEntry.by(principal, "submitted", "", case.status, "", at))
    return case


def check_mandate_scope(deps: Services, principal: Principal, service_types: list[str]) -> None:
    """Acting for someone else: the mandate must cover every service type applied for."""
    if principal.acting_for and deps.mandates is not None:
        for code in service_types:
            deps.mandates.check(principal, principal.acting_for, code)


@dataclass(frozen=True)
class CaseRequest:
    """A single-case application checked as far as it can be without asking anyone."""

    app: Application
    principal: Principal
    st: ServiceType
    who: Applicant
    catalogue_version: int
    form: dict[str, Any]
    problems: list[FieldViolation]

    def key(self) -> dict[str, str]:
        """The idempotency key row of this application."""
        return {"subject": self.principal.subject, "client_key": self.app.client_key,
                "fingerprint": self.app.fingerprint("case")}  # fmt: skip


def case_request(deps: Services, principal: Principal, app: Application) -> CaseRequest:
    """Basics, catalogue, applicant and form; the mandate scope and documents come next."""
    check_basics(app, "service_type")
    catalogue = deps.catalogues.for_submission(app.catalogue_version)
    st = catalogue.service_type(app.code)
    who = resolve_applicant(principal, app, catalogue)
    form, problems = check_form(app, st.form_validator, catalogue)
    return CaseRequest(app, principal, st, who, catalogue.version, form, problems)


def new_case(deps: Services, req: CaseRequest, found: dict[str, DocumentInfo]) -> Case:
    """The case to file, once the documents service has answered (number still empty)."""
    require_assurance(req.who, req.st.min_assurance, f"service type {req.st.code!r}")
    documents = match_documents(req.app, req.who, found, req.st.required_documents, req.problems)
    return _new_case(
        req.st, req.app, req.who, req.principal, deps.now(), "", req.form, documents,
        req.catalogue_version,
    )  # fmt: skip


def filing_year(case: Case) -> int:
    """The year the case number counts in: the day a standalone case was filed (local)."""
    assert case.start_date is not None, "a standalone case starts its clock when filed"
    return case.start_date.year


async def submit_case(deps: Services, principal: Principal, app: Application) -> CaseView:
    """Validate and file one application; replays of the same client key return the first."""
    req = case_request(deps, principal, app)
    if principal.acting_for:
        await asyncio.to_thread(check_mandate_scope, deps, principal, [req.st.code])
    ids = list(app.document_ids)
    found = await deps.documents.metadata(ids, req.who.applicant_id) if ids else {}
    case = new_case(deps, req, found)
    history = list(case.new_history)
    year = filing_year(case)
    seq = await deps.writer.next_number(req.st.department, year)
    case.case_number = case_number(req.st.department, year, seq)
    if not await deps.writer.file_case(case, req.key(), events.case_submitted(case, principal)):
        return await asyncio.to_thread(replayed_case, deps, principal, app, case.id)
    return CaseView(case, req.st, history, [])


def replayed_case(deps: Services, principal: Principal, app: Application, case_id: str) -> CaseView:
    """The case filed earlier under this client key (or InvalidArgument for another request)."""
    with deps.uow() as uow:
        target = _replay(deps, uow, principal, app, "case", case_id)
        assert target is not None, "called after the key was found taken"
        view = full_view(deps, uow, _existing(uow, target), replayed=True)
        uow.rollback()
        return view


def _existing(uow: UnitOfWork, case_id: str) -> Case:
    case = uow.cases.get(case_id)
    assert case is not None, "an idempotency key points at its case"
    return case


def _part_documents(
    st: ServiceType, satisfied_by: dict[str, str], uploaded: list[CaseDocument],
    ids_by_type: dict[str, str],
) -> list[CaseDocument]:  # fmt: skip
    """A part's requirements: an upload, or the certificate an earlier part will issue."""
    out = []
    for req in st.required_documents:
        source = satisfied_by.get(req.document_type)
        if source:
            out.append(CaseDocument(req.document_type, "", ids_by_type[source], AWAITING_PART))
        else:
            out.extend(d for d in uploaded if d.document_type == req.document_type)
    return out


def _bundle_parts(
    bundle: Bundle, catalogue: Catalogue, app: Application, who: Applicant,
    principal: Principal, now: Now, form: dict[str, Any], uploaded: list[CaseDocument],
    bundle_id: str, numbers: list[int],
) -> list[Case]:  # fmt: skip
    parts: list[Case] = []
    ids_by_type: dict[str, str] = {}
    for index, (part, seq) in enumerate(zip(bundle.parts, numbers, strict=True), start=1):
        st = catalogue.service_type(part.service_type)
        own_fields = set(st.form_schema.get("properties", {}))
        docs = _part_documents(st, dict(part.satisfied_by), uploaded, ids_by_type)
        number = case_number(st.department, now.today.year, seq)
        part_form = {k: v for k, v in form.items() if k in own_fields}
        case = _new_case(st, app, who, principal, now, number, part_form, docs, catalogue.version)
        case.bundle_id, case.bundle_part = bundle_id, index
        awaited = [d for d in docs if d.state == AWAITING_PART]
        if awaited:  # once-only: wait for the earlier part's certificate; no clock yet
            case.waiting_for_case_id = awaited[0].satisfied_by_case_id
            case.start_date = None
            case.set_deadline(case.deadline, now)
        ids_by_type[st.code] = case.id
        parts.append(case)
    return parts


def _check_bundle(
    deps: Services, principal: Principal, app: Application
) -> tuple[Bundle, Catalogue, Applicant]:
    check_basics(app, "bundle_type")
    catalogue = deps.catalogues.for_submission(app.catalogue_version)
    bundle = catalogue.bundle(app.code)
    who = resolve_applicant(principal, app, catalogue)
    check_mandate_scope(deps, principal, [part.service_type for part in bundle.parts])
    for part in bundle.parts:
        st = catalogue.service_type(part.service_type)
        require_assurance(who, st.min_assurance, f"bundle {bundle.code!r} (part {st.code!r})")
    return bundle, catalogue, who


def _bundle_row(
    bundle: Bundle, catalogue: Catalogue, who: Applicant, principal: Principal,
    form: dict[str, Any], now: Now, number: str,
) -> dict[str, Any]:  # fmt: skip
    return {
        "id": str(uuid.uuid4()), "bundle_number": number, "bundle_type": bundle.code,
        "catalogue_version": catalogue.version, "applicant_id": who.applicant_id,
        "submitted_by": principal.subject, "form": form, "parts_total": len(bundle.parts),
        "state": "in_progress", "outcome": "", "created_at": now.at, "completed_at": None,
    }  # fmt: skip


async def submit_bundle(deps: Services, principal: Principal, app: Application) -> BundleView:
    """One application for a life event: one sub-case per part, in one transaction."""
    bundle, catalogue, who = await asyncio.to_thread(_check_bundle, deps, principal, app)
    form, problems = check_form(app, bundle.form_validator, catalogue)
    ids = list(app.document_ids)
    found = await deps.documents.metadata(ids, who.applicant_id) if ids else {}
    uploaded = match_documents(app, who, found, bundle.upload_requirements, problems)
    now = deps.now()
    year = now.today.year
    numbers = [
        await deps.writer.next_number(catalogue.service_type(p.service_type).department, year)
        for p in bundle.parts
    ]
    seq = await deps.writer.next_bundle_number(year)
    row = _bundle_row(bundle, catalogue, who, principal, form, now, bundle_number(year, seq))
    bundle_id = row["id"]
    parts = _bundle_parts(
        bundle, catalogue, app, who, principal, now, form, uploaded, row["id"], numbers
    )
    news = [events.bundle_submitted(row, parts, principal)]
    news += [events.case_submitted(case, principal) for case in parts]
    key = {"subject": principal.subject, "client_key": app.client_key,
           "fingerprint": app.fingerprint("bundle")}  # fmt: skip
    filed = await deps.writer.file_bundle(row, parts, key, news)
    return await asyncio.to_thread(_bundle_after, deps, principal, app, bundle_id, filed)


def _bundle_after(
    deps: Services, principal: Principal, app: Application, bundle_id: str, filed: bool
) -> BundleView:
    """The bundle as filed, or the one filed earlier under this client key."""
    with deps.uow() as uow:
        if filed:
            return bundle_by_id(deps, uow, bundle_id)
        target = _replay(deps, uow, principal, app, "bundle", bundle_id)
        assert target is not None, "called after the key was found taken"
        view = bundle_by_id(deps, uow, target)
        view.replayed = True
        uow.rollback()
        return view
