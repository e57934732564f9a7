"""End-to-end: the stack as `make up` runs it — separate service processes, real PostgreSQL,
Kafka and Keycloak — driven only through the public contracts (gRPC, Kafka, OIDC), as a
front end or a department system would."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable

import grpc
from kafka import KafkaConsumer, TopicPartition
from keycloak import KeycloakOpenID

from onewindow.events.v1 import envelope_pb2
from onewindow_kit.settings import load_common
from onewindow_kit.testing import random_resident_id as resident_id  # noqa: F401 (re-exported)

PASSWORD = "e2e-Passw0rd!"
GATEWAY_SECRET = os.environ.get(
    "ONEWINDOW_KEYCLOAK_GATEWAY_SECRET", "dev-only-onewindow-gateway-secret"
)
# Mailpit's HTTP API from the variable the stack was started with (infra/env.sh), so the tests
# reading emails also run against a private stack (tests/faults/private-stack.sh)
MAILPIT = "http://" + os.environ.get("ONEWINDOW_MAILPIT_HTTP_ADDR", "127.0.0.1:8025")
DEV_SEED_PASSWORDS = {"clerk.central": "dev-pass-clerk", "supervisor.health": "dev-pass-supervisor"}


def birth_date(number: str) -> str:
    return f"{number[6:10]}-{number[10:12]}-{number[12:14]}"


class Window:
    """What a front end holds: channels to the services and OIDC clients of the realm."""

    def __init__(self) -> None:
        common = load_common("identity")
        self.issuer_url = common.keycloak_url
        self.realm = common.keycloak_realm
        self.kafka = common.kafka_bootstrap
        self.channels = {
            svc: grpc.insecure_channel(load_common(svc).grpc_addr)
            for svc in ("identity", "cases", "documents")
        }
        self.web = KeycloakOpenID(
            server_url=self.issuer_url, realm_name=self.realm, client_id="onewindow-web"
        )
        self._gateway_token = ""
        self._gateway_token_renew_at = 0.0

    def gateway(self) -> list[tuple[str, str]]:
        """The gateway's service-account token, reused as clients must — and renewed as they
        must, 30 s before it expires (the realm's tokens live 5 minutes; the session is longer)."""
        if not self._gateway_token or time.monotonic() >= self._gateway_token_renew_at:
            oidc = KeycloakOpenID(
                server_url=self.issuer_url,
                realm_name=self.realm,
                client_id="onewindow-gateway",
                client_secret_key=GATEWAY_SECRET,
            )
            issued = oidc.token(grant_type="client_credentials")
            self._gateway_token = issued["access_token"]
            lifetime = float(issued.get("expires_in", 300))
            self._gateway_token_renew_at = time.monotonic() + max(lifetime - 30.0, 1.0)
        return bearer(self._gateway_token)

    def login(self, username: str, password: str = PASSWORD) -> str:
        return str(self.web.token(username, password)["access_token"])

    def close(self) -> None:
        for channel in self.channels.values():
            channel.close()


def sample_png(text: bytes = b"scan") -> bytes:
    """A minimal real PNG (signature, 1x1 IHDR, ``text`` in a tEXt chunk): documents sniffs
    the type from the bytes and refuses content that is not what it claims."""
    ihdr = b"\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde"
    return b"\x89PNG\r\n\x1a\n" + ihdr + len(text).to_bytes(4, "big") + b"tEXt" + text


def bearer(token: str) -> list[tuple[str, str]]:
    return [("authorization", f"Bearer {token}"), ("x-correlation-id", f"e2e-{uuid.uuid4()}")]


class EventTap:
    """Reads a topic from the offsets it had when the tap opened."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        self.consumer = KafkaConsumer(
            bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None
        )
        parts = [TopicPartition(topic, p) for p in self.consumer.partitions_for_topic(topic)]
        self.consumer.assign(parts)
        self.consumer.seek_to_end(*parts)
        for tp in parts:
            self.consumer.position(tp)  # resolve now, before the test acts

    def wait_for(
        self, match: Callable[[envelope_pb2.EventEnvelope], bool], timeout_s: float = 30
    ) -> envelope_pb2.EventEnvelope:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for records in self.consumer.poll(timeout_ms=500).values():
                for record in records:
                    env = envelope_pb2.EventEnvelope()
                    env.ParseFromString(record.value)
                    if match(env):
                        return env
        raise AssertionError("the expected event did not arrive on Kafka in time")

    def close(self) -> None:
        self.consumer.close()
