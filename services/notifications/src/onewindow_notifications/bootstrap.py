"""Wiring: engine → sessions, outbox, rules and templates → handlers; the gRPC servicer, the two
consumers and the dispatcher."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import grpc
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from onewindow.notifications.v1 import notifications_pb2_grpc
from onewindow_kit.auth import JwtAuthenticator, TokenValidator
from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.grpc_tls import open_channel
from onewindow_kit.identity_client import GrpcMandateChecker
from onewindow_kit.logging import get_logger
from onewindow_kit.outbox import Outbox
from onewindow_kit.revocations import kafka_revocations
from onewindow_kit.settings import CommonSettings
from onewindow_kit.topics import domain_topic
from onewindow_notifications import config
from onewindow_notifications.adapters.channels import (
    HttpJsonSmsProvider,
    SmtpSender,
    WebhookSender,
)
from onewindow_notifications.adapters.store import sql_transactions
from onewindow_notifications.adapters.tables import SCHEMA
from onewindow_notifications.entrypoints import consumers
from onewindow_notifications.entrypoints.grpc_servicer import NotificationsServicer
from onewindow_notifications.service_layer import catalogue
from onewindow_notifications.service_layer.dispatch import Channels, Dispatcher
from onewindow_notifications.service_layer.ports import Services

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
GRPC_SERVICE = "onewindow.notifications.v1.Notifications"
log = get_logger("onewindow.notifications")


def utc_now() -> datetime:
    """The service clock."""
    return datetime.now(UTC)


_VARIANT = "89ab"


def new_id() -> str:
    """A fresh notice/delivery/subscription id: a random (version 4) UUID as text, spelled
    without building a UUID object (a third of uuid4()'s cost; several are made per event)."""
    h = os.urandom(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


def outbox() -> Outbox:
    """The notifications outbox, relayed to onewindow.notifications.v1."""
    return Outbox(source=config.SERVICE, schema=SCHEMA, topic=domain_topic(config.SERVICE))


def build_services(engine: Engine, settings: config.NotificationsSettings) -> Services:
    """Handlers' dependencies; the rules and templates are loaded (and checked) here."""
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    return Services(
        transaction=sql_transactions(sessions),
        sessions=sessions,
        outbox=outbox(),
        catalogue=catalogue.load(settings.rules_path, settings.templates_path),
        clock=utc_now,
        new_id=new_id,
        retry=settings.retry,
        limits=settings.limits,
        webhook_allow_private=settings.webhook_allow_private,
    )


def authenticator(settings: config.NotificationsSettings) -> JwtAuthenticator:
    """Bearer tokens validated locally; x-acting-for checked with the identity service now."""
    common = settings.common
    validator = TokenValidator(
        issuer=common.issuer,
        audience=common.token_audience,
        jwks_url=common.jwks_url,
        revocations=kafka_revocations(common.kafka_bootstrap),
    )
    channel = open_channel(settings.identity_addr)
    return JwtAuthenticator(validator, GrpcMandateChecker(channel))


def build_grpc(
    common: CommonSettings, engine: Engine
) -> tuple[Callable[[grpc.Server], None], JwtAuthenticator]:
    """For the kit's ServiceSpec: the servicer registration and the authenticator."""
    settings = config.load(common)
    servicer = NotificationsServicer(build_services(engine, settings))

    def register(server: grpc.Server) -> None:
        notifications_pb2_grpc.add_NotificationsServicer_to_server(servicer, server)

    return register, authenticator(settings)


def build_notices_consumer(common: CommonSettings, engine: Engine) -> ConsumerRunner:
    """For the kit's ServiceSpec: events of every domain → notices and deliveries."""
    svc = build_services(engine, config.load(common))
    return ConsumerRunner(
        name=consumers.NOTICES_CONSUMER,
        topics=[domain_topic(d) for d in consumers.NOTICE_DOMAINS],
        engine=engine,
        schema=SCHEMA,
        bootstrap=common.kafka_bootstrap,
        batch_handler=consumers.notices_batch_handler(svc),
        event_types=consumers.notice_event_types(svc.catalogue.rules),
        consumer_config=consumers.BATCHED_FETCH,
    )


def build_contacts_consumer(common: CommonSettings, engine: Engine) -> ConsumerRunner:
    """For the kit's ServiceSpec: identity events → contact details."""
    svc = build_services(engine, config.load(common))
    return ConsumerRunner(
        name=consumers.CONTACTS_CONSUMER,
        topics=[domain_topic("identity")],
        engine=engine,
        schema=SCHEMA,
        bootstrap=common.kafka_bootstrap,
        handler=consumers.contacts_handler(svc),
    )


def channels(settings: config.NotificationsSettings) -> Channels:
    """The real channel adapters."""
    webhook = WebhookSender(settings.webhook_timeout_s)
    sms = HttpJsonSmsProvider(settings.sms_url, settings.sms_key.value)
    return Channels(
        email=SmtpSender(settings.smtp).send,
        webhook=webhook.send,
        sms=sms.send,
        sender=settings.smtp.sender,
        unsubscribe_url=settings.smtp.unsubscribe_url,
    )


def run_dispatcher(common: CommonSettings, engine: Engine, stop: threading.Event) -> None:
    """For the kit's ServiceSpec: the ``dispatch`` worker."""
    settings = config.load(common)
    dispatcher = Dispatcher(
        build_services(engine, settings), channels(settings), lease_s=settings.lease_s
    )
    log.info("dispatcher_started")
    try:
        dispatcher.run(stop)
    finally:
        dispatcher.close()
