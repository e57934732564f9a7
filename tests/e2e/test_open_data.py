"""Open data through the gateway (issue 16 §3), anonymously: a citizen files a birth medical
certificate this month, the statistics consumer counts it, and the month's open-data table shows
the service's row — as the number once it is at least k, suppressed while it is below (never
1..4); CSV and JSON carry the same table, the Table Schema describes every CSV column, and the
CKAN-style dataset description points at both."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
from journey_support import GATEWAY, Gateway, until, upload

pytestmark = pytest.mark.integration
SERVICE = ("health", "birth-medical-certificate")
OPEN_DATA = "/v1/open-data/service-statistics"
K = 5  # the service's default suppression threshold


@pytest.fixture()
def gw(window) -> Iterator[Gateway]:
    g = Gateway(window)
    yield g
    g.close()


def received_this_month(gw: Gateway, token: str, month: str, today: str) -> int:
    """What the department's own statistics count (the truth the public table protects)."""
    rows = gw.call("GET", "/v1/statistics", token, params={
        "date_from": f"{month}-01", "date_to": today, "group_by": "month",
        "department": SERVICE[0], "service_type": SERVICE[1],
    }).json()["rows"]  # fmt: skip
    return sum(int(r.get("received", 0)) for r in rows)


def public(month: str, **kw) -> httpx.Response:
    """An anonymous request: no Authorization header at all."""
    return httpx.get(f"{GATEWAY}{OPEN_DATA}", params={"month": month, **kw}, timeout=30)


def test_a_case_filed_this_month_shows_in_the_open_data_suppressed_below_k(gw):
    now = datetime.now(ZoneInfo("Asia/Shanghai"))  # the cases service's day
    month, today = now.strftime("%Y-%m"), now.date().isoformat()
    supervisor = gw.seeded("supervisor.health")
    before = received_this_month(gw, supervisor, month, today)
    parent = gw.register()
    id_card = upload(gw, parent["token"], "resident_id", b"id card")
    form = {
        "child_name": "Li Xiaoyu", "child_sex": "male", "birth_date": today,
        "birth_place": "First People's Hospital", "mother_id_number": parent["national_id"],
    }  # fmt: skip
    gw.call("POST", "/v1/cases", parent["token"], expect=201, json={
        "service_type": SERVICE[1], "form": form, "document_ids": [id_card],
    })  # fmt: skip
    until(
        lambda: received_this_month(gw, supervisor, month, today) > before or None,
        "the statistics consumer counting the new case",
    )

    def consistent() -> tuple[int, dict, httpx.Response] | None:
        truth = received_this_month(gw, supervisor, month, today)
        reply, as_csv = public(month), public(month, format="csv")
        assert reply.status_code == 200, reply.text
        assert as_csv.status_code == 200, as_csv.text
        again = received_this_month(gw, supervisor, month, today)
        # the count did not move meanwhile (the statistics consumer may still be counting earlier
        # tests' cases), so both formats and the department's count describe the same moment
        return (truth, reply.json(), as_csv) if truth == again else None

    truth, table, as_csv = until(consistent, "a quiet moment to compare the three")
    rows = {(r["department"], r["service_type"]): r for r in table["rows"]}
    row = rows[SERVICE]
    assert table["suppression_threshold"] == K and table["month"] == month
    if truth < K:
        assert row["received"] is None and "received" in row["suppressed"]
    else:  # published, unless it is the complement of a smaller one in health's table
        assert row["received"] in (truth, None)
    published = [
        r["received"] for r in table["rows"] if r["received"] is not None
    ]  # no small count anywhere in the public table
    assert all(v == 0 or v >= K for v in published), published
    assert rows[("", "")]["row_type"] == "city_total"

    assert as_csv.headers["content-type"].startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(as_csv.text)))
    csv_row = next(r for r in lines if (r["department"], r["service_type"]) == SERVICE)
    expected = "suppressed" if row["received"] is None else str(row["received"])
    assert csv_row["received"] == expected
    schema = httpx.get(f"{GATEWAY}{OPEN_DATA}/schema", timeout=30).json()
    assert [f["name"] for f in schema["fields"]] == list(lines[0])
    dataset = httpx.get(f"{GATEWAY}{OPEN_DATA}/dataset", timeout=30).json()
    assert dataset["success"] and any(
        f"month={month}" in r["url"] for r in dataset["result"]["resources"]
    )


def test_a_month_after_the_current_one_is_a_422_naming_it():
    reply = public("2099-01")
    assert reply.status_code == 422, reply.text
    assert reply.headers["content-type"] == "application/problem+json"
    assert "month" in {p["name"] for p in reply.json().get("invalid_params", [])}
