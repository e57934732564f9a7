"""Locking an account against the real Keycloak: logins refused until a clerk unlocks."""

from __future__ import annotations

import time

import grpc
import pytest
from keycloak.exceptions import KeycloakError

from onewindow.identity.v1 import identity_pb2 as pb
from onewindow_kit.testing import bearer

from .conftest import keycloak_refusal

pytestmark = pytest.mark.integration


def _wait_for_logins(stack, token: str, wanted: str, limit_s: float = 15.0) -> list[pb.Login]:
    """ListRecentLogins until a ``wanted`` event shows (Keycloak stores events after answering)."""
    deadline = time.monotonic() + limit_s
    while True:
        logins = list(
            stack.stub.ListRecentLogins(pb.ListRecentLoginsRequest(), metadata=bearer(token)).logins
        )
        if any(login.type == wanted for login in logins) or time.monotonic() > deadline:
            return logins
        time.sleep(0.1)


def _wait_for_refusal_event(stack, user_id: str, error: str, limit_s: float = 15.0) -> list:
    deadline = time.monotonic() + limit_s
    while True:
        found = [e for e in stack.idp.recent_logins(user_id, 20) if e.error == error]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_a_locked_account_cannot_log_in_until_a_clerk_unlocks_it(stack, clerk) -> None:
    person = stack.register()  # a fresh user: nobody else's failed logins can interfere
    user_id = stack.idp.find_user(person.username).id
    tokens = stack.web.token(person.username, "Integration-pass-1")
    logins = _wait_for_logins(stack, tokens["access_token"], "LOGIN")
    assert logins and logins[0].type == "LOGIN" and logins[0].client_id == "onewindow-web"

    stack.stub.LockAccount(
        pb.LockAccountRequest(reason="phone stolen"), metadata=bearer(tokens["access_token"])
    )

    with pytest.raises(KeycloakError) as login:
        stack.login(person.username)
    assert keycloak_refusal(login.value) == (400, "invalid_grant", "Account disabled")
    assert _wait_for_refusal_event(stack, user_id, "user_disabled")  # not a lockout, not a 5xx
    with pytest.raises(KeycloakError) as refresh:
        stack.web.refresh_token(tokens["refresh_token"])
    status, error, description = keycloak_refusal(refresh.value)
    # The lock disables the user and ends its sessions; either is named, nothing else.
    assert (status, error) == (400, "invalid_grant")
    assert description in ("User disabled", "Session not active")
    # The access token issued before the lock is refused at once, not only after it expires.
    with pytest.raises(grpc.RpcError) as refused:
        stack.stub.GetPerson(
            pb.GetPersonRequest(person_id=person.person_id),
            metadata=bearer(tokens["access_token"]),
        )
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as resolved:
        stack.stub.ResolvePrincipal(
            pb.ResolvePrincipalRequest(token=tokens["access_token"]),
            metadata=stack.department_system(),
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
