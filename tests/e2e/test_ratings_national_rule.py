"""Ratings under the national rule through the gateway (issue 16 §2): the applicant rates a
closed case "dissatisfied" by name; the department's supervisor sees the follow-up task due 15
working days later on the catalogue's holiday calendar, remediates it in time, and the task says
so; a second rating of the same case is a 409."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from journey_support import Gateway, add_working_days, until, upload

pytestmark = pytest.mark.integration


@pytest.fixture()
def gw(window) -> Iterator[Gateway]:
    g = Gateway(window)
    yield g
    g.close()


def test_a_dissatisfied_rating_opens_a_follow_up_due_in_15_working_days(gw):
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the cases service's day
    parent, supervisor = gw.register(), gw.seeded("supervisor.health")
    token = parent["token"]
    id_card = upload(gw, token, "resident_id", b"id card")
    form = {
        "child_name": "Li Xiaoyu", "child_sex": "male", "birth_date": today.isoformat(),
        "birth_place": "First People's Hospital", "mother_id_number": parent["national_id"],
    }  # fmt: skip
    case = gw.call("POST", "/v1/cases", token, expect=201, json={
        "service_type": "birth-medical-certificate", "form": form, "document_ids": [id_card],
    }).json()  # fmt: skip
    gw.decide(case["id"], supervisor)
    gw.move(case["id"], supervisor, "closure", {})

    rating = gw.call("POST", f"/v1/cases/{case['id']}/rating", token, expect=201,
                     json={"level": "dissatisfied", "comment": "three visits"}).json()  # fmt: skip
    assert rating["score"] == 2 and rating["follow_up_task_id"]
    gw.call("POST", f"/v1/cases/{case['id']}/rating", token, expect=409, json={"score": 5})

    def the_task() -> dict | None:
        items = gw.call("GET", "/v1/follow-up-tasks?limit=100", supervisor).json()["items"]
        return next((t for t in items if t["id"] == rating["follow_up_task_id"]), None)

    task = until(the_task, "the follow-up task in the supervisor's list")
    assert task["due_date"] == add_working_days(today, 15).isoformat()
    assert (task["case_id"], task["state"]) == (case["id"], "open")
    done = gw.call("POST", f"/v1/follow-up-tasks/{task['id']}/completion", supervisor,
                   json={"resolution": "called the parent back"}).json()  # fmt: skip
    assert (done["state"], done["remediated_on_time"]) == ("done", True)
