"""Wiring: engine → unit of work (with outbox) → handlers; Keycloak adapter; gRPC servicer."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import grpc
from sqlalchemy import Engine
from sqlalchemy.exc import InterfaceError, OperationalError

from onewindow.identity.v1 import identity_pb2_grpc
from onewindow_identity import config
from onewindow_identity.adapters.keycloak import KeycloakConfig, KeycloakIdentityProvider
from onewindow_identity.adapters.orm import SCHEMA
from onewindow_identity.adapters.uow import SqlIdentityUnitOfWork
from onewindow_identity.domain.validators import default_registry
from onewindow_identity.entrypoints.grpc_servicer import IdentityServicer
from onewindow_identity.service_layer import lockouts, logins
from onewindow_identity.service_layer.common import WatchCursor, log
from onewindow_identity.service_layer.ports import IdentityProvider, Services
from onewindow_identity.service_layer.principals import (
    AccountStateAuthenticator,
    DatabaseMandateChecker,
)
from onewindow_kit.auth import JwtAuthenticator, TokenValidator
from onewindow_kit.db import unit_of_work_factory
from onewindow_kit.errors import Unavailable
from onewindow_kit.outbox import Outbox
from onewindow_kit.revocations import RevocationSet, kafka_revocations
from onewindow_kit.settings import CommonSettings
from onewindow_kit.topics import domain_topic

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
GRPC_SERVICE = "onewindow.identity.v1.Identity"


def utc_now() -> datetime:
    """The service clock."""
    return datetime.now(UTC)


def keycloak_provider(settings: config.IdentitySettings) -> KeycloakIdentityProvider:
    """The Keycloak adapter with the gateway client's credentials."""
    common = settings.common
    return KeycloakIdentityProvider(
        KeycloakConfig(
            server_url=common.keycloak_url.rstrip("/") + "/",
            realm=common.keycloak_realm,
            client_id=settings.keycloak_admin_client_id,
            client_secret=settings.keycloak_admin_client_secret,
            timeout_s=settings.keycloak_timeout_s,
        )
    )


def build_services(
    engine: Engine,
    idp: IdentityProvider,
    *,
    clock: Callable[[], datetime] = utc_now,
) -> Services:
    """Handlers' dependencies over PostgreSQL and the given identity provider."""
    outbox = Outbox(source=config.SERVICE, schema=SCHEMA, topic=domain_topic(config.SERVICE))
    kit_uow = unit_of_work_factory(engine, outbox)
    return Services(
        uow=lambda: SqlIdentityUnitOfWork(kit_uow),
        idp=idp,
        clock=clock,
        new_id=lambda: str(uuid.uuid4()),
        validators=default_registry(),
    )


def token_validator(
    common: CommonSettings, revocations: RevocationSet | None = None
) -> TokenValidator:
    """Local validation against the realm's published keys (looked up by token header)."""
    return TokenValidator(
        issuer=common.issuer,
        audience=common.token_audience,
        jwks_url=common.jwks_url,
        revocations=revocations,
    )


def build_grpc(
    common: CommonSettings, engine: Engine
) -> tuple[Callable[[grpc.Server], None], AccountStateAuthenticator]:
    """For the kit's ServiceSpec: the servicer registration and the authenticator."""
    settings = config.load(common)
    svc = build_services(engine, keycloak_provider(settings))
    # Keycloak's brute-force lockouts reach identity's own calls through the same feed.
    validator = token_validator(common, kafka_revocations(common.kafka_bootstrap))
    servicer = IdentityServicer(svc, validator)

    def register(server: grpc.Server) -> None:
        identity_pb2_grpc.add_IdentityServicer_to_server(servicer, server)

    return register, authenticator(svc, validator)


def authenticator(svc: Services, validator: TokenValidator) -> AccountStateAuthenticator:
    """Bearer tokens validated locally, mandates checked now, locked/disabled accounts refused."""
    return AccountStateAuthenticator(JwtAuthenticator(validator, DatabaseMandateChecker(svc)), svc)


def watch_every(
    name: str, every_s: float, watch: Callable[[], object], stop: threading.Event
) -> None:
    """Call ``watch`` every ``every_s`` until ``stop``. Keycloak or the database away (a restart,
    an outage) only skips rounds: the worker must outlive them, as the other services' workers
    do — an uncaught database error ended the process at the first round of an outage, and
    nothing started it again."""
    log.info(f"{name}_started", every_s=every_s)
    while not stop.is_set():
        try:
            watch()
        except Unavailable as exc:  # Keycloak away: try again next round
            log.warning(f"{name}_unavailable", error=str(exc))
        except (OperationalError, InterfaceError) as exc:  # the database away: the same
            log.warning(f"{name}_database_unavailable", error=str(exc.orig or exc))
        stop.wait(every_s)


def run_login_watch(common: CommonSettings, engine: Engine, stop: threading.Event) -> None:
    """For the kit's ServiceSpec: the ``logins`` worker (new login from an unknown client)."""
    settings = config.load(common)
    svc = build_services(engine, keycloak_provider(settings))
    cursor = WatchCursor(logins.CURSOR)
    watch_every(
        "login_watch", settings.login_watch_s, lambda: logins.watch_logins(svc, cursor=cursor), stop
    )


def run_lockout_watch(common: CommonSettings, engine: Engine, stop: threading.Event) -> None:
    """For the kit's ServiceSpec: the ``lockouts`` worker (brute-force lockouts → every service)."""
    settings = config.load(common)
    svc = build_services(engine, keycloak_provider(settings))
    cursor = WatchCursor(lockouts.WATCH)
    watch_every(
        "lockout_watch",
        settings.lockout_watch_s,
        lambda: lockouts.watch_lockouts(svc, cursor=cursor),
        stop,
    )
