"""The deadline scanner alerts once per case and threshold; staff reads are logged for the
citizen; citizens see only their own cases; lists page with cursors."""

from datetime import date

import pytest
from cases_support import on_loop

from onewindow.cases.v1 import events_pb2 as ev
from onewindow_cases.service_layer import catalogue as admin
from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import queries, submission, work
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.service_layer.deadlines import scan_once
from onewindow_cases.testing import SAMPLE_CATALOGUE, SAMPLE_FORMS, citizen, staff
from onewindow_kit.errors import InvalidArgument, NotFound, PermissionDenied

pytestmark = pytest.mark.integration


def file(deps, key, service_type="provident-fund-withdrawal", person="P-1"):
    return on_loop(submission.submit_case)(
        deps,
        citizen(person),
        Application(
            key, service_type, 0, dict(SAMPLE_FORMS[service_type]), [f"{person}-resident_id"]
        ),
    ).case


def test_scanner_alerts_approaching_and_overdue_exactly_once(deps, clock, outbox):
    running = file(deps, "a")  # 3 working days from Mon 1 Mar: due Thu 4 Mar, warn Thu 4 Mar
    paused = file(deps, "b")
    boss = staff("hrss", "hall-central", "supervisor")
    for to in ("accepted", "in_review"):
        paused = work.transition_case(
            deps, boss, c.TransitionCase(paused.id, paused.version, to, "")
        ).case
    work.request_supplement(
        deps, boss, c.RequestSupplement(paused.id, paused.version, "amount unclear", [])
    )

    clock.day = date(2027, 3, 3)
    assert scan_once(deps) == {"approaching": 0, "overdue": 0, "follow_up_overdue": 0}
    clock.day = date(2027, 3, 4)
    assert scan_once(deps) == {"approaching": 1, "overdue": 0, "follow_up_overdue": 0}
    assert scan_once(deps) == {"approaching": 0, "overdue": 0, "follow_up_overdue": 0}
    clock.day = date(2027, 3, 5)
    assert scan_once(deps) == {"approaching": 0, "overdue": 1, "follow_up_overdue": 0}
    clock.day = date(2027, 3, 9)
    assert scan_once(deps) == {"approaching": 0, "overdue": 0, "follow_up_overdue": 0}
    approaching = outbox.payloads("deadline_approaching", ev.DeadlineApproaching)
    overdue = outbox.payloads("case_overdue", ev.CaseOverdue)
    assert [(a.case_id, a.threshold_percent, a.due_date) for a in approaching] == [
        (running.id, 80, "2027-03-04")
    ]
    assert [o.case_id for o in overdue] == [running.id]


def test_staff_reads_are_logged_for_the_citizen(deps):
    case = file(deps, "a")
    clerk = staff("hrss", "hall-central", "clerk", subject="clerk-7")
    with pytest.raises(InvalidArgument, match="purpose"):
        queries.get_case(deps, clerk, case.id)
    queries.get_case(deps, clerk, case_number=case.case_number, purpose="checking the account")
    queries.get_case(deps, citizen("P-1"), case.id)  # the citizen's own reads are not logged
    log = queries.list_access_log(deps, citizen("P-1"), "", 10, "")
    assert [(e["actor_subject"], e["actor_department"], e["purpose"]) for e in log.items] == [
        ("clerk-7", "hrss", "checking the account")
    ]
    found = queries.search_cases(deps, clerk, {"applicant_id": "P-1"}, "follow-up call", 10, "")
    assert [s.row["id"] for s in found.items] == [case.id]
    assert len(queries.list_access_log(deps, citizen("P-1"), case.id, 10, "").items) == 2


def test_citizens_see_only_their_own_cases(deps):
    case = file(deps, "a")
    with pytest.raises(NotFound):
        queries.get_case(deps, citizen("P-2"), case.id)
    with pytest.raises(NotFound, match=r"^case not found$"):  # another department: as if missing
        queries.get_case(deps, staff("urban", "hall-east", "clerk"), case.id, purpose="curious")
    assert queries.list_my_cases(deps, citizen("P-2"), 10, "", False).items == []
    # a mandated representative sees the mandator's cases
    agent = citizen("P-9", acting_for="P-1")
    assert [s.row["id"] for s in queries.list_my_cases(deps, agent, 10, "", False).items] == [
        case.id
    ]


def test_citizen_list_and_queue_page_with_cursors(deps, clock):
    numbers = []
    for i in range(5):
        clock.at = clock.at.replace(minute=i)
        numbers.append(file(deps, f"k{i}").case_number)
    page1 = queries.list_my_cases(deps, citizen("P-1"), 2, "", False)
    page2 = queries.list_my_cases(deps, citizen("P-1"), 2, page1.next_page_token, False)
    page3 = queries.list_my_cases(deps, citizen("P-1"), 2, page2.next_page_token, False)
    seen = [s.row["case_number"] for p in (page1, page2, page3) for s in p.items]
    assert seen == list(reversed(numbers)) and page3.next_page_token == ""
    assert page1.items[0].status.text["en"] == "Received; waiting to be checked"

    clerk = staff("hrss", "hall-central", "clerk")
    q = queries.QueueQuery(
        ["submitted"], ["provident-fund-withdrawal"], "", "2027-03-04", "none", 3, ""
    )
    first = queries.list_queue(deps, clerk, q)
    rest = queries.list_queue(deps, clerk, queries.QueueQuery(
        ["submitted"], [], "", "", "", 3, first.next_page_token))  # fmt: skip
    assert len(first.items) == 3 and len(rest.items) == 2
    assert {s.row["case_number"] for s in first.items + rest.items} == set(numbers)
    with pytest.raises(InvalidArgument, match="page_token"):
        queries.list_queue(deps, clerk, queries.QueueQuery([], [], "", "", "", 3, "garbage"))
    with pytest.raises(PermissionDenied):
        queries.list_queue(deps, citizen("P-1"), q)


def test_published_catalogue_changes_apply_to_new_cases_only(deps):
    old = file(deps, "a")
    marker = (
        "time_limit_working_days: {}\n    min_assurance: substantial\n    form: {{required: [acc"
    )
    source = SAMPLE_CATALOGUE.read_text(encoding="utf-8")
    assert marker.format(3) in source
    source = source.replace(marker.format(3), marker.format(2))
    admin_user = staff("", "", "dept_admin")
    draft = admin.load_catalogue(deps, admin_user, source, "faster withdrawals")
    admin.publish_catalogue(deps, admin_user, draft["version"])
    new = file(deps, "b")
    assert (old.catalogue_version, old.time_limit_days) == (1, 3)
    assert (new.catalogue_version, new.time_limit_days) == (2, 2)
    versions = admin.list_catalogue_versions(deps, admin_user)
    assert [(v["version"], v["state"]) for v in versions] == [(2, "published"), (1, "retired")]
    # the old case still moves through the workflow of its own version
    boss = staff("hrss", "hall-central", "supervisor")
    assert (
        work.transition_case(
            deps, boss, c.TransitionCase(old.id, old.version, "accepted", "")
        ).case.status
        == "accepted"
    )
