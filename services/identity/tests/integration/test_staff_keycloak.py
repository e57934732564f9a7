"""Staff and department systems against the real Keycloak."""

from __future__ import annotations

import uuid

import grpc
import pytest
from keycloak.exceptions import KeycloakError

from onewindow.identity.v1 import identity_pb2 as pb
from onewindow_identity import bootstrap
from onewindow_identity.adapters.keycloak import client_credentials
from onewindow_kit.testing import bearer

from .conftest import keycloak_refusal

pytestmark = pytest.mark.integration


def _create_staff(stack, admin_token: str, department: str) -> pb.CreateStaffResponse:
    username = f"it-clerk-{uuid.uuid4().hex[:8]}"
    request = pb.CreateStaffRequest(
        idempotency_key=str(uuid.uuid4()),
        username=username,
        family_name="Zhou",
        given_name="Min",
        email=f"{username}@example.cn",
        department=department,
        office="hall-central",
        roles=["clerk"],
        initial_password="Temporary-pass-1",
    )
    return stack.stub.CreateStaff(request, metadata=bearer(admin_token))


def _first_login(stack, staff: pb.Staff) -> str:
    # The clerk would choose a password at first login in the browser; the test sets it.
    user_id = stack.idp.find_user(staff.username).id
    stack.created_users.append(user_id)
    stack.idp.admin.set_user_password(user_id, "Chosen-pass-1", temporary=False)
    return stack.login(staff.username, "Chosen-pass-1")


def test_staff_of_one_department_cannot_create_staff_in_another(stack, civil_admin) -> None:
    with pytest.raises(grpc.RpcError) as exc:
        _create_staff(stack, civil_admin, "health")

    assert exc.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "cannot manage department health" in exc.value.details()


def test_created_staff_log_in_with_department_office_and_roles(stack, civil_admin) -> None:
    staff = _create_staff(stack, civil_admin, "civil").staff

    claims = bootstrap.token_validator(stack.settings.common).claims(_first_login(stack, staff))

    assert (claims["department"], claims["office"]) == ("civil", "hall-central")
    assert "clerk" in claims["realm_access"]["roles"]


def test_a_move_shows_in_new_tokens_and_disabling_stops_logins_at_once(stack, civil_admin) -> None:
    staff = _create_staff(stack, civil_admin, "civil").staff
    old_token = _first_login(stack, staff)

    stack.stub.MoveStaff(
        pb.MoveStaffRequest(staff_id=staff.staff_id, office="hall-east"),
        metadata=bearer(civil_admin),
    )
    assert (
        stack.web.decode_token(stack.login(staff.username, "Chosen-pass-1"), validate=False)[
            "office"
        ]
        == "hall-east"
    )

    stack.stub.DisableStaff(
        pb.DisableStaffRequest(staff_id=staff.staff_id, reason="left the department"),
        metadata=bearer(civil_admin),
    )
    with pytest.raises(KeycloakError) as login:
        stack.login(staff.username, "Chosen-pass-1")
    assert keycloak_refusal(login.value) == (400, "invalid_grant", "Account disabled")
    with pytest.raises(grpc.RpcError) as exc:
        stack.stub.ResolvePrincipal(
            pb.ResolvePrincipalRequest(token=old_token), metadata=stack.department_system()
        )
    assert exc.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_a_department_system_gets_credentials_and_rotation_retires_the_old_secret(
    stack, civil_admin
) -> None:
    request = pb.CreateServiceAccountRequest(
        idempotency_key=str(uuid.uuid4()),
        department="civil",
        system_name=f"it-{uuid.uuid4().hex[:6]}",
        description="integration test system",
    )
    reply = stack.stub.CreateServiceAccount(request, metadata=bearer(civil_admin))
    account = reply.service_account
    stack.created_clients.append(stack.idp.admin.get_client_id(account.client_id))
    common = stack.settings.common
    url, realm = common.keycloak_url + "/", common.keycloak_realm

    token = client_credentials(url, realm, account.client_id, reply.client_secret)["access_token"]
    principal = stack.stub.ResolvePrincipal(
        pb.ResolvePrincipalRequest(token=token), metadata=stack.department_system()
    ).principal
    assert (principal.kind, principal.department) == ("service", "civil")

    rotated = stack.stub.RotateServiceAccountSecret(
        pb.RotateServiceAccountSecretRequest(service_account_id=account.service_account_id),
        metadata=bearer(civil_admin),
    )
    assert client_credentials(url, realm, account.client_id, rotated.client_secret)["access_token"]
    with pytest.raises(KeycloakError) as old:
        client_credentials(url, realm, account.client_id, reply.client_secret)
    assert keycloak_refusal(old.value)[:2] == (401, "unauthorized_client")
