"""PUT /v1/me/contact-details and POST /v1/me/contact-details/confirmation: the citizen's
contact change through identity; a wrong code is a 422 problem naming `code`, an expired one 409."""

import grpc
from gateway_fakes import Behaviour, citizen, gateway, run


def _send(b: Behaviour, method: str, path: str, body: dict):
    async def scenario():
        async with gateway(b) as http:
            return await http.request(method, path, json=body, headers=citizen())

    return run(scenario())


def test_a_change_is_accepted_pending_and_passed_to_identity():
    b = Behaviour()
    reply = _send(b, "PUT", "/v1/me/contact-details", {"email": "new@example.cn"})
    assert reply.status_code == 202, reply.text
    assert reply.json()["change_id"] == "ch-1" and reply.json()["channel"] == "email"
    name, request, metadata = b.seen[-1]
    assert (name, request.email, request.phone) == ("UpdateContactDetails", "new@example.cn", "")
    assert metadata["authorization"].startswith("Bearer ")


def test_the_right_code_answers_the_changed_person():
    b = Behaviour()
    reply = _send(b, "POST", "/v1/me/contact-details/confirmation", {"code": "493817"})
    assert reply.status_code == 200, reply.text
    assert reply.json()["email"] == "new@example.cn"
    assert b.seen[-1][1].code == "493817"


def test_a_wrong_code_is_a_problem_naming_code():
    b = Behaviour(fail_with=grpc.StatusCode.INVALID_ARGUMENT, violations=[("code", "is wrong")])
    reply = _send(b, "POST", "/v1/me/contact-details/confirmation", {"code": "000000"})
    assert reply.status_code == 422
    assert reply.headers["content-type"].startswith("application/problem+json")
    assert "code" in reply.text


def test_an_expired_code_is_a_conflict():
    b = Behaviour(fail_with=grpc.StatusCode.FAILED_PRECONDITION)
    reply = _send(b, "POST", "/v1/me/contact-details/confirmation", {"code": "000000"})
    assert reply.status_code == 409


def test_unknown_fields_are_refused_before_identity_is_asked():
    b = Behaviour()
    reply = _send(b, "PUT", "/v1/me/contact-details", {"email": "a@example.cn", "name": "x"})
    assert reply.status_code == 422 and not b.seen
