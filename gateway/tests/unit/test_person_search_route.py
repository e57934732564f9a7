"""POST /v1/persons/search: staff find a person by national id through identity's FindPerson;
the number travels in the body, the answer carries only what intake needs."""

import grpc
from gateway_fakes import Behaviour, citizen, gateway, run

BODY = {"national_id": "11010519491231002X", "purpose": "intake at the counter"}


def _post(b: Behaviour, body: dict):
    async def scenario():
        async with gateway(b) as http:
            return await http.post("/v1/persons/search", json=body, headers=citizen())

    return run(scenario())


def test_the_person_found_comes_back_with_id_name_and_assurance_level_only():
    b = Behaviour()
    reply = _post(b, BODY)
    assert reply.status_code == 200, reply.text
    assert reply.json() == {
        "person_id": "p-9", "family_name": "王", "given_name": "芳", "assurance_level": "high",
    }  # fmt: skip
    (name, message, metadata) = b.seen[-1]
    assert name == "FindPerson"
    assert (message.country, message.national_id, message.purpose) == (
        "CN", "11010519491231002X", "intake at the counter",
    )  # fmt: skip
    assert metadata["authorization"].startswith("Bearer ")


def test_the_country_is_passed_on_when_given():
    b = Behaviour()
    assert _post(b, {**BODY, "country": "HK"}).status_code == 200
    assert b.seen[-1][1].country == "HK"


def test_no_such_person_is_a_404_problem():
    reply = _post(Behaviour(fail_with=grpc.StatusCode.NOT_FOUND), BODY)
    assert reply.status_code == 404
    assert reply.headers["content-type"].startswith("application/problem+json")


def test_identitys_refusal_of_a_citizen_is_a_403_problem():
    reply = _post(Behaviour(fail_with=grpc.StatusCode.PERMISSION_DENIED), BODY)
    assert reply.status_code == 403
    assert reply.headers["content-type"].startswith("application/problem+json")


def test_identitys_field_violation_is_a_422_naming_the_field():
    b = Behaviour(fail_with=grpc.StatusCode.INVALID_ARGUMENT, violations=[("country", "unknown")])
    reply = _post(b, BODY)
    assert reply.status_code == 422
    assert [p["name"] for p in reply.json()["invalid_params"]] == ["country"]


def test_missing_purpose_or_number_and_unknown_fields_are_refused_before_identity():
    for body, field in (
        ({"national_id": "1"}, "purpose"),
        ({"purpose": "x"}, "national_id"),
        ({**BODY, "national_id": ""}, "national_id"),
        ({**BODY, "name": "Wang"}, "name"),
    ):
        b = Behaviour()
        reply = _post(b, body)
        assert reply.status_code == 422, body
        names = [p["name"] for p in reply.json()["invalid_params"]]
        assert any(field in n for n in names), (body, names)
        assert not b.seen


def test_the_route_is_a_post_so_the_number_never_lands_in_a_url():
    async def scenario():
        async with gateway(Behaviour()) as http:
            return await http.get("/v1/persons/search?national_id=1", headers=citizen())

    assert run(scenario()).status_code == 405
