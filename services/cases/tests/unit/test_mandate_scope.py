"""A mandate's scope counts wherever a representative acts on the mandator's cases: a
representative for other service types gets exactly the answer of a missing case, and the
mandator's lists show them only the cases (bundles, access-log entries) the mandate covers."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from onewindow_cases.domain.access import can_view
from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import decisions, queries, ratings, submission, work
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.service_layer.ports import Services
from onewindow_cases.testing import SAMPLE_FORMS, citizen, staff
from onewindow_kit.errors import NotFound
from onewindow_kit.principal import ALL_SERVICE_TYPES

FUND = "provident-fund-withdrawal"
IN_SCOPE = citizen("P-9", acting_for="P-1", scope=frozenset({FUND}))
OUT_OF_SCOPE = citizen("P-8", acting_for="P-1", scope=frozenset({"business-registration"}))
BOSS = staff("hrss", "hall-central", "supervisor", subject="boss-1")


def file_fund_case(deps: Services) -> str:
    app = Application(uuid.uuid4().hex, FUND, 0, dict(SAMPLE_FORMS[FUND]), ["P-1-resident_id"])
    return asyncio.run(submission.submit_case(deps, citizen("P-1"), app)).case.id


def missing_answer(call) -> str:
    with pytest.raises(NotFound) as missing:
        call(str(uuid.uuid4()))
    return str(missing.value)


def test_can_view_follows_the_mandate_scope(catalogue, new_case):
    case = new_case(FUND)
    assert can_view(IN_SCOPE, case, catalogue)
    assert can_view(citizen("P-7", acting_for="P-1", scope=ALL_SERVICE_TYPES), case, catalogue)
    assert not can_view(OUT_OF_SCOPE, case, catalogue)
    # a principal whose scope was never checked covers nothing (fails closed)
    assert not can_view(citizen("P-6", acting_for="P-1", scope=frozenset()), case, catalogue)
    assert can_view(citizen("P-1"), case, catalogue)  # one's own affairs need no mandate


def test_out_of_scope_representative_reads_the_case_as_missing(deps):
    case_id = file_fund_case(deps)
    assert queries.get_case(deps, IN_SCOPE, case_id).case.id == case_id

    def read(cid: str):
        return queries.get_case(deps, OUT_OF_SCOPE, cid)

    with pytest.raises(NotFound) as refused:
        read(case_id)
    assert str(refused.value) == missing_answer(read)


@pytest.mark.parametrize(
    "act",
    [
        lambda deps, who, cid: decisions.withdraw_case(deps, who, c.WithdrawCase(cid, 1, "x")),
        lambda deps, who, cid: decisions.close_case(deps, who, c.CloseCase(cid, 1, "x")),
        lambda deps, who, cid: work.transition_case(
            deps, who, c.TransitionCase(cid, 1, "in_review", "x")
        ),
        lambda deps, who, cid: asyncio.run(
            work.provide_supplement(deps, who, c.ProvideSupplement(cid, 1, [], {}))
        ),
        lambda deps, who, cid: ratings.rate_case(deps, who, c.RateCase(cid, 5)),
    ],
    ids=["withdraw", "close", "transition", "supplement", "rate"],
)
def test_out_of_scope_representative_cannot_act_on_the_case(deps, act):
    case_id = file_fund_case(deps)
    with pytest.raises(NotFound) as refused:
        act(deps, OUT_OF_SCOPE, case_id)
    assert str(refused.value) == missing_answer(lambda cid: act(deps, OUT_OF_SCOPE, cid))
    assert deps.uow().cases.get(case_id).version == 1  # nothing changed


def test_in_scope_representative_withdraws_for_the_applicant(deps):
    case_id = file_fund_case(deps)
    done = decisions.withdraw_case(deps, IN_SCOPE, c.WithdrawCase(case_id, 1, "moved away"))
    assert done.case.status == "withdrawn"


def test_lists_show_a_representative_only_the_cases_the_mandate_covers(deps):
    case_id = file_fund_case(deps)
    queries.get_case(deps, BOSS, case_id, purpose="checking the withdrawal")
    mine = queries.list_my_cases(deps, citizen("P-1"), 10, "", False)
    assert [s.row["id"] for s in mine.items] == [case_id]
    assert [s.row["id"] for s in queries.list_my_cases(deps, IN_SCOPE, 10, "", False).items] == [
        case_id
    ]
    assert queries.list_my_cases(deps, OUT_OF_SCOPE, 10, "", False).items == []
    assert len(queries.list_access_log(deps, citizen("P-1"), "", 10, "").items) == 1
    assert len(queries.list_access_log(deps, IN_SCOPE, "", 10, "").items) == 1
    assert queries.list_access_log(deps, OUT_OF_SCOPE, "", 10, "").items == []
    assert queries.list_access_log(deps, OUT_OF_SCOPE, case_id, 10, "").items == []
