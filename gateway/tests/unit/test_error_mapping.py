"""Every gRPC status a service answers becomes one documented HTTP problem."""

import grpc
import pytest
from gateway_fakes import Behaviour, citizen, gateway, run

EXPECTED = [
    (grpc.StatusCode.NOT_FOUND, 404),
    (grpc.StatusCode.ALREADY_EXISTS, 409),
    (grpc.StatusCode.FAILED_PRECONDITION, 409),
    (grpc.StatusCode.ABORTED, 409),
    (grpc.StatusCode.PERMISSION_DENIED, 403),
    (grpc.StatusCode.UNAUTHENTICATED, 401),
    (grpc.StatusCode.RESOURCE_EXHAUSTED, 429),
    (grpc.StatusCode.UNAVAILABLE, 503),
    (grpc.StatusCode.DEADLINE_EXCEEDED, 504),
    (grpc.StatusCode.INTERNAL, 502),
    (grpc.StatusCode.UNKNOWN, 502),
]


@pytest.mark.parametrize(("code", "status"), EXPECTED, ids=[c.name for c, _ in EXPECTED])
def test_each_code_maps_to_its_status_as_problem_json(code, status):
    async def scenario():
        async with gateway(Behaviour(fail_with=code)) as http:
            return await http.get("/v1/cases/c1", headers=citizen())

    reply = run(scenario())
    assert reply.status_code == status
    assert reply.headers["content-type"] == "application/problem+json"
    body = reply.json()
    assert body["status"] == status and body["instance"].startswith("urn:request:")
    assert "Traceback" not in reply.text
    if status == 503:
        assert reply.headers["retry-after"] == "1"
    if status == 401:
        assert reply.headers["www-authenticate"] == 'Bearer error="invalid_token"'


def test_invalid_argument_is_422_with_the_services_field_violations():
    b = Behaviour(
        fail_with=grpc.StatusCode.INVALID_ARGUMENT, violations=[("form.child_name", "is required")]
    )

    async def scenario():
        async with gateway(b) as http:
            return await http.get("/v1/cases/c1", headers=citizen())

    reply = run(scenario())
    assert reply.status_code == 422
    assert reply.json()["invalid_params"] == [{"name": "form.child_name", "reason": "is required"}]


def test_aborted_with_if_match_is_412():
    async def scenario():
        async with gateway(Behaviour(version=7)) as http:
            return await http.post("/v1/cases/c1/claim", headers={**citizen(), "If-Match": '"6"'})

    assert run(scenario()).status_code == 412
