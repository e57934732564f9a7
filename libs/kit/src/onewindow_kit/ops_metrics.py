"""The metrics operators alert on (infra/prometheus/alerts.yaml): outbox relay progress, dead
letters, and every loop's heartbeat. Created on first use, never at import."""

from __future__ import annotations

from functools import cache

from prometheus_client import Counter, Gauge


@cache
def outbox_published() -> Counter:
    """Outbox rows the broker acknowledged, per service schema."""
    return Counter(
        "onewindow_outbox_published_total", "outbox rows the broker acknowledged", ["schema"]
    )


@cache
def outbox_relayed_at() -> Gauge:
    """When the relay last finished a pass over its outbox without an error."""
    return Gauge(
        "onewindow_outbox_relayed_timestamp_seconds",
        "unix time of the relay's last pass over the outbox without an error",
        ["schema"],
    )


@cache
def dead_lettered() -> Counter:
    """Events a consumer gave up on and sent to the dead-letter topic."""
    return Counter(
        "onewindow_consumer_dead_lettered_total",
        "events sent to the dead-letter topic after bounded retries",
        ["consumer"],
    )


@cache
def heartbeat_at() -> Gauge:
    """When a relay, consumer or worker loop last turned (onewindow_kit.liveness)."""
    return Gauge(
        "onewindow_process_heartbeat_timestamp_seconds",
        "unix time of the process loop's last turn",
        ["process"],
    )
