"""Integration wiring: the real gRPC server (port 0) over the test database, real Kafka topics
per test, Mailpit as the SMTP server, a local webhook receiver, tokens minted by the kit."""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import grpc
import httpx
import pytest
from google.protobuf.message import Message
from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from sqlalchemy import Engine

from onewindow.identity.v1 import events_pb2 as identity_events
from onewindow.notifications.v1 import notifications_pb2_grpc
from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.db import make_engine
from onewindow_kit.errors import PermissionDenied
from onewindow_kit.grpc_server import AioServerThread, create_server
from onewindow_kit.migrations import upgrade
from onewindow_kit.outbox import PendingEvent, make_envelope
from onewindow_kit.principal import ALL_SERVICE_TYPES, Principal
from onewindow_kit.relay import make_producer
from onewindow_kit.testing import TokenFactory, bearer
from onewindow_notifications import bootstrap, config
from onewindow_notifications.adapters.tables import SCHEMA
from onewindow_notifications.config import RateLimits, RetryPolicy
from onewindow_notifications.entrypoints import consumers
from onewindow_notifications.entrypoints.convert import TEXT_LIMITS
from onewindow_notifications.entrypoints.grpc_servicer import NotificationsServicer
from onewindow_notifications.service_layer.dispatch import Dispatcher
from onewindow_notifications.service_layer.ports import Services

BOOTSTRAP = os.environ.get("ONEWINDOW_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
MAILPIT = "http://127.0.0.1:8025"
# Test-sized retries: 0.2 s doubling, a 6 s window; subscriptions suspended after 2 failures.
RETRY = RetryPolicy(base_s=0.2, cap_s=1.0, window_s=6.0, jitter=0.1, suspend_after=2)


class Mandates:
    """MandateChecker: the pairs a test granted."""

    def __init__(self) -> None:
        self.granted: set[tuple[str, str]] = set()

    def check(self, principal: Principal, acting_for: str) -> frozenset[str]:
        if (principal.person_id, acting_for) not in self.granted:
            raise PermissionDenied(f"no valid mandate to act for {acting_for}")
        return ALL_SERVICE_TYPES  # the tests grant mandates for every service


@dataclass
class Receiver:
    """A local webhook receiver: answers with the scripted statuses, then 204; records calls."""

    statuses: list[int] = field(default_factory=list)
    calls: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self, port: int = 0) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                receiver.calls.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status = receiver.statuses.pop(0) if receiver.statuses else 204
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def event_ids(self) -> list[str]:
        return [json.loads(body)["id"] for _, body in self.calls]


@dataclass
class Stack:
    """The notifications service over the test database, and helpers to drive it."""

    stub: notifications_pb2_grpc.NotificationsStub
    engine: Engine
    svc: Services
    settings: config.NotificationsSettings
    tokens: TokenFactory
    mandates: Mandates
    topic: str = ""
    published: int = 0  # records on this test's topic so far

    def citizen(self, person_id: str | None = None, **extra: str) -> tuple[str, list]:
        person_id = person_id or str(uuid.uuid4())
        return person_id, bearer(self.tokens.token(person_id=person_id), **extra)

    def staff(self, subject: str, department: str, role: str = "clerk") -> list:
        return bearer(self.tokens.token(subject=subject, roles=(role,), department=department))

    def service_account(self, department: str) -> list:
        token = self.tokens.token(
            roles=("service",), department=department,
            extra={"preferred_username": f"service-account-{department}"},
        )  # fmt: skip
        return bearer(token)

    def dispatcher(self, **kwargs: Any) -> Dispatcher:
        return Dispatcher(self.svc, bootstrap.channels(self.settings), **kwargs)

    def drain(self, until: Callable[[], bool], timeout_s: float = 20.0, **kwargs: Any) -> None:
        """Run a dispatcher until ``until()`` holds."""
        dispatcher = self.dispatcher(**kwargs)
        deadline = time.monotonic() + timeout_s
        try:
            while not until():
                assert time.monotonic() < deadline, "deliveries did not settle in time"
                if dispatcher.run_once() == 0:
                    time.sleep(0.1)
        finally:
            dispatcher.close()

    def publish(self, events: list[tuple[str, PendingEvent]]) -> None:
        """(source, event) pairs as envelopes on this test's topic, keyed by subject."""
        producer = make_producer(BOOTSTRAP, "test-notifications")
        try:
            for source, event in events:
                env = make_envelope(source, event)
                producer.send(self.topic, key=env.subject.encode(), value=env.SerializeToString())
            producer.flush(timeout=10)
            self.published += len(events)
        finally:
            producer.close()

    def publish_envelope(self, envelope: Any) -> None:
        """An envelope as it is (e.g. one from our own outbox) on this test's topic."""
        producer = make_producer(BOOTSTRAP, "test-notifications")
        try:
            producer.send(
                self.topic, key=envelope.subject.encode(), value=envelope.SerializeToString()
            )
            producer.flush(timeout=10)
            self.published += 1
        finally:
            producer.close()

    def consume(self, name: str = "notices") -> None:
        """Apply every record of the topic with the real ConsumerRunner (a new group) and the
        handler production uses (the notices consumer's batch handler)."""
        expected = self.published
        handlers: dict[str, Any] = (
            {"batch_handler": consumers.notices_batch_handler(self.svc)}
            if name == "notices"
            else {"handler": consumers.contacts_handler(self.svc)}
        )
        runner = ConsumerRunner(
            name=f"test-{name}-{uuid.uuid4().hex[:8]}", topics=[self.topic], engine=self.engine,
            schema=SCHEMA, bootstrap=BOOTSTRAP, **handlers,
        )  # fmt: skip
        try:
            handled, deadline = 0, time.monotonic() + 30
            while handled < expected and time.monotonic() < deadline:
                handled += runner.poll_once(timeout_ms=500)
            assert handled == expected
        finally:
            runner.close()

    def apply(self, events: list[tuple[str, PendingEvent]], name: str = "notices") -> None:
        """Run the consumer's handler on envelopes in one transaction, without Kafka (for tests
        of what comes after intake; the Kafka path has tests of its own)."""
        handler = (
            consumers.notices_handler(self.svc)
            if name == "notices"
            else consumers.contacts_handler(self.svc)
        )
        with self.svc.sessions() as session, session.begin():
            for source, pending in events:
                handler(session, make_envelope(source, pending))

    def register_person(self, person_id: str, email: str, phone: str = "") -> None:
        """What identity's PersonRegistered would tell us, applied by the contacts consumer."""
        self.publish([("identity", event(
            "person_registered", person_id, "person",
            identity_events.PersonRegistered(
                person_id=person_id, email=email, phone=phone, subject=f"sub-{person_id}"
            ),
        ))])  # fmt: skip
        self.consume(name="contacts")

    def register_staff(self, subject: str, department: str, roles: list[str], email: str) -> None:
        self.publish([("identity", event(
            "staff_changed", subject, "staff",
            identity_events.StaffChanged(
                staff_id=str(uuid.uuid4()), change="created", department=department,
                roles=roles, enabled=True, email=email, subject=subject,
            ),
        ))])  # fmt: skip
        self.consume(name="contacts")


def event(name: str, subject: str, aggregate: str, payload: Message, **kw: Any) -> PendingEvent:
    """A pending event as another service would emit it."""
    return PendingEvent(name, subject, aggregate, payload, **kw)


def mailpit_messages(address: str) -> list[dict[str, Any]]:
    """Messages Mailpit received for ``address`` (summaries, newest first)."""
    reply = httpx.get(f"{MAILPIT}/api/v1/search", params={"query": f"to:{address}"}, timeout=5)
    reply.raise_for_status()
    return reply.json()["messages"]  # type: ignore[no-any-return]


def mailpit_message(message_id: str) -> dict[str, Any]:
    """One message in full (text, HTML, headers)."""
    reply = httpx.get(f"{MAILPIT}/api/v1/message/{message_id}", timeout=5)
    reply.raise_for_status()
    return reply.json()  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def base_stack() -> Iterator[Stack]:
    settings = config.load(test=True)
    settings = replace(
        settings, retry=RETRY, webhook_allow_private=("127.0.0.1",),
        limits=RateLimits(smtp_per_s=1000, sms_per_s=1000, webhook_per_subscription_per_s=1000),
        webhook_timeout_s=2.0,
    )  # fmt: skip
    common = settings.common
    upgrade(bootstrap.MIGRATIONS_DIR, common.database_url, SCHEMA)
    engine = make_engine(common.database_url)
    svc = bootstrap.build_services(engine, settings)
    tokens, mandates = TokenFactory(), Mandates()
    servicer = NotificationsServicer(svc)
    running = AioServerThread(
        lambda: create_server(
            service_name="notifications",
            register=lambda s: notifications_pb2_grpc.add_NotificationsServicer_to_server(
                servicer, s
            ),
            service_names=[bootstrap.GRPC_SERVICE],
            authenticator=tokens.authenticator(mandates),
            text_limits=TEXT_LIMITS,
        )
    ).start()
    channel = grpc.insecure_channel(f"127.0.0.1:{running.port}")
    try:
        yield Stack(
            notifications_pb2_grpc.NotificationsStub(channel), engine, svc, settings, tokens,
            mandates,
        )  # fmt: skip
    finally:
        channel.close()
        running.stop(0)
        engine.dispose()


@pytest.fixture
def stack(base_stack: Stack) -> Iterator[Stack]:
    """The session's stack with a fresh Kafka topic of its own."""
    name = f"test.notifications.{uuid.uuid4().hex[:10]}"
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    admin.create_topics([NewTopic(name, 1, 1), NewTopic(f"{name}.dlt", 1, 1)])
    base_stack.topic, base_stack.published = name, 0
    try:
        yield base_stack
    finally:
        admin.delete_topics([name, f"{name}.dlt"])
        admin.close()
