"""POST /v1/cases/{id}/rating: the national five levels by name, or the older 1..5 score, reach
RateCase as sent (the service checks them); an unknown level is a 422 before any call."""

from __future__ import annotations

import uuid

import pytest
from gateway_fakes import Behaviour, FakeCases, citizen, gateway, run

from onewindow.cases.v1 import cases_pb2

CASE = "0b0e6a52-3f5c-4c44-9d59-6f1f7a1e2b10"


@pytest.fixture(autouse=True)
def rate_rpc(monkeypatch: pytest.MonkeyPatch) -> None:
    async def rate(self, request, context):
        self._seen("RateCase", request, context)
        level = request.level or request.score
        return cases_pb2.RateCaseResponse(
            rating=cases_pb2.Rating(case_id=request.case_id, score=level, level=level)
        )

    monkeypatch.setattr(FakeCases, "RateCase", rate, raising=False)


def _post(b: Behaviour, body: dict):
    async def scenario():
        async with gateway(b) as http:
            headers = {**citizen(), "Idempotency-Key": uuid.uuid4().hex}
            return await http.post(f"/v1/cases/{CASE}/rating", json=body, headers=headers)

    return run(scenario())


@pytest.mark.parametrize(
    ("body", "level", "score"),
    [({"level": "dissatisfied", "comment": "slow"}, 2, 0), ({"score": 4}, 0, 4),
     ({"level": "very_satisfied", "score": 5}, 5, 5)],
)  # fmt: skip
def test_a_level_or_a_score_reaches_the_service(body, level, score):
    b = Behaviour()
    reply = _post(b, body)
    assert reply.status_code == 201, reply.text
    [sent] = [r for name, r, _ in b.seen if name == "RateCase"]
    assert (int(sent.level), sent.score, sent.case_id) == (level, score, CASE)


def test_an_unknown_level_is_422_naming_it_and_calls_nothing():
    b = Behaviour()
    reply = _post(b, {"level": "delighted"})
    assert reply.status_code == 422
    assert "level" in reply.text
    assert not [s for s in b.seen if s[0] == "RateCase"]
