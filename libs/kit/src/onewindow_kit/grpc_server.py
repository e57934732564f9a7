"""gRPC server factory: health, reflection, and one interceptor for correlation id, auth,
request logs, Prometheus metrics and the domain-error mapping.

Two servers share all of that: the thread-pool server (``create_server``/``serve``) and the
asyncio server (``create_aio_server``/``serve_aio``), where ``async def`` handlers run on the
event loop (no thread hand-offs on hot paths) and plain handlers run in a thread pool, as on
the thread-pool server."""

from __future__ import annotations

import asyncio
import inspect
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent import futures
from functools import cache
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from prometheus_client import Counter, Histogram, start_http_server
from sqlalchemy.exc import DBAPIError

from onewindow_kit.auth import Authenticator
from onewindow_kit.errors import DomainError, Unavailable
from onewindow_kit.grpc_errors import status_code_of, to_status
from onewindow_kit.logging import (
    CORRELATION_HEADER,
    correlation_id,
    get_logger,
    reset_correlation_id,
    set_correlation_id,
)
from onewindow_kit.principal import (
    Principal,
    reset_current_principal,
    reset_current_token,
    set_current_principal,
    set_current_token,
)

log = get_logger("onewindow.grpc")
UNAUTHENTICATED_PREFIXES = ("/grpc.health.v1.Health/", "/grpc.reflection.")


@cache
def _metrics() -> tuple[Counter, Histogram]:
    requests = Counter(
        "onewindow_grpc_requests_total",
        "gRPC requests by method and status code",
        ["service", "method", "code"],
    )
    latency = Histogram(
        "onewindow_grpc_request_seconds",
        "gRPC request latency",
        ["service", "method"],
        buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
    )
    return requests, latency


def _metadata(context: Any) -> dict[str, str]:
    return {k: v for k, v in (context.invocation_metadata() or ()) if isinstance(v, str)}


class _CallScope:
    """Per-call context: correlation id, principal, timing, outcome."""

    def __init__(self, service: str, method: str, authenticator: Authenticator | None):
        self.service = service
        self.method = method
        self.authenticator = authenticator
        self.code = grpc.StatusCode.OK
        self.start = time.perf_counter()
        self.recorded = False

    def enter(self, context: Any, tokens: list[Any]) -> None:
        """Bind correlation id, token and principal; ``tokens`` collects what exit() undoes."""
        metadata = self.begin(context, tokens)
        if self.authenticates():
            tokens.append(set_current_principal(self.authenticate(metadata)))

    def begin(self, context: Any, tokens: list[Any]) -> dict[str, str]:
        """Bind correlation id and the caller's token (calls made while authenticating, such
        as a mandate check, forward it); the call's metadata."""
        self.start = time.perf_counter()
        metadata = _metadata(context)
        tokens.append(set_correlation_id(metadata.get(CORRELATION_HEADER)))
        context.set_trailing_metadata(((CORRELATION_HEADER, correlation_id()),))
        if self.authenticates():
            bearer = metadata.get("authorization", "").partition(" ")[2].strip()
            tokens.append(set_current_token(bearer))
        return metadata

    def authenticates(self) -> bool:
        """Whether this method needs a caller (health and reflection do not)."""
        return self.authenticator is not None and not self.method.startswith(
            UNAUTHENTICATED_PREFIXES
        )

    def authenticate(self, metadata: dict[str, str]) -> Principal:
        """The caller (raises Unauthenticated / PermissionDenied)."""
        assert self.authenticator is not None
        return self.authenticator.authenticate(metadata)

    def may_block(self, metadata: dict[str, str]) -> bool:
        """True when authenticating may wait on another service (acting-for checks)."""
        if not self.authenticates():
            return False
        may_block = getattr(self.authenticator, "may_block", None)
        return True if may_block is None else bool(may_block(metadata))

    def refusal(self, exc: BaseException) -> grpc.Status:
        """The status a failed call ends with (and its log line); its trailing metadata keeps
        the correlation id."""
        status = self._refusal(exc)
        trailing = ((CORRELATION_HEADER, correlation_id()), *(status.trailing_metadata or ()))
        return _Status(status.code, status.details, trailing)

    def _refusal(self, exc: BaseException) -> grpc.Status:
        if isinstance(exc, DBAPIError) and exc.connection_invalidated:
            exc = Unavailable(
                "database connection lost; retry (repeating with the same client key is safe)"
            )
        if isinstance(exc, DomainError):
            self.code = status_code_of(exc)
            log.info(
                "grpc_request_refused", method=self.method, code=self.code.name, reason=exc.message
            )
            return to_status(exc)
        self.code = grpc.StatusCode.INTERNAL
        log.exception("grpc_request_failed", method=self.method)
        return _Status(
            grpc.StatusCode.INTERNAL, f"internal error (correlation id {correlation_id()})", ()
        )

    def fail(self, context: grpc.ServicerContext, exc: BaseException) -> None:
        status = self.refusal(exc)
        self.record()  # before the status can reach the caller
        # (a plain handler on the asyncio server gets a context without abort_with_status)
        context.set_trailing_metadata(status.trailing_metadata)
        context.abort(status.code, status.details)

    async def fail_async(self, context: Any, exc: BaseException) -> None:
        status = self.refusal(exc)
        self.record()  # the asyncio server sends the status as it aborts
        await context.abort_with_status(status)

    def record(self) -> None:
        """Count the call and its latency (once)."""
        if self.recorded:
            return
        self.recorded = True
        elapsed = time.perf_counter() - self.start
        requests, latency = _metrics()
        requests.labels(self.service, self.method, self.code.name).inc()
        latency.labels(self.service, self.method).observe(elapsed)
        log.debug(
            "grpc_request", method=self.method, code=self.code.name, ms=round(elapsed * 1000, 2)
        )

    def exit(self, tokens: list[Any]) -> None:
        self.record()
        if len(tokens) > 2:
            reset_current_principal(tokens[2])
        if len(tokens) > 1:
            reset_current_token(tokens[1])
        reset_correlation_id(tokens[0])


class _Status(grpc.Status):
    def __init__(self, code: grpc.StatusCode, details: str, trailing_metadata: tuple) -> None:
        self.code = code
        self.details = details
        self.trailing_metadata = trailing_metadata


def _is_abort(exc: BaseException) -> bool:
    # context.abort() raises a plain Exception (thread-pool server) or AbortError (asyncio
    # server) after recording the status; let it pass.
    return (type(exc) is Exception and not exc.args) or isinstance(exc, grpc.aio.AbortError)


class ServiceInterceptor(grpc.ServerInterceptor):
    """Wraps every handler with the call scope."""

    def __init__(self, service: str, authenticator: Authenticator | None) -> None:
        self.service = service
        self.authenticator = authenticator

    def intercept_service(self, continuation, handler_call_details):  # type: ignore[override]
        return self.wrap(continuation(handler_call_details), handler_call_details.method)

    def wrap(self, handler: Any, method: str) -> Any:
        """The handler with every behaviour wrapped in the call scope."""
        if handler is None:
            return None
        if handler.unary_unary or handler.stream_unary:
            kind = "unary_unary" if handler.unary_unary else "stream_unary"
            inner = handler.unary_unary or handler.stream_unary
            if inspect.iscoroutinefunction(inner):
                wrapped = self._wrap_unary_async(method, inner)
            else:
                wrapped = self._wrap_unary(method, inner)
        else:
            kind = "unary_stream" if handler.unary_stream else "stream_stream"
            inner = handler.unary_stream or handler.stream_stream
            wrapped = self._wrap_stream(method, inner)
        return handler._replace(**{kind: wrapped})

    def _wrap_unary(self, method: str, inner: Callable) -> Callable:
        def behaviour(request: Any, context: grpc.ServicerContext) -> Any:
            scope = _CallScope(self.service, method, self.authenticator)
            tokens: list[Any] = []
            try:
                scope.enter(context, tokens)
                return inner(request, context)
            except BaseException as exc:
                if _is_abort(exc):
                    raise
                scope.fail(context, exc)
            finally:
                if tokens:
                    scope.exit(tokens)

        return behaviour

    def _wrap_unary_async(self, method: str, inner: Callable) -> Callable:
        async def behaviour(request: Any, context: Any) -> Any:
            scope = _CallScope(self.service, method, self.authenticator)
            tokens: list[Any] = []
            try:
                metadata = scope.begin(context, tokens)
                if scope.may_block(metadata):  # e.g. a mandate asked of identity: off the loop
                    # (to_thread runs it in a copy of this context: the token is forwarded)
                    principal = await asyncio.to_thread(scope.authenticate, metadata)
                    tokens.append(set_current_principal(principal))
                elif scope.authenticates():
                    tokens.append(set_current_principal(scope.authenticate(metadata)))
                return await inner(request, context)
            except BaseException as exc:
                if _is_abort(exc) or isinstance(exc, asyncio.CancelledError):
                    raise
                await scope.fail_async(context, exc)
            finally:
                if tokens:
                    scope.exit(tokens)

        return behaviour

    def _wrap_stream(self, method: str, inner: Callable) -> Callable:
        def behaviour(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            scope = _CallScope(self.service, method, self.authenticator)
            tokens: list[Any] = []
            try:
                scope.enter(context, tokens)
                yield from inner(request, context)
            except BaseException as exc:
                if _is_abort(exc) or isinstance(exc, GeneratorExit):
                    raise
                scope.fail(context, exc)
            finally:
                if tokens:
                    scope.exit(tokens)

        return behaviour


class AsyncServiceInterceptor(grpc.aio.ServerInterceptor):
    """The same call scope on the asyncio server."""

    def __init__(self, service: str, authenticator: Authenticator | None) -> None:
        self._sync = ServiceInterceptor(service, authenticator)

    async def intercept_service(self, continuation, handler_call_details):  # type: ignore[override]
        handler = await continuation(handler_call_details)
        return self._sync.wrap(handler, handler_call_details.method)


_OPTIONS = [
    ("grpc.max_receive_message_length", 32 * 1024 * 1024),
    ("grpc.max_send_message_length", 32 * 1024 * 1024),
]


def _add_health_and_reflection(server: Any, service_names: Sequence[str]) -> None:
    health_servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    for name in (*service_names, ""):
        health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    server.health_servicer = health_servicer
    reflection.enable_server_reflection(
        (*service_names, health.SERVICE_NAME, reflection.SERVICE_NAME), server
    )


def _bind(server: Any, address: str) -> int:
    port = int(server.add_insecure_port(address))
    if port == 0:
        raise RuntimeError(f"cannot bind gRPC address {address}: is the port taken?")
    return port


def create_server(
    *,
    service_name: str,
    register: Callable[[grpc.Server], None],
    service_names: Sequence[str],
    authenticator: Authenticator | None,
    address: str = "127.0.0.1:0",
    max_workers: int = 16,
) -> tuple[grpc.Server, int]:
    """Build (not start) a server with health and reflection; returns it and its bound port."""
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix=service_name),
        interceptors=[ServiceInterceptor(service_name, authenticator)],
        options=_OPTIONS,
    )
    register(server)
    _add_health_and_reflection(server, service_names)
    return server, _bind(server, address)


def create_aio_server(
    *,
    service_name: str,
    register: Callable[[Any], None],
    service_names: Sequence[str],
    authenticator: Authenticator | None,
    address: str = "127.0.0.1:0",
    max_workers: int = 16,
) -> tuple[grpc.aio.Server, int]:
    """The asyncio server (build it inside the running event loop): ``async def`` handlers run
    on the loop; plain ones in a pool of ``max_workers`` threads. Same interceptor, health and
    reflection as ``create_server``."""
    server = grpc.aio.server(
        futures.ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix=service_name),
        interceptors=[AsyncServiceInterceptor(service_name, authenticator)],
        options=_OPTIONS,
    )
    register(server)
    _add_health_and_reflection(server, service_names)
    return server, _bind(server, address)


def serve(server: grpc.Server, *, grace: float = 10.0, metrics_port: int = 0) -> None:
    """Start, then block until SIGTERM/SIGINT; stop gracefully, refusing new calls first."""
    if metrics_port:
        start_http_server(metrics_port, addr="127.0.0.1")
    server.start()
    stopped = threading.Event()

    def _stop(signum: int, _frame: Any) -> None:
        log.info("grpc_server_stopping", signal=signum, grace_s=grace)
        health_servicer = getattr(server, "health_servicer", None)
        if health_servicer is not None:
            health_servicer.enter_graceful_shutdown()
        server.stop(grace).wait()
        stopped.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    log.info("grpc_server_started")
    stopped.wait()


async def serve_aio(
    build: Callable[[], grpc.aio.Server], *, grace: float = 10.0, metrics_port: int = 0
) -> None:
    """Build (inside the loop) and start, then run until SIGTERM/SIGINT; stop gracefully."""
    if metrics_port:
        start_http_server(metrics_port, addr="127.0.0.1")
    server = build()
    await server.start()
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    log.info("grpc_server_started")
    await stopping.wait()
    log.info("grpc_server_stopping", grace_s=grace)
    server.health_servicer.enter_graceful_shutdown()  # type: ignore[attr-defined]
    await server.stop(grace)


class AioServerThread:
    """An asyncio server on its own event loop in a background thread (tests, tools):
    ``with AioServerThread(lambda: create_aio_server(...)) as running: running.port``."""

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
