"""Decide, close, withdraw; and what a settled bundle part means for the others: parts reusing
its certificate start (or ask for an upload), and the bundle completes when all are settled."""

from __future__ import annotations

from onewindow_cases.domain.access import SYSTEM
from onewindow_cases.domain.bundle import bundle_progress
from onewindow_cases.domain.case import ANNULLED, Case
from onewindow_cases.domain.case_parts import settle_prerequisite
from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import events
from onewindow_cases.service_layer.ports import Services
from onewindow_cases.service_layer.views import CaseView, part_state
from onewindow_cases.service_layer.work import Work, change_case
from onewindow_kit.errors import Aborted
from onewindow_kit.principal import Principal


def _lock_bundle(w: Work) -> dict | None:
    """Serialise settlements within a bundle; the case must not have changed meanwhile."""
    if not w.case.bundle_id:
        return None
    bundle = w.uow.bundles.get(w.case.bundle_id, lock=True)
    fresh = w.uow.cases.get(w.case.id)
    if fresh is None or fresh.version != w.case.version:
        raise Aborted(f"case {w.case.case_number} changed meanwhile; reload it and try again")
    return bundle


def _settle_dependents(w: Work, parts: list[Case]) -> None:
    approved = w.case.decision == "approved"
    for part in parts:
        if part.id == w.case.id:
            continue
        awaited = any(
            d.get("satisfied_by_case_id") == w.case.id and d.get("state") == "awaiting_part"
            for d in part.documents
        )
        if not awaited:
            continue
        st = w.catalogue.service_type(part.service_type)
        before = part.version
        change, supplement = settle_prerequisite(part, w.case.id, approved, st, SYSTEM, w.now)
        if supplement is not None:
            w.uow.supplements.add(supplement)
            w.uow.emit(events.supplement_requested(part, supplement, None))
        if change is not None:
            w.uow.emit(events.status_changed(part, change, st, None))
        w.uow.cases.save(part, before)


def _after_settlement(w: Work, bundle: dict | None) -> None:
    """Bundle consequences of a decision or withdrawal of one part."""
    if bundle is None:
        return
    parts = [w.case if p.id == w.case.id else p for p in w.uow.cases.parts_of(bundle["id"])]
    _settle_dependents(w, parts)
    progress = bundle_progress([part_state(p) for p in parts])
    if progress.state == "completed" and bundle["state"] != "completed":
        w.uow.bundles.complete(bundle["id"], progress.outcome, w.now.at)
        w.uow.emit(events.bundle_completed(bundle, parts, progress))


def decide_case(deps: Services, principal: Principal, cmd: c.DecideCase) -> CaseView:
    """Approve or reject; approval of a certificate service asks the documents service (via
    case_decided) to issue it."""

    def apply(w: Work) -> None:
        bundle = _lock_bundle(w)
        change = w.case.decide(w.service, cmd.outcome, cmd.reason, w.principal, w.now, w.catalogue)
        w.uow.emit(events.status_changed(w.case, change, w.service, w.principal))
        w.uow.emit(events.case_decided(w.case, w.service, w.principal))
        _after_settlement(w, bundle)

    return change_case(deps, principal, cmd.case_id, cmd.expected_version, apply)


def annul_decision(deps: Services, principal: Principal, cmd: c.AnnulDecision) -> CaseView:
    """A supervisor of the responsible department annuls an approval (with a reason); the
    documents service revokes the certificate on decision_annulled."""

    def apply(w: Work) -> None:
        before = any(h.action == ANNULLED for h in w.uow.cases.history(w.case.id))
        change = w.case.annul(cmd.reason, w.principal, w.now, annulled_before=before)
        w.uow.emit(events.decision_annulled(w.case, change.reason, w.principal))

    return change_case(deps, principal, cmd.case_id, cmd.expected_version, apply)


def close_case(deps: Services, principal: Principal, cmd: c.CloseCase) -> CaseView:
    """Close a decided case (then the applicant may rate it)."""

    def apply(w: Work) -> None:
        change = w.case.close(w.service, cmd.reason, w.principal, w.now, w.catalogue)
        w.uow.emit(events.status_changed(w.case, change, w.service, w.principal))
        w.uow.emit(events.case_closed(w.case, w.principal))

    return change_case(deps, principal, cmd.case_id, cmd.expected_version, apply)


def withdraw_case(deps: Services, principal: Principal, cmd: c.WithdrawCase) -> CaseView:
    """The applicant withdraws before a decision."""

    def apply(w: Work) -> None:
        bundle = _lock_bundle(w)
        change = w.case.withdraw(w.service, cmd.reason, w.principal, w.now, w.catalogue)
        w.uow.emit(events.status_changed(w.case, change, w.service, w.principal))
        w.uow.emit(events.case_withdrawn(w.case, change.reason, w.principal))
        _after_settlement(w, bundle)

    return change_case(deps, principal, cmd.case_id, cmd.expected_version, apply)
