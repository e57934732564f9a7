"""Submit → queue → claim → supplement → decide → close → rate against PostgreSQL, with the
events asserted from the outbox."""

import re
from datetime import date

import pytest
from cases_support import on_loop

from onewindow.cases.v1 import events_pb2 as ev
from onewindow_cases.domain.documents import DocumentInfo
from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import decisions, queries, ratings, submission, work
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.testing import SAMPLE_FORMS, citizen, staff
from onewindow_kit.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound

pytestmark = pytest.mark.integration


def submit(deps, who, service_type, key="k1", docs=None, **extra):
    app = Application(
        client_key=key,
        code=service_type,
        catalogue_version=0,
        form=dict(SAMPLE_FORMS[service_type]),
        document_ids=docs if docs is not None else ["P-1-resident_id"],
        **extra,
    )
    return on_loop(submission.submit_case)(deps, who, app)


def queue(deps, who, **filters):
    q = queries.QueueQuery(
        statuses=filters.get("statuses", []),
        service_types=filters.get("service_types", []),
        receiving_office=filters.get("receiving_office", ""),
        due_on_or_before=filters.get("due", ""),
        assignee=filters.get("assignee", ""),
        page_size=filters.get("page_size", 50),
        page_token=filters.get("page_token", ""),
    )
    return queries.list_queue(deps, who, q)


def test_full_lifecycle_with_events(deps, outbox, clock):
    applicant = citizen("P-1")
    view = submit(deps, applicant, "birth-medical-certificate")
    case = view.case
    assert re.fullmatch(r"HEALTH-2027-\d{6}", case.case_number)
    assert (case.status, case.due_date, case.channel) == ("submitted", date(2027, 3, 4), "online")

    nurse = staff("health", "hosp-1", "clerk")
    case = work.transition_case(
        deps, nurse, c.TransitionCase(case.id, case.version, "accepted", "")
    ).case
    listed = queue(deps, nurse, statuses=["accepted"])
    assert [s.row["case_number"] for s in listed.items] == [case.case_number]

    case = work.claim_case(deps, nurse, c.ClaimCase(case.id, case.version)).case
    case = work.transition_case(
        deps, nurse, c.TransitionCase(case.id, case.version, "in_review", "")
    ).case
    case = work.request_supplement(
        deps,
        nurse,
        c.RequestSupplement(case.id, case.version, "the ID copy is unreadable", ["resident_id"]),
    ).case
    assert (case.status, case.clock) == ("awaiting_supplement", "paused")

    clock.day = date(2027, 3, 3)  # two working days pass while paused
    answered = on_loop(work.provide_supplement)(
        deps,
        applicant,
        c.ProvideSupplement(
            case.id, case.version, ["P-1-resident_id"], {"father_id_number": "110105199003071234"}
        ),
    )
    case = answered.case
    assert (case.status, case.clock, case.due_date) == ("in_review", "running", date(2027, 3, 8))
    assert case.form["father_id_number"] == "110105199003071234"
    assert answered.supplements[0].provided_document_ids == ["P-1-resident_id"]

    boss = staff("health", "hosp-1", "supervisor")
    case = decisions.decide_case(
        deps, boss, c.DecideCase(case.id, case.version, "approved", "")
    ).case
    case = decisions.close_case(
        deps, nurse, c.CloseCase(case.id, case.version, "certificate handed over")
    ).case
    assert case.status == "closed"

    rating = ratings.rate_case(deps, applicant, c.RateCase(case.id, 2, "slow answer at the desk"))
    assert rating["follow_up_task_id"]
    tasks = ratings.list_follow_ups(deps, boss, True, 10, "")
    assert [t["case_number"] for t in tasks.items] == [case.case_number]

    assert outbox.names(case.id) == [
        "case_submitted", "case_status_changed", "case_assigned", "case_status_changed",
        "case_status_changed", "supplement_requested", "case_status_changed", "supplement_provided",
        "case_status_changed", "case_decided", "case_status_changed", "case_closed",
        "rating_received",
    ]  # fmt: skip
    decided = outbox.payloads("case_decided", ev.CaseDecided)[0]
    assert (decided.outcome, decided.issue_certificate, decided.certificate_type) == (
        "approved", True, "birth_medical_certificate",
    )  # fmt: skip
    assert (decided.applicant_id, decided.responsible_department) == ("P-1", "health")

    history = queries.get_case(deps, applicant, case.id).history
    assert [h.action for h in history] == [
        "submitted", "transition", "claimed", "transition", "supplement_requested",
        "supplement_provided", "decided", "closed",
    ]  # fmt: skip
    assert history[1].actor_office == "hosp-1"


def test_rating_only_once_and_only_after_closure(deps):
    applicant = citizen("P-1")
    case = submit(deps, applicant, "provident-fund-withdrawal").case
    with pytest.raises(FailedPrecondition, match="once it is closed"):
        ratings.rate_case(deps, applicant, c.RateCase(case.id, 5, ""))
    clerk = staff("hrss", "hall-central", "supervisor")
    for to in ("accepted", "in_review"):
        case = work.transition_case(
            deps, clerk, c.TransitionCase(case.id, case.version, to, "")
        ).case
    case = decisions.decide_case(
        deps, clerk, c.DecideCase(case.id, case.version, "rejected", "no balance")
    ).case
    case = decisions.close_case(deps, clerk, c.CloseCase(case.id, case.version, "")).case
    with pytest.raises(NotFound):
        ratings.rate_case(deps, citizen("P-2"), c.RateCase(case.id, 5, ""))
    ratings.rate_case(deps, applicant, c.RateCase(case.id, 4, "clear explanation"))
    with pytest.raises(AlreadyExists):
        ratings.rate_case(deps, applicant, c.RateCase(case.id, 5, ""))
    summary = ratings.rating_summary(deps, clerk, "service_type", "")
    assert [(r["key"], r["count"], float(r["average"])) for r in summary] == [
        ("provident-fund-withdrawal", 1, 4.0)
    ]
    with pytest.raises(InvalidArgument):
        ratings.rate_case(deps, applicant, c.RateCase(case.id, 6, ""))


def test_withdraw_before_decision_and_extension(deps, outbox):
    applicant = citizen("P-1")
    # a food business licence needs the business licence OneWindow issued earlier
    deps.documents.add(
        DocumentInfo(
            "P-1-licence",
            "P-1",
            "business_licence",
            certificate_type="business_licence",
            issuer_department="samr",
        )
    )
    case = submit(
        deps, applicant, "food-business-licence", docs=["P-1-licence", "P-1-floor_plan"]
    ).case
    boss = staff("samr", "hall-east", "supervisor")
    case = work.transition_case(
        deps, boss, c.TransitionCase(case.id, case.version, "accepted", "")
    ).case
    before = case.due_date
    case = work.extend_deadline(
        deps, boss, c.ExtendDeadline(case.id, case.version, 5, "site visit")
    ).case
    assert case.due_date > before and case.extension_days == 5
    with pytest.raises(FailedPrecondition, match="already extended"):
        work.extend_deadline(deps, boss, c.ExtendDeadline(case.id, case.version, 1, "again"))
    case = decisions.withdraw_case(
        deps, applicant, c.WithdrawCase(case.id, case.version, "moved city")
    ).case
    assert (case.status, case.clock) == ("withdrawn", "stopped")
    assert outbox.names(case.id)[-3:] == [
        "deadline_extended",
        "case_status_changed",
        "case_withdrawn",
    ]
