"""Connection options shared by every Kafka producer and consumer the kit builds.

kafka-python doubles its reconnect backoff after each failed attempt up to
``reconnect_backoff_max_ms`` (30 s by default): after a broker outage of a minute, relays and
consumers would wait up to 30 s before trying again, and the outbox drains late. The kit caps it
at one second, configurable with ``ONEWINDOW_KAFKA_RECONNECT_BACKOFF_MS`` (first retry) and
``ONEWINDOW_KAFKA_RECONNECT_BACKOFF_MAX_MS`` (cap).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from onewindow_kit.settings import Env, SettingsError

DEFAULT_RECONNECT_BACKOFF_MS = 50
DEFAULT_RECONNECT_BACKOFF_MAX_MS = 1000


@dataclass(frozen=True)
class KafkaClientSettings:
    """How quickly a client tries the broker again after losing it."""

    reconnect_backoff_ms: int = DEFAULT_RECONNECT_BACKOFF_MS
    reconnect_backoff_max_ms: int = DEFAULT_RECONNECT_BACKOFF_MAX_MS

    def options(self) -> dict[str, Any]:
        """Keyword arguments for KafkaProducer / KafkaConsumer."""
        return {
            "reconnect_backoff_ms": self.reconnect_backoff_ms,
            "reconnect_backoff_max_ms": self.reconnect_backoff_max_ms,
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
    return KafkaClientSettings(reconnect_backoff_ms=first, reconnect_backoff_max_ms=cap)
