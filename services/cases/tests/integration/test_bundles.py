"""Bundles: one application fans out to one sub-case per department; parts reusing an earlier
part's certificate wait for it; one combined status; completion when all parts are settled."""

import pytest
from cases_support import on_loop

from onewindow.cases.v1 import events_pb2 as ev
from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import decisions, queries, submission, work
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.testing import NEWBORN_PARTS, RESTAURANT_PARTS, bundle_form, citizen, staff

pytestmark = pytest.mark.integration
OFFICE_OF = {"health": "hosp-1", "psb": "hall-central", "medsec": "hall-central",
             "hrss": "hall-central", "samr": "hall-central", "fire": "hall-central",
             "urban": "hall-central"}  # fmt: skip


def newborn(deps, who=None, **kw):
    fields = {
        "client_key": "baby-1", "code": "newborn", "catalogue_version": 0,
        "form": bundle_form(*NEWBORN_PARTS),
        "document_ids": ["P-1-resident_id", "P-1-household_register"],
    }  # fmt: skip
    fields.update(kw)
    return on_loop(submission.submit_bundle)(deps, who or citizen("P-1"), Application(**fields))


def decide(deps, case_id, outcome, reason=""):
    case = queries.get_case(deps, citizen("P-1"), case_id).case
    boss = staff(case.responsible_department, OFFICE_OF[case.responsible_department], "supervisor")
    for to in ("accepted", "in_review"):
        case = work.transition_case(
            deps, boss, c.TransitionCase(case.id, case.version, to, "")
        ).case
    return decisions.decide_case(
        deps, boss, c.DecideCase(case.id, case.version, outcome, reason)
    ).case


def test_newborn_bundle_fans_out_and_waits_for_the_certificate(deps, outbox):
    view = newborn(deps)
    parts = view.parts
    assert [p.row["responsible_department"] for p in parts] == ["health", "psb", "medsec", "hrss"]
    assert view.progress.state == "in_progress" and view.progress.text["en"] == (
        "In progress: 0 of 4 parts decided"
    )
    assert [p.row["clock"] for p in parts] == ["running", "waiting", "waiting", "running"]
    household = queries.get_case(deps, citizen("P-1"), parts[1].row["id"]).case
    assert household.documents[0] == {
        "document_type": "birth_medical_certificate", "document_id": "",
        "satisfied_by_case_id": parts[0].row["id"], "state": "awaiting_part",
    }  # fmt: skip
    assert household.form == {
        "child_name": "Li Xiaoming", "birth_date": "2027-02-20", "household_number": "110105123",
    }  # fmt: skip
    # waiting parts are not in the department's queue and cannot be worked on yet
    psb = staff("psb", "hall-central", "supervisor")
    listed = queries.list_queue(deps, psb, queries.QueueQuery([], [], "", "", "", 50, ""))
    assert listed.items == []
    assert outbox.names()[:2] == ["bundle_submitted", "case_submitted"]

    decide(deps, parts[0].row["id"], "approved")
    released = queries.get_case(deps, citizen("P-1"), parts[1].row["id"]).case
    assert released.clock == "running" and released.due_date is not None
    assert released.documents[0]["state"] == "part_approved"
    listed = queries.list_queue(deps, psb, queries.QueueQuery([], [], "", "", "", 50, ""))
    assert [s.row["id"] for s in listed.items] == [released.id]


def test_rejected_part_hides_nothing_and_bundle_completes(deps, outbox):
    view = newborn(deps)
    ids = [p.row["id"] for p in view.parts]
    decide(deps, ids[0], "approved")
    decide(deps, ids[3], "rejected", "address outside the city")
    decide(deps, ids[1], "approved")
    assert outbox.payloads("bundle_completed", ev.BundleCompleted) == []
    decide(deps, ids[2], "approved")
    done = outbox.payloads("bundle_completed", ev.BundleCompleted)
    assert len(done) == 1 and done[0].outcome == "partially_approved"
    assert [p.outcome for p in done[0].parts] == ["approved", "approved", "approved", "rejected"]
    bundle = queries.get_bundle(deps, citizen("P-1"), view.row["id"])
    assert (bundle.progress.state, bundle.progress.text["en"]) == (
        "completed", "Completed: 3 of 4 parts approved",
    )  # fmt: skip
    assert [p.status.code for p in bundle.parts] == ["approved", "approved", "approved", "rejected"]


def test_failed_prerequisite_asks_for_the_upload_instead(deps, outbox):
    view = newborn(deps)
    ids = [p.row["id"] for p in view.parts]
    decide(deps, ids[0], "rejected", "birth not registered at this hospital")
    household = queries.get_case(deps, citizen("P-1"), ids[1])
    assert (household.case.status, household.case.clock) == ("awaiting_supplement", "paused")
    assert household.supplements[0].requested_document_types == ["birth_medical_certificate"]
    answered = on_loop(work.provide_supplement)(
        deps,
        citizen("P-1"),
        c.ProvideSupplement(ids[1], household.case.version, ["P-1-birth_medical_certificate"], {}),
    ).case
    assert (answered.status, answered.clock) == ("submitted", "running")
    uploaded = {
        "document_type": "birth_medical_certificate",
        "document_id": "P-1-birth_medical_certificate",
        "satisfied_by_case_id": "",
        "state": "provided",
    }
    assert uploaded in answered.documents


def test_restaurant_bundle_by_a_clerk_at_one_office_for_four_departments(deps):
    clerk = staff("samr", "hall-east", "clerk")
    view = on_loop(submission.submit_bundle)(
        deps, clerk,
        Application(
            client_key="shop-1", code="open-a-restaurant", catalogue_version=0,
            form=bundle_form(*RESTAURANT_PARTS),
            document_ids=["P-2-resident_id", "P-2-lease_contract", "P-2-floor_plan",
                          "P-2-signboard_design"],
            applicant_id="P-2", identity_verified_in_person=True, delivery_office="hall-central",
        ),
    )  # fmt: skip
    assert [p.row["responsible_department"] for p in view.parts] == [
        "samr",
        "samr",
        "fire",
        "urban",
    ]
    assert {p.row["receiving_office"] for p in view.parts} == {"hall-east"}
    assert [p.row["clock"] for p in view.parts] == ["running", "waiting", "waiting", "running"]
    mine = queries.list_my_bundles(deps, citizen("P-2"), 10, "")
    assert [b.row["bundle_number"] for b in mine.items] == [view.row["bundle_number"]]


def test_bundle_missing_upload_is_refused(deps, rows):
    from onewindow_kit.errors import InvalidArgument

    with pytest.raises(InvalidArgument) as exc:
        newborn(deps, document_ids=["P-1-resident_id"])
    assert {v.field for v in exc.value.violations} == {"document_ids"}
    assert rows("cases") == 0 and rows("bundles") == 0


def test_my_bundles_page_by_page_and_within_a_mandate_scope(deps):
    first, second = newborn(deps), newborn(deps, client_key="baby-2")
    page = queries.list_my_bundles(deps, citizen("P-1"), 1, "")
    rest = queries.list_my_bundles(deps, citizen("P-1"), 1, page.next_page_token)
    listed = [b.row["id"] for b in [*page.items, *rest.items]]
    assert sorted(listed) == sorted([first.row["id"], second.row["id"]])
    assert queries.list_my_bundles(deps, citizen("P-1"), 1, rest.next_page_token).items == []
    assert [len(b.parts) for b in page.items] == [len(NEWBORN_PARTS)]
    assert page.items[0].parts[0].row["bundle_id"] == page.items[0].row["id"]
    # a representative sees a bundle only when the mandate covers every part of it
    every_part = frozenset(NEWBORN_PARTS)
    covered = citizen("P-9", acting_for="P-1", scope=every_part)
    partly = citizen("P-8", acting_for="P-1", scope=every_part - {NEWBORN_PARTS[0]})
    assert len(queries.list_my_bundles(deps, covered, 10, "").items) == 2
    assert queries.list_my_bundles(deps, partly, 10, "").items == []
