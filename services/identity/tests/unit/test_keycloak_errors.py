"""How Keycloak's refusals of a new user reach our callers (the adapter's error mapping)."""

from __future__ import annotations

from keycloak.exceptions import KeycloakPostError

from onewindow_identity.adapters.keycloak import _create_error
from onewindow_identity.service_layer.ports import IdpConflict
from onewindow_kit.errors import InvalidArgument, Unavailable


def _refusal(status: int, message: str) -> KeycloakPostError:
    body = ('{"errorMessage":"' + message + '"}').encode()
    return KeycloakPostError(error_message=body, response_code=status, response_body=body)


def test_a_create_racing_one_keycloak_still_commits_is_unavailable_not_invalid() -> None:
    # seen when a registration timed out and its retry reached Keycloak before the first create
    assert isinstance(_create_error(_refusal(400, "Could not create user")), Unavailable)


def test_conflicts_and_policy_refusals_keep_their_meaning() -> None:
    conflict = _create_error(_refusal(409, "User exists with same email"))
    assert isinstance(conflict, IdpConflict) and conflict.field == "email"
    weak = _create_error(_refusal(400, "invalidPasswordMinLengthMessage: password too short"))
    assert isinstance(weak, InvalidArgument)
