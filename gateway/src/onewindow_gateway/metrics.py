"""Prometheus metrics across worker processes (prometheus_client's multiprocess mode when the
server set PROMETHEUS_MULTIPROC_DIR, else this process's registry)."""

from __future__ import annotations

import os

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess


def render_metrics() -> bytes:
    """The text exposition of every worker's metrics."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return bytes(generate_latest(registry))
    return bytes(generate_latest(REGISTRY))
