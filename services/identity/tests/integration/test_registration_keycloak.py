"""Registration, tokens and assurance levels against the real Keycloak and PostgreSQL."""

from __future__ import annotations

import socket
from dataclasses import replace

import grpc
import pytest
from keycloak.exceptions import KeycloakAuthenticationError
from sqlalchemy import text

from onewindow.identity.v1 import identity_pb2 as pb
from onewindow.identity.v1 import identity_pb2_grpc
from onewindow_identity import bootstrap
from onewindow_identity.adapters.keycloak import KeycloakConfig, KeycloakIdentityProvider
from onewindow_identity.entrypoints.convert import TEXT_LIMITS
from onewindow_identity.entrypoints.grpc_servicer import IdentityServicer
from onewindow_kit.grpc_errors import field_violations
from onewindow_kit.grpc_server import AioServerThread, create_server
from onewindow_kit.settings import Secret
from onewindow_kit.testing import bearer

pytestmark = pytest.mark.integration


def _claims(stack, token: str) -> dict:
    return bootstrap.token_validator(stack.settings.common).claims(token)


def test_register_then_log_in_and_the_token_carries_the_level(stack) -> None:
    person = stack.register()

    token = stack.login(person.username)

    claims = _claims(stack, token)
    assert claims["assurance_level"] == "low"
    assert claims["person_id"] == person.person_id
    assert "citizen" in claims["realm_access"]["roles"]
    principal = stack.stub.ResolvePrincipal(
        pb.ResolvePrincipalRequest(token=token), metadata=stack.department_system()
    ).principal
    assert (principal.kind, principal.person_id, principal.assurance_level) == (
        "person",
        person.person_id,
        pb.ASSURANCE_LEVEL_LOW,
    )


def test_in_person_upgrade_puts_high_in_the_next_token(stack, clerk) -> None:
    person = stack.register()
    request = pb.VerifyInPersonRequest(
        person_id=person.person_id,
        method="document_chip_read",
        document=pb.IdentityDocument(type="resident_id", number=person.national_id),
    )

    reply = stack.stub.VerifyInPerson(request, metadata=bearer(clerk))

    assert reply.person.assurance_level == pb.ASSURANCE_LEVEL_HIGH
    assert _claims(stack, stack.login(person.username))["assurance_level"] == "high"


def test_the_same_number_twice_is_already_exists(stack) -> None:
    person = stack.register()

    with pytest.raises(grpc.RpcError) as exc:
        stack.register(national_id=person.national_id)
    assert exc.value.code() == grpc.StatusCode.ALREADY_EXISTS


def test_a_retried_registration_returns_the_first_result(stack) -> None:
    request = stack.register_request()
    first = stack.stub.RegisterPerson(request, metadata=stack.gateway()).person
    stack.created_users.append(stack.idp.find_user(first.username).id)

    again = stack.stub.RegisterPerson(request, metadata=stack.gateway()).person

    assert again == first
    assert _outbox_events(stack, first.person_id) == ["onewindow.identity.person_registered.v1"]


def _outbox_events(stack, subject: str) -> list[str]:
    with stack.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT event_type FROM identity.outbox WHERE key = :k ORDER BY id"),
            {"k": subject},
        )
        return [r[0] for r in rows]


def test_bad_input_is_invalid_argument_with_field_paths(stack) -> None:
    request = stack.register_request(national_id="110105194912310021", email="nope", phone="")
    request.date_of_birth = "1949-12-31"

    with pytest.raises(grpc.RpcError) as exc:
        stack.stub.RegisterPerson(request, metadata=stack.gateway())
    assert exc.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert dict(field_violations(exc.value)) == {
        "national_id": "check digit is 1, expected X (ISO 7064 MOD 11-2)",
        "email": "is not a valid email address",
    }


def test_keycloak_unreachable_is_unavailable_and_leaves_no_record(stack) -> None:
    with socket.socket() as s:  # a port nobody listens on: what a stopped Keycloak looks like
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    down = KeycloakIdentityProvider(
        KeycloakConfig(
            f"http://127.0.0.1:{closed_port}/",
            "onewindow",
            "onewindow-gateway",
            Secret("x"),
            timeout_s=2,
        )
    )
    svc = replace(stack.svc, idp=down)
    validator = bootstrap.token_validator(stack.settings.common)
    servicer = IdentityServicer(svc, validator)
    running = AioServerThread(
        lambda: create_server(
            service_name="identity",
            register=lambda s: identity_pb2_grpc.add_IdentityServicer_to_server(servicer, s),
            service_names=[bootstrap.GRPC_SERVICE],
            authenticator=bootstrap.authenticator(svc, validator),
            text_limits=TEXT_LIMITS,
        )
    ).start()
    port = running.port
    request = stack.register_request()
    try:
        with (
            grpc.insecure_channel(f"127.0.0.1:{port}") as channel,
            pytest.raises(grpc.RpcError) as exc,
        ):
            identity_pb2_grpc.IdentityStub(channel).RegisterPerson(
                request, metadata=stack.gateway()
            )
    finally:
        running.stop()

    assert exc.value.code() == grpc.StatusCode.UNAVAILABLE
    assert "Keycloak is unreachable" in exc.value.details()
    with stack.svc.uow() as uow:
        assert uow.persons.by_national_id("CN", request.national_id) is None


class FailingCommit:
    """A unit of work whose commit fails: the database going away after Keycloak succeeded."""

    def __init__(self, inner):
        self.inner = inner

    def __enter__(self):
        self.inner.__enter__()
        return self

    def __exit__(self, *exc):
        return self.inner.__exit__(*exc)

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def commit(self):
        raise RuntimeError("database lost during commit")


def test_a_database_failure_after_keycloak_removes_the_keycloak_user(stack) -> None:
    from onewindow_identity.service_layer import commands, persons
    from onewindow_identity.testing import GATEWAY

    svc = replace(stack.svc, uow=lambda: FailingCommit(stack.svc.uow()))
    request = stack.register_request()
    cmd = commands.RegisterPerson(
        request.idempotency_key,
        "CN",
        request.national_id,
        request.family_name,
        request.given_name,
        request.date_of_birth,
        request.email,
        "",
        request.password,
    )

    with pytest.raises(RuntimeError):
        persons.register_person(cmd, svc=svc, actor=GATEWAY)

    assert stack.idp.find_user(f"cn-{request.national_id.lower()}") is None
    with stack.svc.uow() as uow:
        assert uow.persons.by_national_id("CN", request.national_id) is None
    with pytest.raises(KeycloakAuthenticationError):
        stack.login(f"cn-{request.national_id.lower()}")
