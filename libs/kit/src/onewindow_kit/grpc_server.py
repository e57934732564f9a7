"""gRPC server factory: health, reflection, and one interceptor for correlation id, auth,
request logs, Prometheus metrics and the domain-error mapping."""

from __future__ import annotations

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


class _CallScope:
    """Per-call context: correlation id, principal, timing, outcome."""

    def __init__(self, service: str, method: str, authenticator: Authenticator | None):
        self.service = service
        self.method = method
        self.authenticator = authenticator
        self.code = grpc.StatusCode.OK

    def enter(self, context: grpc.ServicerContext, tokens: list[Any]) -> None:
        """Bind correlation id and principal; ``tokens`` collects what exit() must undo."""
        self.start = time.perf_counter()
        metadata = {k: v for k, v in (context.invocation_metadata() or ()) if isinstance(v, str)}
        tokens.append(set_correlation_id(metadata.get(CORRELATION_HEADER)))
        context.set_trailing_metadata(((CORRELATION_HEADER, correlation_id()),))
        if self.authenticator is not None and not self.method.startswith(UNAUTHENTICATED_PREFIXES):
            bearer = metadata.get("authorization", "").partition(" ")[2].strip()
            tokens.append(set_current_token(bearer))
            tokens.append(set_current_principal(self.authenticator.authenticate(metadata)))

    def fail(self, context: grpc.ServicerContext, exc: BaseException) -> None:
        if isinstance(exc, DBAPIError) and exc.connection_invalidated:
            exc = Unavailable(
                "database connection lost; retry (repeating with the same client key is safe)"
            )
        if isinstance(exc, DomainError):
            self.code = status_code_of(exc)
            log.info(
                "grpc_request_refused", method=self.method, code=self.code.name, reason=exc.message
            )
            context.abort_with_status(to_status(exc))
        self.code = grpc.StatusCode.INTERNAL
        log.exception("grpc_request_failed", method=self.method)
        context.abort(
            grpc.StatusCode.INTERNAL, f"internal error (correlation id {correlation_id()})"
        )

    def exit(self, tokens: list[Any]) -> None:
        elapsed = time.perf_counter() - self.start
        requests, latency = _metrics()
        requests.labels(self.service, self.method, self.code.name).inc()
        latency.labels(self.service, self.method).observe(elapsed)
        log.debug(
            "grpc_request", method=self.method, code=self.code.name, ms=round(elapsed * 1000, 2)
        )
        if len(tokens) > 2:
            reset_current_principal(tokens[2])
        if len(tokens) > 1:
            reset_current_token(tokens[1])
        reset_correlation_id(tokens[0])


def _is_abort(exc: BaseException) -> bool:
    # context.abort() raises a plain Exception after recording the status; let it pass.
    return type(exc) is Exception and not exc.args


class ServiceInterceptor(grpc.ServerInterceptor):
    """Wraps every handler with the call scope."""

    def __init__(self, service: str, authenticator: Authenticator | None) -> None:
        self.service = service
        self.authenticator = authenticator

    def intercept_service(self, continuation, handler_call_details):  # type: ignore[override]
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method
        if handler.unary_unary or handler.stream_unary:
            kind = "unary_unary" if handler.unary_unary else "stream_unary"
            inner = handler.unary_unary or handler.stream_unary
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
        options=[
            ("grpc.max_receive_message_length", 32 * 1024 * 1024),
            ("grpc.max_send_message_length", 32 * 1024 * 1024),
        ],
    )
    register(server)
    health_servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    for name in (*service_names, ""):
        health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    server.health_servicer = health_servicer  # type: ignore[attr-defined]
    reflection.enable_server_reflection(
        (*service_names, health.SERVICE_NAME, reflection.SERVICE_NAME), server
    )
    port = server.add_insecure_port(address)
    if port == 0:
        raise RuntimeError(f"cannot bind gRPC address {address}: is the port taken?")
    return server, port


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
