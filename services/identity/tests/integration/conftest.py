"""Integration wiring: the real gRPC server (port 0) over the test database and the real
Keycloak realm; users get unique random names and are deleted again at the end."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field

import grpc
import pytest
from keycloak import KeycloakOpenID
from keycloak.exceptions import KeycloakError
from sqlalchemy import Engine

from onewindow.identity.v1 import identity_pb2 as pb
from onewindow.identity.v1 import identity_pb2_grpc
from onewindow_identity import bootstrap, config
from onewindow_identity.adapters.keycloak import KeycloakIdentityProvider, client_credentials
from onewindow_identity.entrypoints.convert import TEXT_LIMITS
from onewindow_identity.entrypoints.grpc_servicer import IdentityServicer
from onewindow_identity.service_layer.ports import NewUser, Services
from onewindow_identity.testing import birth_date_of
from onewindow_kit.db import make_engine
from onewindow_kit.grpc_server import AioServerThread, create_server
from onewindow_kit.migrations import upgrade
from onewindow_kit.testing import bearer, random_resident_id

PASSWORD = "Integration-pass-1"
RUN = uuid.uuid4().hex[:6]


@dataclass
class Stack:
    """The running identity service plus the Keycloak realm it talks to."""

    settings: config.IdentitySettings
    svc: Services
    idp: KeycloakIdentityProvider
    stub: identity_pb2_grpc.IdentityStub
    port: int
    web: KeycloakOpenID
    engine: Engine
    created_users: list[str] = field(default_factory=list)
    created_clients: list[str] = field(default_factory=list)
    _tokens: dict[str, str] = field(default_factory=dict)

    # --- tokens ----------------------------------------------------------------------------

    def _client_token(self, client_id: str, secret_variable: str, dev_secret: str) -> str:
        if client_id not in self._tokens:  # reused, as clients must
            common = self.settings.common
            self._tokens[client_id] = client_credentials(
                common.keycloak_url + "/",
                common.keycloak_realm,
                client_id,
                os.environ.get(secret_variable, dev_secret),
            )["access_token"]
        return self._tokens[client_id]

    def gateway(self) -> list[tuple[str, str]]:
        """Call metadata of the gateway's own account (realm role gateway: self-registration)."""
        token = self._client_token(
            "onewindow-gateway",
            "ONEWINDOW_KEYCLOAK_GATEWAY_SECRET",
            "dev-only-onewindow-gateway-secret",
        )
        return bearer(token)

    def department_system(self) -> list[tuple[str, str]]:
        """Call metadata of a department system (realm role service, department health)."""
        token = self._client_token(
            "dept-health-system",
            "ONEWINDOW_KEYCLOAK_DEPT_HEALTH_SECRET",
            "dev-only-dept-health-secret",
        )
        return bearer(token)

    def login(self, username: str, password: str = PASSWORD) -> str:
        """A password login through the public web client: the access token."""
        return str(self.web.token(username, password)["access_token"])

    # --- people ----------------------------------------------------------------------------

    def register(self, **overrides: str) -> pb.Person:
        """RegisterPerson through gRPC as the gateway."""
        request = self.register_request(**overrides)
        person = self.stub.RegisterPerson(request, metadata=self.gateway()).person
        self.created_users.append(self.idp.find_user(person.username).id)  # type: ignore[union-attr]
        return person

    def register_request(self, **overrides: str) -> pb.RegisterPersonRequest:
        number = overrides.pop("national_id", None) or random_resident_id()
        tag = uuid.uuid4().hex[:8]
        values = {
            "idempotency_key": str(uuid.uuid4()),
            "national_id": number,
            "family_name": "Chen",
            "given_name": f"It{tag}",
            "date_of_birth": birth_date_of(number),
            "email": f"it-{RUN}-{tag}@example.cn",
            "password": PASSWORD,
        }
        values.update(overrides)
        return pb.RegisterPersonRequest(**values)

    def staff_user(self, department: str, roles: tuple[str, ...], office: str = "hall-central"):
        """A staff login made directly in Keycloak, as an operator bootstraps a department."""
        username = f"it-{RUN}-{'-'.join(roles)}-{department}-{uuid.uuid4().hex[:4]}".replace(
            "_", ""
        )
        user_id = self.idp.create_user(
            NewUser(
                username=username,
                email=f"{username}@example.cn",
                first_name="It",
                last_name="Staff",
                password=PASSWORD,
                attributes={"department": department, "office": office},
                realm_roles=roles,
            )
        )
        self.created_users.append(user_id)
        return username, user_id


def keycloak_refusal(exc: KeycloakError) -> tuple[int, str, str]:
    """(HTTP status, OAuth error, description) of a refused token request."""
    body = json.loads(exc.response_body or b"{}")
    return exc.response_code, body.get("error", ""), body.get("error_description", "")


def _cleanup(stack: Stack) -> None:
    # Best effort: deletes are idempotent, and a failure here must not hide a test's result.
    for user_id in stack.created_users:
        with suppress(Exception):
            stack.idp.delete_user(user_id)
    for client_uuid in stack.created_clients:
        with suppress(Exception):
            stack.idp.delete_client(client_uuid)


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    settings = config.load(test=True)
    common = settings.common
    upgrade(bootstrap.MIGRATIONS_DIR, common.database_url, "identity")
    engine = make_engine(common.database_url)
    idp = bootstrap.keycloak_provider(settings)
    svc = bootstrap.build_services(engine, idp)
    validator = bootstrap.token_validator(common)
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
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    web = KeycloakOpenID(
        server_url=common.keycloak_url + "/",
        realm_name=common.keycloak_realm,
        client_id=settings.web_client_id,
    )
    stub = identity_pb2_grpc.IdentityStub(channel)
    stack = Stack(settings, svc, idp, stub, port, web, engine)
    try:
        yield stack
    finally:
        _cleanup(stack)
        channel.close()
        running.stop()
        engine.dispose()


@pytest.fixture(scope="session")
def civil_admin(stack: Stack) -> str:
    """A dept_admin of civil: the access token."""
    username, _ = stack.staff_user("civil", ("dept_admin",))
    return stack.login(username)


@pytest.fixture(scope="session")
def clerk(stack: Stack) -> str:
    """A psb clerk at hall-east: the access token."""
    username, _ = stack.staff_user("psb", ("clerk",), office="hall-east")
    return stack.login(username)
