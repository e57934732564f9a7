"""The gateway's own account (client onewindow-gateway, realm role gateway) against the real
realm: RegisterPerson (self-registration) accepts it; every other RPC refuses it."""

from __future__ import annotations

import uuid

import grpc
import pytest

from onewindow.identity.v1 import identity_pb2 as pb

pytestmark = pytest.mark.integration


def test_the_gateway_registers_a_citizen_who_then_logs_in(stack) -> None:
    person = stack.register()  # RegisterPerson with the gateway's token
    claims = stack.web.decode_token(stack.login(person.username), validate=False)
    assert claims["person_id"] == person.person_id
    assert "citizen" in claims["realm_access"]["roles"]


@pytest.mark.parametrize(
    ("rpc", "request_for"),
    [
        ("GetPerson", lambda person: pb.GetPersonRequest(person_id=person.person_id)),
        ("ListRecentLogins", lambda person: pb.ListRecentLoginsRequest()),
        ("ListMandates", lambda person: pb.ListMandatesRequest()),
        (
            "ResolvePrincipal",
            lambda person: pb.ResolvePrincipalRequest(token="any-token-at-all"),
        ),
        (
            "CreateServiceAccount",
            lambda person: pb.CreateServiceAccountRequest(
                idempotency_key=str(uuid.uuid4()), department="civil", system_name="gw-probe"
            ),
        ),
        (
            "LockAccount",
            lambda person: pb.LockAccountRequest(reason="the gateway may not lock anyone"),
        ),
    ],
)
def test_every_other_rpc_refuses_the_gateway(stack, rpc: str, request_for) -> None:
    person = stack.register()
    with pytest.raises(grpc.RpcError) as refused:
        getattr(stack.stub, rpc)(request_for(person), metadata=stack.gateway())
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "gateway" in refused.value.details()
