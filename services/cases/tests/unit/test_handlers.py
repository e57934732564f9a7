"""Every command handler driven with the in-memory fakes (adapters/memory.py): the same rules
and events as against PostgreSQL, in milliseconds, no database."""

from __future__ import annotations

import asyncio

import pytest

from onewindow_cases.domain.documents import DocumentInfo
from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import decisions, ratings, submission, work
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.service_layer.ports import Services
from onewindow_cases.testing import (
    NEWBORN_PARTS,
    SAMPLE_FORMS,
    bundle_form,
    citizen,
    staff,
)
from onewindow_kit.errors import (
    Aborted,
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
)
from onewindow_kit.principal import Principal

PENSION = "provident-fund-withdrawal"  # hrss, taken in at the central hall
CLERK = staff("hrss", "hall-central", "clerk", subject="clerk-1")
BOSS = staff("hrss", "hall-central", "supervisor", subject="boss-1")
APPLICANT = citizen("P-1")


def application(key: str = "k-1", code: str = PENSION, **form_changes) -> Application:
    return Application(
        client_key=key, code=code, catalogue_version=0,
        form={**SAMPLE_FORMS[code], **form_changes}, document_ids=["P-1-resident_id"],
    )  # fmt: skip


def submit(deps: Services, key: str = "k-1", **form_changes):
    return asyncio.run(submission.submit_case(deps, APPLICANT, application(key, **form_changes)))


def accepted(deps: Services):
    case = submit(deps).case
    return work.transition_case(
        deps, BOSS, c.TransitionCase(case.id, case.version, "accepted", "")
    ).case


def test_submit_files_the_case_with_its_event_and_replays_the_same_key(deps, store):
    first = submit(deps)
    assert first.case.case_number == "HRSS-2027-000001" and first.case.status == "submitted"
    assert first.case.due_date is not None and not first.replayed
    again = submit(deps)
    assert (again.case.id, again.replayed) == (first.case.id, True)
    with pytest.raises(InvalidArgument, match="client_key"):
        submit(deps, reason="medical")
    assert store.event_names() == ["case_submitted"] and len(store.cases) == 1


def test_a_refused_submission_writes_nothing(deps, store):
    with pytest.raises(InvalidArgument) as refused:
        submit(deps, amount_cny="lots")
    assert [v.field for v in refused.value.violations] == ["form.amount_cny"]
    assert store.cases == {} and store.keys == {} and store.events == []


def test_submit_bundle_fans_out_one_part_per_department(deps, store):
    app = Application(
        client_key="baby", code="newborn", catalogue_version=0,
        form=bundle_form(*NEWBORN_PARTS),
        document_ids=["P-1-resident_id", "P-1-household_register"],
    )  # fmt: skip
    view = asyncio.run(submission.submit_bundle(deps, APPLICANT, app))
    assert view.row["bundle_number"] == "OW-2027-000001" and len(view.parts) == 4
    assert [p.row["clock"] for p in view.parts] == ["running", "waiting", "waiting", "running"]
    assert store.event_names() == ["bundle_submitted"] + ["case_submitted"] * 4
    again = asyncio.run(submission.submit_bundle(deps, APPLICANT, app))
    assert again.replayed and again.row["id"] == view.row["id"] and len(store.bundles) == 1


def test_claim_takes_the_case_once(deps, store):
    case = accepted(deps)
    claimed = work.claim_case(deps, CLERK, c.ClaimCase(case.id, case.version)).case
    assert claimed.assignee == "clerk-1" and claimed.version == case.version + 1
    with pytest.raises(FailedPrecondition, match="already yours"):
        work.claim_case(deps, CLERK, c.ClaimCase(claimed.id, claimed.version))
    assert store.event_names(case.id)[-1] == "case_assigned"
    assert store.event_names(case.id).count("case_assigned") == 1


def test_assign_is_for_supervisors(deps, store):
    case = accepted(deps)
    with pytest.raises(PermissionDenied):
        work.assign_case(deps, CLERK, c.AssignCase(case.id, case.version, "clerk-2", ""))
    case = work.assign_case(
        deps, BOSS, c.AssignCase(case.id, case.version, "clerk-2", "cover")
    ).case
    assert case.assignee == "clerk-2"
    assigned = store.events[-1]
    assert (assigned.name, assigned.payload.assigned_by, assigned.payload.action) == (
        "case_assigned",
        "boss-1",
        "assigned",
    )


def test_transition_checks_the_version_and_the_workflow(deps, store):
    case = submit(deps).case
    moved = work.transition_case(
        deps, BOSS, c.TransitionCase(case.id, case.version, "accepted", "")
    ).case
    assert moved.status == "accepted"
    with pytest.raises(Aborted):
        work.transition_case(deps, BOSS, c.TransitionCase(case.id, case.version, "in_review", ""))
    with pytest.raises(FailedPrecondition):
        work.transition_case(deps, BOSS, c.TransitionCase(case.id, moved.version, "closed", ""))
    assert store.event_names(case.id) == ["case_submitted", "case_status_changed"]
    with pytest.raises(NotFound):  # another citizen's case answers like a missing one
        work.transition_case(
            deps, citizen("P-2"), c.TransitionCase(case.id, moved.version, "in_review", "")
        )


def test_supplement_pauses_the_clock_and_the_answer_restarts_it(deps, store):
    case = accepted(deps)
    case = work.transition_case(
        deps, BOSS, c.TransitionCase(case.id, case.version, "in_review", "")
    ).case
    case = work.request_supplement(
        deps, BOSS, c.RequestSupplement(case.id, case.version, "unreadable", ["household_register"])
    ).case
    assert case.clock == "paused"
    answered = asyncio.run(
        work.provide_supplement(
            deps,
            APPLICANT,
            c.ProvideSupplement(case.id, case.version, ["P-1-household_register"], {}),
        )
    )
    assert (answered.case.clock, answered.case.status) == ("running", "in_review")
    assert answered.supplements[0].provided_document_ids == ["P-1-household_register"]
    assert store.event_names(case.id)[-4:] == [
        "case_status_changed", "supplement_requested", "case_status_changed",
        "supplement_provided",
    ]  # fmt: skip


def test_extend_once_where_the_service_type_allows_it(deps, store):
    with pytest.raises(FailedPrecondition, match="does not allow"):
        case = accepted(deps)
        work.extend_deadline(deps, BOSS, c.ExtendDeadline(case.id, case.version, 3, "audit"))
    deps.documents.add(  # type: ignore[attr-defined]
        DocumentInfo("P-1-licence", "P-1", "business_licence", "business_licence", "samr"),
        DocumentInfo("P-1-floor_plan", "P-1", "floor_plan"),
    )
    app = Application(
        client_key="food", code="food-business-licence", catalogue_version=0,
        form=dict(SAMPLE_FORMS["food-business-licence"]),
        document_ids=["P-1-licence", "P-1-floor_plan"],
    )  # fmt: skip
    case = asyncio.run(submission.submit_case(deps, APPLICANT, app)).case
    boss = staff("samr", "hall-east", "supervisor")
    case = work.transition_case(
        deps, boss, c.TransitionCase(case.id, case.version, "accepted", "")
    ).case
    before = case.due_date
    case = work.extend_deadline(
        deps, boss, c.ExtendDeadline(case.id, case.version, 3, "site visit")
    ).case
    assert case.due_date > before and case.extension_days == 3
    with pytest.raises(FailedPrecondition, match="already extended"):
        work.extend_deadline(deps, boss, c.ExtendDeadline(case.id, case.version, 1, "again"))
    assert store.event_names(case.id)[-1] == "deadline_extended"


def decided(deps: Services, outcome: str = "approved"):
    case = accepted(deps)
    case = work.transition_case(
        deps, BOSS, c.TransitionCase(case.id, case.version, "in_review", "")
    ).case
    return decisions.decide_case(
        deps, BOSS, c.DecideCase(case.id, case.version, outcome, "no balance")
    ).case


def test_decide_and_close(deps, store):
    case = decided(deps, "rejected")
    assert (case.decision, case.status) == ("rejected", "rejected")
    with pytest.raises(FailedPrecondition):
        decisions.decide_case(deps, BOSS, c.DecideCase(case.id, case.version, "approved", ""))
    case = decisions.close_case(deps, BOSS, c.CloseCase(case.id, case.version, "letter sent")).case
    assert case.status == "closed"
    assert store.event_names(case.id)[-4:] == [
        "case_status_changed",
        "case_decided",
        "case_status_changed",
        "case_closed",
    ]


def test_withdraw_is_the_applicants(deps, store):
    case = submit(deps).case
    with pytest.raises(NotFound):
        decisions.withdraw_case(deps, citizen("P-2"), c.WithdrawCase(case.id, case.version, ""))
    case = decisions.withdraw_case(
        deps, APPLICANT, c.WithdrawCase(case.id, case.version, "moved")
    ).case
    assert (case.status, case.clock) == ("withdrawn", "stopped")
    assert store.event_names(case.id)[-1] == "case_withdrawn"


def test_rating_once_and_a_low_score_opens_a_follow_up(deps, store):
    case = decided(deps)
    with pytest.raises(FailedPrecondition, match="once it is closed"):
        ratings.rate_case(deps, APPLICANT, c.RateCase(case.id, 2, ""))
    case = decisions.close_case(deps, BOSS, c.CloseCase(case.id, case.version, "")).case
    rating = ratings.rate_case(deps, APPLICANT, c.RateCase(case.id, 2, "slow"))
    with pytest.raises(AlreadyExists):
        ratings.rate_case(deps, APPLICANT, c.RateCase(case.id, 5, ""))
    assert rating["follow_up_task_id"] and store.event_names(case.id)[-1] == "rating_received"

    with pytest.raises(InvalidArgument, match="resolution"):
        ratings.complete_follow_up(
            deps, BOSS, c.CompleteFollowUpTask(rating["follow_up_task_id"], " ")
        )
    done = ratings.complete_follow_up(
        deps, BOSS, c.CompleteFollowUpTask(rating["follow_up_task_id"], "called back")
    )
    assert (done["state"], done["resolved_by"]) == ("done", "boss-1")
    with pytest.raises(FailedPrecondition, match="done already"):
        ratings.complete_follow_up(
            deps, BOSS, c.CompleteFollowUpTask(rating["follow_up_task_id"], "again")
        )


def department_system(dept: str) -> Principal:
    """A department's system: a client-credentials account (realm role ``service``)."""
    return Principal(
        subject=f"service-account-{dept}-system", roles=frozenset({"service"}), department=dept
    )


def test_a_department_system_claims_moves_and_decides_its_departments_cases(deps, store):
    system = department_system("hrss")
    case = submit(deps).case
    case = work.transition_case(
        deps, system, c.TransitionCase(case.id, case.version, "accepted", "")
    ).case
    case = work.claim_case(deps, system, c.ClaimCase(case.id, case.version)).case
    assert case.assignee == system.subject
    case = work.transition_case(
        deps, system, c.TransitionCase(case.id, case.version, "in_review", "")
    ).case
    case = decisions.decide_case(
        deps, system, c.DecideCase(case.id, case.version, "approved", "checked by the system")
    ).case
    assert (case.status, case.decided_by) == ("approved", system.subject)
    assert store.event_names(case.id)[-2:] == ["case_status_changed", "case_decided"]


def test_another_departments_system_does_not_see_the_case(deps, store):
    case = accepted(deps)
    with pytest.raises(NotFound, match=r"^case not found$"):
        work.claim_case(deps, department_system("psb"), c.ClaimCase(case.id, case.version))
    no_department = Principal(subject="service-account-x", roles=frozenset({"service"}))
    with pytest.raises(NotFound, match=r"^case not found$"):
        work.claim_case(deps, no_department, c.ClaimCase(case.id, case.version))
    assert store.event_names(case.id).count("case_assigned") == 0
