"""Liveness and metrics over HTTP for every process: ``/metrics`` (Prometheus) and ``/healthz``.

A relay, consumer or worker has no gRPC server to probe, and "the process still exists" does not
tell whether its loop is stuck (a hung database call, a deadlock). Every such loop checks its stop
flag on each turn (``while not stop.is_set(): …; stop.wait(interval)``), so the kit hands it a
:class:`HeartbeatEvent`: each check records a heartbeat, and a long ``wait`` beats at least every
``HEARTBEAT_SLICE_S``. ``/healthz`` answers 200 while the last heartbeat is younger than the
stale limit and 503 once it is older — what a Kubernetes liveness probe needs to restart a stuck
pod. A loop that waits for Kafka or PostgreSQL to come back keeps beating: it is alive, and
restarting it would not help.

A serve process beats from its asyncio loop (onewindow_kit.grpc_server.serve), so ``/healthz``
turns 503 when that loop is stuck, and answers ``/readyz`` too: 200 while its gRPC server is up
and not shutting down. In a pod with gRPC TLS these replace probes that started an interpreter
(``python -m onewindow_<svc> health``, about 1 s of CPU) every few seconds.

Settings: ``ONEWINDOW_METRICS_ADDR`` (bind address; 127.0.0.1 by default, ``0.0.0.0`` in a
pod so Prometheus and the kubelet reach it), ``ONEWINDOW_HEALTH_PORT`` (the port of non-serve
processes, e.g. 9400 in every pod; unset on one box, where each process takes the service's
metrics port + 10 * its place in the process list + 100 * (copy - 1)) and
``ONEWINDOW_LIVENESS_STALE_S`` (default 60).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from onewindow_kit.settings import Env, SettingsError

HEARTBEAT_SLICE_S = 1.0
DEFAULT_STALE_S = 60.0


class HeartbeatEvent(threading.Event):
    """A stop flag that records a heartbeat whenever the loop owning it checks or waits on it."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        on_beat: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self._clock = clock
        self._on_beat = on_beat  # e.g. a Prometheus gauge set to the current time
        self.last_beat = clock()

    def beat(self) -> None:
        """Record that the loop is turning."""
        self.last_beat = self._clock()
        if self._on_beat is not None:
            self._on_beat()

    def age(self) -> float:
        """Seconds since the last heartbeat."""
        return self._clock() - self.last_beat

    def is_set(self) -> bool:
        self.beat()
        return super().is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait like threading.Event, beating at least every HEARTBEAT_SLICE_S."""
        deadline = None if timeout is None else self._clock() + timeout
        while True:
            self.beat()
            left = HEARTBEAT_SLICE_S if deadline is None else deadline - self._clock()
            if left <= 0:
                return super().is_set()
            if super().wait(min(left, HEARTBEAT_SLICE_S)):
                return True


@dataclass(frozen=True)
class LivenessSettings:
    """Where a process's /healthz and /metrics listen, and when a silent loop counts as stuck."""

    addr: str = "127.0.0.1"
    health_port: int = 0  # non-serve processes; 0: derived from the service's metrics port
    stale_s: float = DEFAULT_STALE_S

    def port_for(self, metrics_port: int, place: int, copy: int) -> int:
        """The port of the ``place``-th process (serve = 0) of a service, copy ``copy`` (1, 2 …);
        0 (no endpoint) when the service has no metrics port."""
        if place > 0 and self.health_port:
            return self.health_port
        if not metrics_port:
            return 0
        return metrics_port + 10 * place + 100 * (copy - 1)


def load_liveness_settings(environ: Mapping[str, str] | None = None) -> LivenessSettings:
    """ONEWINDOW_METRICS_ADDR, ONEWINDOW_HEALTH_PORT, ONEWINDOW_LIVENESS_STALE_S."""
    env = Env(environ)
    addr = env.get_str("ONEWINDOW_METRICS_ADDR", "127.0.0.1")
    port = env.get_int("ONEWINDOW_HEALTH_PORT", 0)
    stale = env.get_float("ONEWINDOW_LIVENESS_STALE_S", DEFAULT_STALE_S)
    if not 0 <= port <= 65535:
        raise SettingsError(
            f"environment variable ONEWINDOW_HEALTH_PORT must be a port (0-65535), got {port}"
        )
    if stale <= 0:
        raise SettingsError(
            f"environment variable ONEWINDOW_LIVENESS_STALE_S must be positive, got {stale}"
        )
    return LivenessSettings(addr=addr, health_port=port, stale_s=stale)


def _handler(
    heartbeat: HeartbeatEvent | None, stale_s: float, ready: Callable[[], bool] | None
) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/metrics":
                self._answer(200, generate_latest(REGISTRY), CONTENT_TYPE_LATEST)
            elif path == "/healthz" or (path == "/readyz" and ready is not None):
                age = heartbeat.age() if heartbeat is not None else 0.0
                if age > stale_s:
                    status = "stuck"
                elif path == "/healthz":
                    status = "alive"
                else:
                    status = "ready" if ready is not None and ready() else "not serving"
                body = {"status": status, "heartbeat_age_s": round(age, 3)}
                code = 200 if status in ("alive", "ready") else 503
                self._answer(code, json.dumps(body).encode(), "application/json")
            else:
                self._answer(404, b'{"status":"not found"}', "application/json")

        def _answer(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:  # probes every few seconds: no log lines
            return

    return Handler


class HealthServer:
    """``/healthz`` and ``/metrics`` on a daemon thread; ``port`` is the bound port. With
    ``ready``, also ``/readyz``: 200 while the heartbeat is fresh and ``ready()`` holds (a serve
    process: its gRPC server started and not shutting down), else 503."""

    def __init__(
        self,
        addr: str,
        port: int,
        heartbeat: HeartbeatEvent | None,
        stale_s: float,
        ready: Callable[[], bool] | None = None,
    ) -> None:
        self._server = ThreadingHTTPServer((addr, port), _handler(heartbeat, stale_s, ready))
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="health-http", daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        """Stop listening."""
        self._server.shutdown()
        self._server.server_close()
