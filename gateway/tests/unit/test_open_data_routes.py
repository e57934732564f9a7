"""Open data through the gateway: anonymous, CSV or JSON (format= or Accept), every CSV column in
the Table Schema, the CKAN-style dataset description; the numbers and their suppression come
from cases' GetOpenDataStatistics as they are (the gateway only formats them)."""

from __future__ import annotations

import csv
import io

import pytest
from gateway_fakes import Behaviour, FakeCases, gateway, run

from onewindow.cases.v1 import cases_pb2
from onewindow_gateway.clients import ServiceToken
from onewindow_kit.errors import FieldViolation, InvalidArgument
from onewindow_kit.grpc_errors import to_status

URL = "/v1/open-data/service-statistics"


def _count(value: int | None) -> cases_pb2.OpenDataCount:
    return (
        cases_pb2.OpenDataCount(suppressed=True)
        if value is None
        else cases_pb2.OpenDataCount(value=value)
    )


def _row(department: str, service_type: str, received: int | None, median=None, **counts):
    median_pb = (
        cases_pb2.OpenDataMedian(empty=True) if median is None
        else cases_pb2.OpenDataMedian(suppressed=True) if median == "suppressed"
        else cases_pb2.OpenDataMedian(value=median)
    )  # fmt: skip
    return cases_pb2.OpenDataRow(
        month="2027-03", department=department, service_type=service_type,
        received=_count(received), median_handling_working_days=median_pb,
        **{k: _count(v) for k, v in counts.items()},
    )  # fmt: skip


@pytest.fixture(autouse=True)
def open_data_rpc(monkeypatch: pytest.MonkeyPatch) -> None:
    async def get_open_data(self, request, context):
        self._seen("GetOpenDataStatistics", request, context)
        if request.month > "2027-03":
            violation = FieldViolation("month", "must not be after the current month")
            await context.abort_with_status(to_status(InvalidArgument([violation])))
        return cases_pb2.GetOpenDataStatisticsResponse(
            month=request.month, k=5, complete=False, as_of="2027-03-10",
            rows=[
                _row("hrss", "provident-fund-withdrawal", None, "suppressed", closed=0),
                _row("hrss", "social-security-card", None, 2.0, closed=7),
                _row("hrss", "", 9, 2.0, closed=7),
                _row("", "", 9, 2.0, closed=7),
            ],
        )  # fmt: skip

    async def token(self) -> str:
        return "gateway-token"

    monkeypatch.setattr(FakeCases, "GetOpenDataStatistics", get_open_data, raising=False)
    monkeypatch.setattr(ServiceToken, "get", token)


def _get(b: Behaviour, url: str, **headers: str):
    async def scenario():
        async with gateway(b) as http:
            return await http.get(url, headers=headers)

    return run(scenario())


def test_json_without_a_token_passes_suppressed_counts_as_null():
    b = Behaviour()
    reply = _get(b, f"{URL}?month=2027-03")
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert (body["month"], body["suppression_threshold"], body["complete"]) == ("2027-03", 5, False)
    assert body["schema"].endswith(f"{URL}/schema")
    few, many, department, city = body["rows"]
    assert (few["received"], few["closed"], few["median_handling_working_days"]) == (None, 0, None)
    assert few["suppressed"] == ["received", "median_handling_working_days"]
    assert (many["received"], many["median_handling_working_days"]) == (None, 2.0)
    assert (department["row_type"], department["received"]) == ("department_total", 9)
    assert (city["row_type"], city["department"]) == ("city_total", "")
    [(_, sent, metadata)] = [s for s in b.seen if s[0] == "GetOpenDataStatistics"]
    assert sent.month == "2027-03"
    assert metadata["authorization"] == "Bearer gateway-token"  # the gateway's own account


@pytest.mark.parametrize(
    ("query", "headers"),
    [("&format=csv", {}), ("", {"Accept": "text/csv"}), ("", {"Accept": "text/csv, */*;q=0.1"})],
)
def test_csv_by_format_or_accept_with_every_column_in_the_schema(query, headers):
    reply = _get(Behaviour(), f"{URL}?month=2027-03{query}", **headers)
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(reply.text)))
    schema = _get(Behaviour(), f"{URL}/schema").json()
    assert lines[0] == [f["name"] for f in schema["fields"]]
    few = dict(zip(lines[0], lines[1], strict=True))
    assert (few["received"], few["closed"], few["median_handling_working_days"]) == (
        "suppressed", "0", "suppressed",
    )  # fmt: skip
    empty_median = dict(zip(lines[0], lines[2], strict=True))
    assert empty_median["median_handling_working_days"] == "2.0"
    assert lines[4][:4] == ["2027-03", "city_total", "", ""]
    assert "suppressed" in schema["missingValues"]


def test_the_schema_describes_every_column():
    schema = _get(Behaviour(), f"{URL}/schema").json()
    for field in schema["fields"]:
        assert field["name"] and field["type"] and field["description"], field
    types = {f["name"]: f["type"] for f in schema["fields"]}
    assert types["month"] == "yearmonth" and types["received"] == "integer"
    assert types["median_handling_working_days"] == "number"
    assert {"ratings_very_satisfied", "ratings_very_dissatisfied"} <= set(types)


def test_the_dataset_is_described_as_ckan_package_show():
    reply = _get(Behaviour(), f"{URL}/dataset")
    assert reply.status_code == 200
    body = reply.json()
    assert body["success"] is True
    package = body["result"]
    assert package["name"] == "onewindow-service-statistics"
    assert package["num_resources"] == len(package["resources"]) == 24
    first = package["resources"][0]
    assert first["format"] in {"CSV", "JSON"} and "month=" in first["url"]
    assert first["schema"].endswith(f"{URL}/schema")


def test_a_bad_month_is_422_naming_it_and_an_unknown_accept_is_406():
    bad = _get(Behaviour(), f"{URL}?month=2027-3")
    assert bad.status_code == 422 and "month" in bad.text
    future = _get(Behaviour(), f"{URL}?month=2027-04")
    assert future.status_code == 422, future.text
    assert future.headers["content-type"] == "application/problem+json"
    assert "month" in future.text
    refused = _get(Behaviour(), f"{URL}?month=2027-03", Accept="application/xml")
    assert refused.status_code == 406


def test_only_public_contract_fields_can_be_published():
    from onewindow_gateway.routes import open_data
    from onewindow_kit.classification import NotPublic, require_public

    published = [c for c in open_data.COLUMNS if c not in open_data.DERIVED]
    require_public(cases_pb2.OpenDataRow.DESCRIPTOR, published)  # what the export writes
    with pytest.raises(NotPublic, match="case_id"):  # a staff statistics or case field is not
        require_public(cases_pb2.Case.DESCRIPTOR, ["service_type", "case_id"])
