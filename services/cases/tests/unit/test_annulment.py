"""AnnulDecision with the in-memory fakes: who may annul, what the case records, the event."""

from __future__ import annotations

import asyncio

import pytest

from onewindow_cases.adapters.memory import Store
from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import decisions, submission, work
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.service_layer.ports import Services
from onewindow_cases.testing import SAMPLE_FORMS, citizen, staff
from onewindow_kit.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied

PENSION = "provident-fund-withdrawal"  # hrss, taken in at the central hall
CLERK = staff("hrss", "hall-central", "clerk", subject="clerk-1")
BOSS = staff("hrss", "hall-central", "supervisor", subject="boss-1")
OTHER_BOSS = staff("psb", "hall-central", "supervisor", subject="boss-psb")
APPLICANT = citizen("P-1")


def _decided(deps: Services, outcome: str = "approved"):
    app = Application(
        client_key="k-1", code=PENSION, catalogue_version=0,
        form=dict(SAMPLE_FORMS[PENSION]), document_ids=["P-1-resident_id"],
    )  # fmt: skip
    case = asyncio.run(submission.submit_case(deps, APPLICANT, app)).case
    for target in ("accepted", "in_review"):
        case = work.transition_case(deps, BOSS, c.TransitionCase(case.id, case.version, target, ""))
        case = case.case
    return decisions.decide_case(
        deps, BOSS, c.DecideCase(case.id, case.version, outcome, "no balance")
    ).case


def test_a_supervisor_of_the_department_annuls_an_approval_once(deps: Services, store: Store):
    case = _decided(deps)
    view = decisions.annul_decision(
        deps, BOSS, c.AnnulDecision(case.id, case.version, "  approved on a forged statement ")
    )
    assert view.case.version == case.version + 1 and view.case.status == case.status
    last = view.history[-1]
    assert (last.action, last.reason, last.actor_subject) == (
        "decision_annulled", "approved on a forged statement", "boss-1",
    )  # fmt: skip
    [event] = [e for e in store.events if e.name == "decision_annulled"]
    assert (event.subject, event.payload.reason, event.payload.annulled_by) == (
        case.id, "approved on a forged statement", "boss-1",
    )  # fmt: skip
    assert event.payload.applicant_id == "P-1" and event.payload.responsible_department == "hrss"
    with pytest.raises(FailedPrecondition, match="annulled already"):
        decisions.annul_decision(deps, BOSS, c.AnnulDecision(case.id, view.case.version, "again"))
    assert store.event_names(case.id).count("decision_annulled") == 1


def test_only_a_supervisor_of_the_responsible_department_with_a_reason(
    deps: Services, store: Store
):
    case = _decided(deps)
    with pytest.raises(PermissionDenied, match="supervisor"):
        decisions.annul_decision(deps, CLERK, c.AnnulDecision(case.id, case.version, "why"))
    with pytest.raises((PermissionDenied, NotFound)):
        decisions.annul_decision(deps, OTHER_BOSS, c.AnnulDecision(case.id, case.version, "x"))
    with pytest.raises(NotFound):  # the applicant does not learn more than a stranger
        decisions.annul_decision(deps, citizen("P-2"), c.AnnulDecision(case.id, case.version, "x"))
    with pytest.raises(InvalidArgument) as refused:
        decisions.annul_decision(deps, BOSS, c.AnnulDecision(case.id, case.version, "  "))
    assert [v.field for v in refused.value.violations] == ["reason"]
    with pytest.raises(InvalidArgument):
        decisions.annul_decision(deps, BOSS, c.AnnulDecision(case.id, case.version, "x" * 2001))
    assert "decision_annulled" not in store.event_names(case.id)
    assert store.cases[case.id].version == case.version


def test_a_rejection_cannot_be_annulled(deps: Services, store: Store):
    case = _decided(deps, "rejected")
    with pytest.raises(FailedPrecondition, match="no approval to annul"):
        decisions.annul_decision(deps, BOSS, c.AnnulDecision(case.id, case.version, "x"))
    assert "decision_annulled" not in store.event_names(case.id)
