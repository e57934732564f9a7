"""The one gRPC server of every service (grpc.aio): ``async def`` handlers run on the event
loop (no thread hand-offs on hot paths), plain handlers and generators in the server's thread
pool. Health and reflection are served beside the service; every call runs in the kit's call
scope (``grpc_interceptor``: correlation id, auth, request logs, metrics, error mapping) with
its request decoded and checked by the kit (``grpc_server_decoding``)."""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent import futures
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from prometheus_client import start_http_server

from onewindow_kit.auth import Authenticator
from onewindow_kit.grpc_interceptor import CallPolicy, ErrorTranslator, ServiceInterceptor, log
from onewindow_kit.grpc_server_decoding import RequestLimits
from onewindow_kit.grpc_server_handlers import wrap_handler
from onewindow_kit.grpc_tls import GrpcTls, add_port
from onewindow_kit.heap import freeze_start_up
from onewindow_kit.liveness import HEARTBEAT_SLICE_S, HeartbeatEvent

DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024  # a request (a streamed upload: one chunk)
MAX_SEND_MESSAGE_BYTES = 32 * 1024 * 1024


def _add_health_and_reflection(server: Any, service_names: Sequence[str]) -> None:
    health_servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    for name in (*service_names, ""):
        health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    server.health_servicer = health_servicer
    reflection.enable_server_reflection(
        (*service_names, health.SERVICE_NAME, reflection.SERVICE_NAME), server
    )


def _bind(server: Any, address: str, tls: GrpcTls | None) -> int:
    port = add_port(server, address, tls)
    if port == 0:
        raise RuntimeError(f"cannot bind gRPC address {address}: is the port taken?")
    return port


def create_server(
    *,
    service_name: str,
    register: Callable[[Any], None],
    service_names: Sequence[str],
    authenticator: Authenticator | None,
    address: str = "127.0.0.1:0",
    max_workers: int = 16,
    text_limits: Mapping[str, int] | None = None,
    translate_errors: Sequence[ErrorTranslator] = (),
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES,
    tls: GrpcTls | None = None,
) -> tuple[grpc.aio.Server, int]:
    """Build (not start; inside the running event loop) a server with health and reflection;
    returns it and its bound port. ``text_limits`` are the service's field limits (see
    ``grpc_server_decoding``); ``translate_errors`` turn foreign exceptions into domain errors
    (e.g. ``onewindow_kit.db.connection_lost``); ``max_message_bytes`` caps one request;
    ``tls`` (onewindow_kit.grpc_tls) makes it listen with TLS only (None: plaintext)."""
    policy = CallPolicy(service_name, authenticator, translate_errors)
    limits = RequestLimits(text_limits)
    interceptor = ServiceInterceptor(
        policy, lambda handler, method: wrap_handler(handler, method, policy, limits)
    )
    server = grpc.aio.server(
        futures.ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix=service_name),
        interceptors=[interceptor],
        options=[
            ("grpc.max_receive_message_length", max_message_bytes),
            ("grpc.max_send_message_length", MAX_SEND_MESSAGE_BYTES),
        ],
    )
    register(server)
    _add_health_and_reflection(server, service_names)
    return server, _bind(server, address, tls)


async def serve(
    build: Callable[[], grpc.aio.Server],
    *,
    grace: float = 10.0,
    metrics_port: int = 0,
    metrics_addr: str = "127.0.0.1",
    heartbeat: HeartbeatEvent | None = None,
    serving: threading.Event | None = None,
) -> None:
    """Build (inside the loop) and start, then run until SIGTERM/SIGINT; stop gracefully,
    refusing new calls first. The kit's entrypoint serves metrics itself
    (onewindow_kit.liveness); ``metrics_port`` is for other callers. ``heartbeat`` is beaten
    from the loop every HEARTBEAT_SLICE_S and ``serving`` is set while the server is up and not
    shutting down: what the process's /healthz and /readyz answer from."""
    if metrics_port:
        start_http_server(metrics_port, addr=metrics_addr)
    server = build()
    await server.start()
    freeze_start_up()  # what start-up built lives until exit: full collections skip it
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    beating = asyncio.create_task(_beat(heartbeat)) if heartbeat is not None else None
    if serving is not None:
        serving.set()
    log.info("grpc_server_started")
    await stopping.wait()
    log.info("grpc_server_stopping", grace_s=grace)
    if serving is not None:
        serving.clear()
    server.health_servicer.enter_graceful_shutdown()  # type: ignore[attr-defined]
    await server.stop(grace)
    if beating is not None:
        beating.cancel()


async def _beat(heartbeat: HeartbeatEvent) -> None:
    """Beat while the event loop turns: a loop stuck in a call stops the beats."""
    while True:
        heartbeat.beat()
        await asyncio.sleep(HEARTBEAT_SLICE_S)


class AioServerThread:
    """A server on its own event loop in a background thread (tests, tools):
    ``with AioServerThread(lambda: create_server(...)) as running: running.port``."""

    def __init__(self, build: Callable[[], tuple[grpc.aio.Server, int]]) -> None:
        self._build = build
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.server: grpc.aio.Server | None = None
        self.port = 0

    def start(self) -> AioServerThread:
        """Build and start the server on the loop; returns when it listens."""
        self._thread.start()

        async def _start() -> None:
            self.server, self.port = self._build()
            await self.server.start()

        asyncio.run_coroutine_threadsafe(_start(), self._loop).result(timeout=30)
        return self

    def run(self, coroutine: Any, timeout_s: float = 30.0) -> Any:
        """Run ``coroutine`` on the server's loop (e.g. to close what its handlers opened)."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout_s)

    def stop(self, grace: float | None = None) -> None:
        """Stop the server, let what it was finishing end, then stop the loop."""

        async def _shutdown() -> None:
            if self.server is not None:
                await self.server.stop(grace)
            await asyncio.sleep(0.05)  # callbacks of calls that just ended
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in others:
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(_shutdown(), self._loop).result(30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def __enter__(self) -> AioServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
