"""Connection options shared by every Kafka producer and consumer the kit builds.

kafka-python doubles its reconnect backoff after each failed attempt up to
``reconnect_backoff_max_ms`` (30 s by default): after a broker outage of a minute, relays and
consumers would wait up to 30 s before trying again, and the outbox drains late. The kit caps it
at one second, configurable with ``ONEWINDOW_KAFKA_RECONNECT_BACKOFF_MS`` (first retry) and
``ONEWINDOW_KAFKA_RECONNECT_BACKOFF_MAX_MS`` (cap). Authentication and TLS
(``onewindow_kit.kafka_security``) ride along in the same options.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from kafka.errors import KafkaError

from onewindow_kit.kafka_security import KafkaSecurity, load_kafka_security
from onewindow_kit.logging import get_logger
from onewindow_kit.settings import Env, SettingsError

log = get_logger("onewindow.kafka")
T = TypeVar("T")

DEFAULT_RECONNECT_BACKOFF_MS = 50
DEFAULT_RECONNECT_BACKOFF_MAX_MS = 1000
# kafka-python 3 waits 45 s (KIP-735) before it gives a dead consumer's partitions to another
# member; a SIGKILLed consumer pod would hold its events back that long. 10 s, as before KIP-735.
DEFAULT_SESSION_TIMEOUT_MS = 10000


@dataclass(frozen=True)
class KafkaClientSettings:
    """How quickly a client tries the broker again after losing it."""

    reconnect_backoff_ms: int = DEFAULT_RECONNECT_BACKOFF_MS
    reconnect_backoff_max_ms: int = DEFAULT_RECONNECT_BACKOFF_MAX_MS
    session_timeout_ms: int = DEFAULT_SESSION_TIMEOUT_MS
    security: KafkaSecurity = field(default_factory=KafkaSecurity)

    def options(self) -> dict[str, Any]:
        """Keyword arguments for KafkaProducer / KafkaConsumer (with the security options)."""
        return {
            "reconnect_backoff_ms": self.reconnect_backoff_ms,
            "reconnect_backoff_max_ms": self.reconnect_backoff_max_ms,
            **self.security.options(),
        }

    def consumer_options(self) -> dict[str, Any]:
        """Keyword arguments for a KafkaConsumer in a group: also how soon a dead member's
        partitions move to the others (heartbeats at a third of it)."""
        return {
            **self.options(),
            "session_timeout_ms": self.session_timeout_ms,
            "heartbeat_interval_ms": max(1, self.session_timeout_ms // 3),
        }


def load_kafka_client_settings(environ: Mapping[str, str] | None = None) -> KafkaClientSettings:
    """Read the client options from the environment; SettingsError names a bad variable."""
    env = Env(environ)
    first = env.get_int("ONEWINDOW_KAFKA_RECONNECT_BACKOFF_MS", DEFAULT_RECONNECT_BACKOFF_MS)
    cap = env.get_int("ONEWINDOW_KAFKA_RECONNECT_BACKOFF_MAX_MS", DEFAULT_RECONNECT_BACKOFF_MAX_MS)
    if first <= 0:
        raise SettingsError(
            "environment variable ONEWINDOW_KAFKA_RECONNECT_BACKOFF_MS must be positive, "
            f"got {first}"
        )
    if cap < first:
        raise SettingsError(
            "environment variable ONEWINDOW_KAFKA_RECONNECT_BACKOFF_MAX_MS must be at least "
            f"ONEWINDOW_KAFKA_RECONNECT_BACKOFF_MS ({first}), got {cap}"
        )
    session = env.get_int("ONEWINDOW_KAFKA_SESSION_TIMEOUT_MS", DEFAULT_SESSION_TIMEOUT_MS)
    if session < 6000:  # the broker's group.min.session.timeout.ms
        raise SettingsError(
            "environment variable ONEWINDOW_KAFKA_SESSION_TIMEOUT_MS must be at least 6000 "
            f"(the broker's minimum), got {session}"
        )
    return KafkaClientSettings(
        reconnect_backoff_ms=first,
        reconnect_backoff_max_ms=cap,
        session_timeout_ms=session,
        security=load_kafka_security(environ),
    )


def build_when_broker_answers(
    build: Callable[[], T], *, process: str, stop: threading.Event, delays: Iterator[float]
) -> T | None:
    """``build()`` a Kafka client (or what holds one), trying again after each wait of
    ``delays`` while no broker answers: a relay or consumer started before Kafka (a pod
    scheduled first, a broker restarting) waits for it instead of exiting. None when ``stop``
    was set first."""
    while not stop.is_set():
        try:
            return build()
        except KafkaError as exc:  # the client's own bootstrap gave up (no connection, timeout)
            delay = next(delays)
            log.warning(
                "kafka_unavailable_at_start", process=process, error=str(exc), retry_in_s=delay
            )
            stop.wait(delay)
    return None
