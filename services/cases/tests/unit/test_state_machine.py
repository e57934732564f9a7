"""The workflow a citizen and staff experience: who may move a case where, with which errors,
and what each move does to the history and the statutory clock."""

from datetime import date

import pytest

from onewindow_cases.domain.case import Now
from onewindow_cases.testing import citizen, staff
from onewindow_kit.errors import Aborted, FailedPrecondition, InvalidArgument, PermissionDenied


def test_clerk_of_another_department_takes_in_at_an_office_serving_the_department(
    catalogue, new_case, now
):
    case = new_case("newborn-household-registration")  # psb case
    clerk = staff("civil", "hall-east", "clerk")  # civil clerk; hall-east serves psb
    st = catalogue.service_type(case.service_type)
    change = case.move(st, "accepted", clerk, "", now, catalogue=catalogue)
    assert (change.from_status, change.to_status) == ("submitted", "accepted")
    entry = case.new_history[-1]
    assert (entry.actor_subject, entry.actor_department, entry.actor_office) == (
        clerk.subject, "civil", "hall-east",
    )  # fmt: skip
    assert case.version == 2


def test_intake_refused_at_an_office_that_does_not_serve_the_department(catalogue, new_case, now):
    case = new_case("birth-medical-certificate")  # health: only hosp-1 serves it
    clerk = staff("psb", "hall-central", "clerk")
    st = catalogue.service_type(case.service_type)
    with pytest.raises(PermissionDenied, match="office serving department 'health'"):
        case.move(st, "accepted", clerk, "", now, catalogue=catalogue)
    assert case.status == "submitted" and case.version == 1 and not case.new_history


def test_only_the_responsible_department_decides(catalogue, new_case, now):
    case = new_case("newborn-household-registration", status="in_review")
    st = catalogue.service_type(case.service_type)
    other = staff("civil", "hall-central", "supervisor")
    with pytest.raises(PermissionDenied, match="department 'psb'"):
        case.decide(st, "approved", "", other, now, catalogue)
    boss = staff("psb", "hall-central", "supervisor")
    case.decide(st, "approved", "", boss, now, catalogue)
    assert case.status == "approved" and case.decision == "approved"


def test_illegal_transition_names_the_current_state(catalogue, new_case, now):
    case = new_case(status="accepted")
    st = catalogue.service_type(case.service_type)
    with pytest.raises(FailedPrecondition, match="in status 'accepted'") as exc:
        case.decide(st, "approved", "", staff("psb", "hall-central", "supervisor"), now, catalogue)
    assert "cannot be decided" in exc.value.message


def test_plain_transition_to_unknown_or_unreachable_status(catalogue, new_case, now):
    case = new_case()
    st = catalogue.service_type(case.service_type)
    boss = staff("psb", "hall-central", "supervisor")
    with pytest.raises(FailedPrecondition, match=r"in status 'submitted'.*allowed next"):
        case.plain_transition(st, "in_review", boss, "", now, catalogue)
    with pytest.raises(FailedPrecondition, match="use DecideCase"):
        case.plain_transition(st, "approved", boss, "", now, catalogue)


def test_clerk_must_claim_before_working_a_case(catalogue, new_case, now):
    case = new_case(status="accepted")
    st = catalogue.service_type(case.service_type)
    clerk = staff("psb", "hall-central", "clerk")
    with pytest.raises(PermissionDenied, match="claim it"):
        case.move(st, "in_review", clerk, "", now, catalogue=catalogue)
    case.claim(clerk, now)
    case.move(st, "in_review", clerk, "", now, catalogue=catalogue)
    assert case.status == "in_review" and case.assignee == clerk.subject
    assert [h.action for h in case.new_history] == ["claimed", "transition"]


def test_second_claim_fails_and_stale_version_aborts(catalogue, new_case, now):
    case = new_case(status="accepted")
    first, second = staff("psb", "hall-central", "clerk"), staff("psb", "hall-east", "clerk")
    case.claim(first, now)
    with pytest.raises(FailedPrecondition, match=f"already assigned to {first.subject}"):
        case.claim(second, now)
    with pytest.raises(Aborted, match="now version 2"):
        case.check_version(1)


def test_citizen_cannot_make_staff_transitions_nor_claim(catalogue, new_case, now):
    case = new_case()
    st = catalogue.service_type(case.service_type)
    with pytest.raises(PermissionDenied):
        case.move(st, "accepted", citizen("P-1"), "", now, catalogue=catalogue)
    with pytest.raises(PermissionDenied, match="clerk or supervisor"):
        case.claim(citizen("P-1"), now)


def test_rejection_needs_a_reason_and_stops_the_clock(catalogue, new_case, now):
    case = new_case(status="in_review")
    st = catalogue.service_type(case.service_type)
    boss = staff("psb", "hall-central", "supervisor")
    with pytest.raises(InvalidArgument) as exc:
        case.decide(st, "rejected", " ", boss, now, catalogue)
    assert exc.value.violations[0].field == "reason"
    case.decide(st, "rejected", "household number does not exist", boss, now, catalogue)
    assert case.clock == "stopped" and case.decision_reason == "household number does not exist"


def test_approval_of_certificate_service_names_the_certificate(catalogue, new_case, now):
    case = new_case("birth-medical-certificate", status="in_review")
    st = catalogue.service_type(case.service_type)
    case.decide(st, "approved", "", staff("health", "hosp-1", "supervisor"), now, catalogue)
    assert case.certificate_type == "birth_medical_certificate"


def test_supplement_pauses_clock_and_answer_moves_due_date(catalogue, new_case, now):
    case = new_case(status="in_review")
    st = catalogue.service_type(case.service_type)
    boss = staff("psb", "hall-central", "supervisor")
    assert case.due_date == date(2027, 3, 8)
    change, supplement = case.request_supplement(
        st, "household register page missing", ["household_register"], boss, now, catalogue
    )
    assert change.to_status == "awaiting_supplement" and case.clock == "paused"
    later = Now(now.at, date(2027, 3, 4), now.calendar)  # three working days later
    case.provide_supplement(st, supplement, ["doc-9"], citizen("P-1"), later, catalogue)
    assert case.status == "in_review" and case.clock == "running"
    assert case.due_date == date(2027, 3, 11)
    assert supplement.provided_document_ids == ["doc-9"]


def test_supplement_request_needs_reason_and_known_document_types(catalogue, new_case, now):
    case = new_case(status="in_review")
    st = catalogue.service_type(case.service_type)
    boss = staff("psb", "hall-central", "supervisor")
    with pytest.raises(InvalidArgument, match="reason"):
        case.request_supplement(st, "", [], boss, now, catalogue)
    with pytest.raises(InvalidArgument, match="unknown document types"):
        case.request_supplement(st, "x", ["passport"], boss, now, catalogue)


def test_applicant_withdraws_before_decision_only(catalogue, new_case, now):
    case = new_case(status="in_review")
    st = catalogue.service_type(case.service_type)
    with pytest.raises(PermissionDenied):
        case.withdraw(st, "changed my mind", citizen("P-2"), now, catalogue)
    case.withdraw(st, "changed my mind", citizen("P-1"), now, catalogue)
    assert case.status == "withdrawn" and case.clock == "stopped"
    decided = new_case(status="approved", decision="approved")
    with pytest.raises(FailedPrecondition, match="already approved"):
        decided.withdraw(st, "", citizen("P-1"), now, catalogue)


def test_mandated_representative_acts_for_the_applicant(catalogue, new_case, now):
    case = new_case(status="in_review")
    st = catalogue.service_type(case.service_type)
    case.withdraw(st, "", citizen("P-7", acting_for="P-1"), now, catalogue)
    assert case.new_history[-1].acting_for == "P-1"


def test_close_after_decision_and_supervisor_assigns(catalogue, new_case, now):
    case = new_case(status="in_review")
    st = catalogue.service_type(case.service_type)
    boss = staff("psb", "hall-central", "supervisor")
    case.assign("clerk-42", "", boss, now)
    case.assign("clerk-43", "leave", boss, now)
    assert case.assignee == "clerk-43"
    assert [h.action for h in case.new_history] == ["assigned", "reassigned"]
    with pytest.raises(PermissionDenied):
        case.assign("clerk-44", "", staff("psb", "hall-central", "clerk"), now)
    case.decide(st, "approved", "", boss, now, catalogue)
    case.close(st, "", boss, now, catalogue)
    assert case.status == "closed" and wf_final(catalogue, case)


def wf_final(catalogue, case) -> bool:
    return catalogue.service_type(case.service_type).workflow.status(case.status).final


def test_extension_only_by_supervisor_where_service_allows(catalogue, new_case, now):
    food = new_case("food-business-licence", status="in_review")
    st = catalogue.service_type("food-business-licence")
    due = food.due_date
    with pytest.raises(PermissionDenied):
        food.extend(st, 5, "site visit", staff("samr", "hall-central", "clerk"), now)
    food.extend(st, 5, "site visit", staff("samr", "hall-central", "supervisor"), now)
    assert food.due_date == now.calendar.add_working_days(due, 5)
    household = new_case(status="in_review")
    with pytest.raises(FailedPrecondition, match="does not allow"):
        household.extend(
            catalogue.service_type(household.service_type), 2, "x",
            staff("psb", "hall-central", "supervisor"), now,
        )  # fmt: skip
