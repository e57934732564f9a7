"""Revocations take effect at once (issue 14, journey 4): after a lock, the still-unexpired
access token is refused by every service and by the gateway, not only by identity."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable

import grpc
import httpx
import pytest
from e2e_support import PASSWORD, bearer, birth_date, resident_id
from keycloak import KeycloakAdmin, KeycloakOpenIDConnection
from keycloak.exceptions import KeycloakAuthenticationError

from onewindow.cases.v1 import cases_pb2, cases_pb2_grpc
from onewindow.documents.v1 import documents_pb2, documents_pb2_grpc
from onewindow.identity.v1 import identity_pb2, identity_pb2_grpc

pytestmark = pytest.mark.integration

GATEWAY = "http://" + os.environ.get("ONEWINDOW_GATEWAY_ADDR", "127.0.0.1:8000")
ADMIN_HEALTH = ("admin.health", "dev-pass-admin")
IDENTITY_SECRET = "dev-only-onewindow-identity-secret"
WAIT_S = 5.0  # bounded: the lock reaches every process within a second on a quiet stack
UNAUTHENTICATED = grpc.StatusCode.UNAUTHENTICATED
REFUSED = {UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED}


def grpc_refusal(call: Callable[[], object]) -> grpc.StatusCode | None:
    """The status code of a refused call, None when it was answered."""
    try:
        call()
    except grpc.RpcError as err:
        return err.code()
    return None


def wait_until_refused(name: str, refused: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_S
    while not refused():
        assert time.monotonic() < deadline, f"{name} still accepts the locked account's token"
        time.sleep(0.05)


def register(window) -> identity_pb2.Person:
    number = resident_id()
    request = identity_pb2.RegisterPersonRequest(
        idempotency_key=str(uuid.uuid4()), national_id=number, family_name="E2E",
        given_name="Locked", date_of_birth=birth_date(number),
        email=f"e2e-{uuid.uuid4().hex[:8]}@example.org", password=PASSWORD,
    )  # fmt: skip
    stub = identity_pb2_grpc.IdentityStub(window.channels["identity"])
    return stub.RegisterPerson(request, metadata=window.gateway(), timeout=30).person


def test_a_locked_citizen_is_refused_by_every_service_and_the_gateway(window):
    person = register(window)
    token = window.login(person.username)
    calls = bearer(token)
    identity = identity_pb2_grpc.IdentityStub(window.channels["identity"])
    cases = cases_pb2_grpc.CasesStub(window.channels["cases"])
    documents = documents_pb2_grpc.DocumentsStub(window.channels["documents"])
    probes: dict[str, Callable[[], object]] = {
        "identity": lambda: identity.GetPerson(
            identity_pb2.GetPersonRequest(person_id=person.person_id), metadata=calls, timeout=10
        ),
        "cases": lambda: cases.ListMyCases(cases_pb2.ListMyCasesRequest(), metadata=calls),
        "documents": lambda: documents.ListWallet(
            documents_pb2.ListWalletRequest(), metadata=calls, timeout=10
        ),
    }
    http = httpx.Client(base_url=GATEWAY, headers={"Authorization": f"Bearer {token}"})
    for name, probe in probes.items():
        assert grpc_refusal(probe) is None, name  # the token works everywhere before the lock
    assert http.get("/v1/me").status_code == 200

    locked = http.post("/v1/me/lock", json={"reason": "my phone was stolen"})
    assert locked.status_code == 200, locked.text

    for name, probe in probes.items():
        # identity may refuse from its own database first (PERMISSION_DENIED); the others
        # know only the token, so the revocation is what refuses it there
        expected = REFUSED if name == "identity" else {UNAUTHENTICATED}
        wait_until_refused(name, lambda probe=probe, e=expected: grpc_refusal(probe) in e)
    wait_until_refused("gateway", lambda: http.get("/v1/me").status_code == 401)
    refusal = http.get("/v1/me/dashboard")
    assert refusal.status_code == 401
    assert refusal.headers["content-type"].startswith("application/problem+json")
    assert "revoked" in refusal.json()["detail"]
    http.close()


def _choose_password(window, username: str) -> None:
    """The clerk would choose a password at first login in the browser; the test sets it."""
    admin = KeycloakAdmin(
        connection=KeycloakOpenIDConnection(
            server_url=window.issuer_url, realm_name=window.realm,
            client_id="onewindow-identity", client_secret_key=IDENTITY_SECRET,
        )
    )  # fmt: skip
    admin.set_user_password(admin.get_user_id(username), "Chosen-pass-1", temporary=False)


def test_disabled_staff_are_refused_by_every_service_and_the_gateway(window):
    identity = identity_pb2_grpc.IdentityStub(window.channels["identity"])
    admin = bearer(window.login(*ADMIN_HEALTH))
    name = f"e2e.revoked.{uuid.uuid4().hex[:8]}"
    staff = identity.CreateStaff(
        identity_pb2.CreateStaffRequest(
            idempotency_key=str(uuid.uuid4()), username=name, family_name="Li",
            given_name="Na", email=f"{name}@example.org", department="health",
            office="hosp-1", roles=["clerk"], initial_password="Temporary-pass-1",
        ),
        metadata=admin, timeout=30,
    ).staff  # fmt: skip
    _choose_password(window, name)
    token = window.login(name, "Chosen-pass-1")
    calls = bearer(token)
    cases = cases_pb2_grpc.CasesStub(window.channels["cases"])
    documents = documents_pb2_grpc.DocumentsStub(window.channels["documents"])
    probes: dict[str, Callable[[], object]] = {
        "cases": lambda: cases.ListQueue(cases_pb2.ListQueueRequest(page_size=1), metadata=calls),
        "documents": lambda: documents.ListWallet(
            documents_pb2.ListWalletRequest(), metadata=calls, timeout=10
        ),
    }
    http = httpx.Client(base_url=GATEWAY, headers={"Authorization": f"Bearer {token}"})
    assert grpc_refusal(probes["cases"]) is None
    # a clerk has no wallet of their own: whatever documents answers, it is not "who are you?"
    assert grpc_refusal(probes["documents"]) != grpc.StatusCode.UNAUTHENTICATED
    assert http.get("/v1/departments/health/queue").status_code == 200

    identity.DisableStaff(
        identity_pb2.DisableStaffRequest(staff_id=staff.staff_id, reason="left the department"),
        metadata=admin, timeout=30,
    )  # fmt: skip

    for name_, probe in probes.items():
        wait_until_refused(name_, lambda probe=probe: grpc_refusal(probe) == UNAUTHENTICATED)
    wait_until_refused(
        "gateway", lambda: http.get("/v1/departments/health/queue").status_code == 401
    )
    http.close()


def test_a_login_locked_by_brute_force_is_refused_with_its_older_token(window):
    """Ten wrong passwords in a row: Keycloak locks the login, identity's ``lockouts`` worker
    publishes login_locked_out, and every service refuses the token issued before."""
    person = register(window)
    token = window.login(person.username)
    calls = bearer(token)
    cases = cases_pb2_grpc.CasesStub(window.channels["cases"])
    documents = documents_pb2_grpc.DocumentsStub(window.channels["documents"])
    probes: dict[str, Callable[[], object]] = {
        "cases": lambda: cases.ListMyCases(cases_pb2.ListMyCasesRequest(), metadata=calls),
        "documents": lambda: documents.ListWallet(
            documents_pb2.ListWalletRequest(), metadata=calls, timeout=10
        ),
    }
    http = httpx.Client(base_url=GATEWAY, headers={"Authorization": f"Bearer {token}"})
    for name, probe in probes.items():
        assert grpc_refusal(probe) is None, name
    assert http.get("/v1/me").status_code == 200

    for _ in range(10):
        with pytest.raises(KeycloakAuthenticationError):
            window.web.token(person.username, "not-the-password-1")

    for name, probe in probes.items():
        wait_until_refused(name, lambda probe=probe: grpc_refusal(probe) == UNAUTHENTICATED)
    wait_until_refused("gateway", lambda: http.get("/v1/me").status_code == 401)
    http.close()
