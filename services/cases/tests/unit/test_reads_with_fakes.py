"""The read handlers (queue, my cases, search) over the in-memory read model: the same filters,
orders and page tokens as the SQL read model."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import queries, submission, work
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.service_layer.ports import Services
from onewindow_cases.testing import SAMPLE_FORMS, citizen, staff
from onewindow_kit.errors import InvalidArgument, PermissionDenied

APPLICANT = citizen("P-1")
BOSS = staff("hrss", "hall-central", "supervisor", subject="boss-1")


def application(key: str) -> Application:
    code = "provident-fund-withdrawal"
    return Application(key, code, 0, dict(SAMPLE_FORMS[code]), ["P-1-resident_id"])


def three_cases(deps: Services) -> list[str]:
    """Three applications a day apart (the newest last)."""
    ids = []
    for i in range(3):
        ids.append(
            asyncio.run(submission.submit_case(deps, APPLICANT, application(f"k{i}"))).case.id
        )
        deps.clock.at += timedelta(days=1)  # type: ignore[attr-defined]
        deps.clock.day += timedelta(days=1)  # type: ignore[attr-defined]
    return ids


def test_my_cases_newest_first_in_pages(deps):
    ids = three_cases(deps)
    first = queries.list_my_cases(deps, APPLICANT, 2, "", False)
    assert [s.row["id"] for s in first.items] == [ids[2], ids[1]] and first.next_page_token
    rest = queries.list_my_cases(deps, APPLICANT, 2, first.next_page_token, False)
    assert [s.row["id"] for s in rest.items] == [ids[0]] and not rest.next_page_token
    assert queries.list_my_cases(deps, citizen("P-2"), 10, "", False).items == []
    with pytest.raises(InvalidArgument, match="page_token"):
        queries.list_my_cases(deps, APPLICANT, 2, "not-a-token", False)


def test_queue_earliest_due_first_and_filters(deps):
    ids = three_cases(deps)
    case = work.claim_case(deps, BOSS, c.ClaimCase(ids[1], 1)).case
    query = queries.QueueQuery([], [], "", "", "", 2, "")
    page = queries.list_queue(deps, BOSS, query)
    assert [s.row["id"] for s in page.items] == ids[:2]
    rest = queries.list_queue(
        deps, BOSS, queries.QueueQuery([], [], "", "", "", 2, page.next_page_token)
    )
    assert [s.row["id"] for s in rest.items] == [ids[2]]
    mine = queries.list_queue(deps, BOSS, queries.QueueQuery([], [], "", "", "me", 50, ""))
    assert [s.row["id"] for s in mine.items] == [case.id]
    other = staff("psb", "hall-central", "clerk")
    assert (
        queries.list_queue(deps, other, queries.QueueQuery([], [], "", "", "", 50, "")).items == []
    )
    with pytest.raises(PermissionDenied):
        queries.list_queue(deps, APPLICANT, query)


def test_search_by_number_within_the_department(deps):
    ids = three_cases(deps)
    number = deps.uow().cases.get(ids[0]).case_number
    found = queries.search_cases(deps, BOSS, {"case_number": number}, "", 10, "")
    assert [s.row["id"] for s in found.items] == [ids[0]]
    elsewhere = staff("health", "hosp-1", "clerk")
    assert queries.search_cases(deps, elsewhere, {"case_number": number}, "", 10, "").items == []
