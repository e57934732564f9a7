"""DELETE /v1/documents/{id} and PUT /v1/documents/{id}/legal-hold: what reaches the documents
service, and how its refusals come back (problem+json)."""

import grpc
import pytest
from gateway_fakes import Behaviour, citizen, gateway, run


def test_the_owner_deletes_a_document():
    b = Behaviour()

    async def scenario():
        async with gateway(b) as http:
            return await http.delete("/v1/documents/doc-7", headers=citizen())

    reply = run(scenario())
    assert reply.status_code == 200
    assert reply.json()["document_id"] == "doc-7"
    assert reply.json()["removed_at"].startswith("2026-")
    [(_, request, metadata)] = [s for s in b.seen if s[0] == "DeleteDocument"]
    assert request.document_id == "doc-7"
    assert metadata["authorization"].startswith("Bearer ")


@pytest.mark.parametrize(
    ("code", "status"),
    [(grpc.StatusCode.NOT_FOUND, 404), (grpc.StatusCode.FAILED_PRECONDITION, 409)],
)
def test_refusals_are_problems(code, status):
    async def scenario():
        async with gateway(Behaviour(fail_with=code)) as http:
            return await http.delete("/v1/documents/doc-7", headers=citizen())

    reply = run(scenario())
    assert reply.status_code == status
    assert reply.headers["content-type"] == "application/problem+json"


def test_a_legal_hold_is_passed_on_and_a_missing_reason_is_refused_before_any_call():
    b = Behaviour()

    async def scenario():
        async with gateway(b) as http:
            good = await http.put(
                "/v1/documents/doc-7/legal-hold",
                json={"held": True, "reason": "court order"},
                headers=citizen(),
            )
            bad = await http.put(
                "/v1/documents/doc-7/legal-hold", json={"held": True}, headers=citizen()
            )
            return good, bad

    good, bad = run(scenario())
    assert good.status_code == 200
    assert (good.json()["held"], good.json()["reason"]) == (True, "court order")
    assert bad.status_code == 422
    assert "reason" in bad.text
    assert [s[1].reason for s in b.seen if s[0] == "SetLegalHold"] == ["court order"]
