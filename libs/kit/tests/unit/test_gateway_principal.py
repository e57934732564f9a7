"""The gateway's own account is refused by every RPC that does not accept it explicitly."""

from __future__ import annotations

import pytest

from onewindow_kit.errors import PermissionDenied
from onewindow_kit.principal import (
    GATEWAY_ROLE,
    Principal,
    current_principal,
    reset_current_principal,
    set_current_principal,
)

GATEWAY = Principal(
    subject="sa-gateway",
    roles=frozenset({GATEWAY_ROLE}),
    client_id="onewindow-gateway",
    username="service-account-onewindow-gateway",
)
DEPARTMENT_SYSTEM = Principal(
    subject="sa-health",
    roles=frozenset({"service"}),
    department="health",
    username="service-account-dept-health-system",
)


@pytest.fixture
def bound():
    tokens = []

    def bind(principal: Principal) -> None:
        tokens.append(set_current_principal(principal))

    yield bind
    for token in reversed(tokens):
        reset_current_principal(token)


def test_the_gateway_is_refused_unless_the_rpc_allows_it(bound) -> None:
    bound(GATEWAY)
    with pytest.raises(PermissionDenied, match="gateway"):
        current_principal()
    assert current_principal(allow_gateway=True) is GATEWAY


def test_a_gateway_role_beside_other_roles_is_still_the_gateway(bound) -> None:
    bound(Principal(subject="x", roles=frozenset({GATEWAY_ROLE, "service", "supervisor"})))
    with pytest.raises(PermissionDenied):
        current_principal()


def test_other_principals_are_unaffected(bound) -> None:
    bound(DEPARTMENT_SYSTEM)
    assert current_principal() is DEPARTMENT_SYSTEM
    assert current_principal(allow_gateway=True) is DEPARTMENT_SYSTEM
