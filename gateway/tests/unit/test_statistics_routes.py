"""GET /v1/statistics and /v1/statistics/backlog: thin over GetStatistics / GetLiveBacklog; the
query reaches the cases service as sent, its refusals come back as problems."""

from __future__ import annotations

import grpc
import pytest
from gateway_fakes import TOKENS, Behaviour, FakeCases, gateway, run

from onewindow.cases.v1 import cases_pb2
from onewindow_kit.errors import FieldViolation, InvalidArgument
from onewindow_kit.grpc_errors import to_status


def supervisor() -> dict[str, str]:
    token = TOKENS.token(roles=("supervisor",), department="hrss", office="hall-central")
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(autouse=True)
def statistics_rpcs(monkeypatch: pytest.MonkeyPatch) -> None:
    async def get_statistics(self, request, context):
        self._seen("GetStatistics", request, context)
        if request.date_from > request.date_to:
            status = to_status(InvalidArgument([FieldViolation("date_to", "before date_from")]))
            await context.abort_with_status(status)
        return cases_pb2.GetStatisticsResponse(
            rows=[
                cases_pb2.StatisticsRow(
                    period_start="2027-03-01", department="hrss", service_type="pension",
                    office="online", received=12, closed=6, closed_on_time=4,
                    ratings={"dissatisfied": 1}, median_handling_days=2.0,
                    handling_time=[cases_pb2.HandlingTimeBin(working_days=2, cases=6)],
                )
            ]
        )  # fmt: skip

    async def get_backlog(self, request, context):
        self._seen("GetLiveBacklog", request, context)
        if request.department == "civil":
            await context.abort(grpc.StatusCode.PERMISSION_DENIED, "needs a city-wide role")
        row = cases_pb2.BacklogRow(department="hrss", office="online", open=3, overdue=1)
        return cases_pb2.GetLiveBacklogResponse(as_of="2027-03-02", rows=[row])

    async def transfer(self, request, context):
        self._seen("TransferCase", request, context)
        if request.expected_version != self.b.version:
            await context.abort(grpc.StatusCode.ABORTED, "the case changed; read it again")
        case = cases_pb2.Case(id=request.case_id, version=self.b.version + 1, status="accepted")
        return cases_pb2.TransferCaseResponse(case=case)

    monkeypatch.setattr(FakeCases, "TransferCase", transfer, raising=False)
    monkeypatch.setattr(FakeCases, "GetStatistics", get_statistics, raising=False)
    monkeypatch.setattr(FakeCases, "GetLiveBacklog", get_backlog, raising=False)


def _get(b: Behaviour, url: str):
    async def scenario():
        async with gateway(b) as http:
            return await http.get(url, headers=supervisor())

    return run(scenario())


def test_a_month_of_statistics_passes_the_filters_and_returns_the_rows():
    b = Behaviour()
    reply = _get(
        b, "/v1/statistics?date_from=2027-03-01&date_to=2027-03-31&group_by=month&office=online"
    )
    assert reply.status_code == 200, reply.text
    row = reply.json()["rows"][0]
    assert (row["received"], row["closed_on_time"], row["ratings"]) == (12, 4, {"dissatisfied": 1})
    assert row["handling_time"][0]["working_days"] == 2
    sent = next(r for name, r, _ in b.seen if name == "GetStatistics")
    assert (sent.group_by, sent.office, sent.date_to) == ("month", "online", "2027-03-31")


def test_bad_dates_are_422_naming_the_field():
    reply = _get(Behaviour(), "/v1/statistics?date_from=2027-03-31&date_to=2027-03-01")
    assert reply.status_code == 422, reply.text
    assert "date_to" in reply.text
    reply = _get(Behaviour(), "/v1/statistics?date_from=March&date_to=2027-03-01")
    assert reply.status_code == 422 and "date_from" in reply.text
    reply = _get(
        Behaviour(), "/v1/statistics?date_from=2027-03-01&date_to=2027-03-02&group_by=year"
    )
    assert reply.status_code == 422 and "group_by" in reply.text


def test_the_backlog_and_a_refusal_for_another_department():
    reply = _get(Behaviour(), "/v1/statistics/backlog")
    assert reply.status_code == 200, reply.text
    assert reply.json()["as_of"] == "2027-03-02"
    assert reply.json()["rows"][0]["department"] == "hrss"
    refused = _get(Behaviour(), "/v1/statistics/backlog?department=civil")
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")


def test_a_supervisor_transfers_a_case_with_if_match_and_a_reason():
    b = Behaviour(version=3)

    async def scenario():
        async with gateway(b) as http:
            url = "/v1/cases/c1/transfer"
            headers = {**supervisor(), "If-Match": '"3"'}
            moved = await http.post(
                url, headers=headers, json={"to_department": "civil", "reason": "misrouted"}
            )
            no_reason = await http.post(url, headers=headers, json={"to_department": "civil"})
            stale = await http.post(
                url,
                headers={**supervisor(), "If-Match": '"2"'},
                json={"to_department": "civil", "reason": "x"},
            )
            return moved, no_reason, stale

    moved, no_reason, stale = run(scenario())
    assert moved.status_code == 200, moved.text
    assert moved.headers["etag"] == '"4"'
    sent = next(r for name, r, _ in b.seen if name == "TransferCase")
    assert (sent.to_department, sent.reason, sent.expected_version) == ("civil", "misrouted", 3)
    assert no_reason.status_code == 422 and "reason" in no_reason.text
    assert stale.status_code == 412
