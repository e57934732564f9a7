"""The signing keys are public: anyone fetches the JWK set without a token (cacheable)."""

import grpc
from gateway_fakes import Behaviour, gateway, run


def test_signing_keys_are_served_as_a_jwk_set_without_a_token():
    b = Behaviour()

    async def scenario():
        async with gateway(b) as http:
            return await http.get("/v1/certificates/signing-keys")

    reply = run(scenario())
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/jwk-set+json"
    assert "max-age" in reply.headers["cache-control"]
    [key] = reply.json()["keys"]
    assert (key["kty"], key["crv"], key["alg"], key["kid"]) == ("OKP", "Ed25519", "EdDSA", "k1")
    [(_, _, metadata)] = [s for s in b.seen if s[0] == "GetSigningKeys"]
    assert metadata["authorization"].startswith("Bearer ")  # the gateway's own account


def test_signing_keys_unavailable_is_a_503_problem():
    async def scenario():
        async with gateway(Behaviour(fail_with=grpc.StatusCode.UNAVAILABLE)) as http:
            return await http.get("/v1/certificates/signing-keys")

    reply = run(scenario())
    assert reply.status_code == 503
    assert reply.headers["content-type"] == "application/problem+json"
