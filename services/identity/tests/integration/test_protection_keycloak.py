"""Locking an account against the real Keycloak: logins refused until a clerk unlocks."""

from __future__ import annotations

import grpc
import pytest
from keycloak.exceptions import KeycloakAuthenticationError, KeycloakPostError

from onewindow.identity.v1 import identity_pb2 as pb
from onewindow_kit.testing import bearer

pytestmark = pytest.mark.integration


def test_a_locked_account_cannot_log_in_until_a_clerk_unlocks_it(stack, clerk) -> None:
    person = stack.register()
    tokens = stack.web.token(person.username, "Integration-pass-1")
    logins = stack.stub.ListRecentLogins(
        pb.ListRecentLoginsRequest(), metadata=bearer(tokens["access_token"])
    ).logins
    assert logins and logins[0].type == "LOGIN"

    stack.stub.LockAccount(
        pb.LockAccountRequest(reason="phone stolen"), metadata=bearer(tokens["access_token"])
    )

    with pytest.raises((KeycloakAuthenticationError, KeycloakPostError)):
        stack.login(person.username)
    with pytest.raises((KeycloakAuthenticationError, KeycloakPostError)):
        stack.web.refresh_token(tokens["refresh_token"])
    # The access token issued before the lock is refused at once, not only after it expires.
    with pytest.raises(grpc.RpcError) as refused:
        stack.stub.GetPerson(
            pb.GetPersonRequest(person_id=person.person_id),
            metadata=bearer(tokens["access_token"]),
        )
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as resolved:
        stack.stub.ResolvePrincipal(
            pb.ResolvePrincipalRequest(token=tokens["access_token"]), metadata=stack.gateway()
        )
    assert resolved.value.code() == grpc.StatusCode.PERMISSION_DENIED

    stack.stub.UnlockAccount(
        pb.UnlockAccountRequest(
            person_id=person.person_id,
            method="document_inspection",
            document=pb.IdentityDocument(type="resident_id", number=person.national_id),
        ),
        metadata=bearer(clerk),
    )
    claims = stack.web.decode_token(stack.login(person.username), validate=False)
    assert claims["assurance_level"] == "high"
