"""The scope every gRPC call runs in: correlation id, authentication, request logs,
Prometheus metrics and the domain-error mapping, the same for every call shape; and the
asyncio interceptor that puts each handler inside it (see ``grpc_server_handlers``).

The call's requests are protected (``onewindow_kit.classification``): the values of their
PERSONAL and SENSITIVE fields never appear in the call's log lines, nor in the message and
field violations of its refusal (a form value echoed by a validator, a national id)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import suppress
from functools import cache
from typing import Any

import grpc
from prometheus_client import Counter, Histogram

from onewindow_kit.auth import Authenticator
from onewindow_kit.classification import current, protect, redacted, unprotect
from onewindow_kit.errors import DomainError, FieldViolation
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

# Turns an exception the kit knows nothing about (e.g. "database connection lost", see
# ``onewindow_kit.db.connection_lost``) into a domain error; None when it does not apply.
ErrorTranslator = Callable[[BaseException], DomainError | None]


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


class CallPolicy:
    """What every call of one server shares: who it is, how callers are authenticated, and
    how unexpected errors become domain errors."""

    def __init__(
        self,
        service: str,
        authenticator: Authenticator | None,
        translators: Sequence[ErrorTranslator] = (),
    ) -> None:
        self.service = service
        self.authenticator = authenticator
        self.translators = tuple(translators)

    def translate(self, exc: BaseException) -> BaseException:
        """The domain error ``exc`` stands for, or ``exc`` itself."""
        for translator in self.translators:
            translated = translator(exc)
            if translated is not None:
                return translated
        return exc


class CallScope:
    """Per-call context: correlation id, principal, timing, outcome."""

    __slots__ = ("code", "method", "policy", "protection", "recorded", "start")

    def __init__(self, policy: CallPolicy, method: str) -> None:
        self.policy = policy
        self.method = method
        self.code = grpc.StatusCode.OK
        self.start = time.perf_counter()
        self.recorded = False
        self.protection: Any = None

    def enter(self, context: Any, tokens: list[Any]) -> None:
        """Bind correlation id, token and principal; ``tokens`` collects what exit() undoes."""
        metadata = self.begin(context, tokens)
        if self.authenticates():
            tokens.append(set_current_principal(self.authenticate(metadata)))

    async def enter_async(self, context: Any, tokens: list[Any]) -> None:
        """enter() on the event loop: authentication that may wait on another service (an
        acting-for check asks identity) runs in a thread, in a copy of this context so the
        caller's token is forwarded."""
        metadata = self.begin(context, tokens)
        if not self.authenticates():
            return
        if self.may_block(metadata):
            principal = await asyncio.to_thread(self.authenticate, metadata)
        else:
            principal = self.authenticate(metadata)
        tokens.append(set_current_principal(principal))

    def begin(self, context: Any, tokens: list[Any]) -> dict[str, str]:
        """Bind correlation id and the caller's token (calls made while authenticating, such
        as a mandate check, forward it); the call's metadata."""
        self.start = time.perf_counter()
        metadata = _metadata(context)
        tokens.append(set_correlation_id(metadata.get(CORRELATION_HEADER)))
        self.protection = protect()  # the request joins it as it is decoded
        context.set_trailing_metadata(((CORRELATION_HEADER, correlation_id()),))
        if self.authenticates():
            bearer = metadata.get("authorization", "").partition(" ")[2].strip()
            tokens.append(set_current_token(bearer))
        return metadata

    def authenticates(self) -> bool:
        """Whether this method needs a caller (health and reflection do not)."""
        return self.policy.authenticator is not None and not self.method.startswith(
            UNAUTHENTICATED_PREFIXES
        )

    def authenticate(self, metadata: Mapping[str, str]) -> Principal:
        """The caller (raises Unauthenticated / PermissionDenied)."""
        assert self.policy.authenticator is not None
        return self.policy.authenticator.authenticate(metadata)

    def may_block(self, metadata: Mapping[str, str]) -> bool:
        """True when authenticating may wait on another service (acting-for checks)."""
        may_block = getattr(self.policy.authenticator, "may_block", None)
        return True if may_block is None else bool(may_block(metadata))

    def refusal(self, exc: BaseException) -> grpc.Status:
        """The status a failed call ends with (and its log line); its trailing metadata keeps
        the correlation id."""
        status = self._refusal(_scrubbed(self.policy.translate(exc)))
        trailing = ((CORRELATION_HEADER, correlation_id()), *(status.trailing_metadata or ()))
        return Status(status.code, status.details, trailing)

    def _refusal(self, exc: BaseException) -> grpc.Status:
        if isinstance(exc, DomainError):
            self.code = status_code_of(exc)
            log.info(
                "grpc_request_refused", method=self.method, code=self.code.name, reason=exc.message
            )
            return to_status(exc)
        self.code = grpc.StatusCode.INTERNAL
        log.exception("grpc_request_failed", method=self.method)  # inside the except block
        return Status(
            grpc.StatusCode.INTERNAL, f"internal error (correlation id {correlation_id()})", ()
        )

    def fail(self, context: Any, exc: BaseException) -> None:
        """End a plain (thread-pool) handler's call with the refusal of ``exc``."""
        status = self.refusal(exc)
        self.record()  # before the status can reach the caller
        # (a plain handler's context has no abort_with_status)
        context.set_trailing_metadata(status.trailing_metadata)
        context.abort(status.code, status.details)

    async def fail_async(self, context: Any, exc: BaseException) -> None:
        """End an ``async def`` handler's call with the refusal of ``exc``."""
        status = self.refusal(exc)
        self.record()  # the server sends the status as it aborts
        await context.abort_with_status(status)

    def record(self) -> None:
        """Count the call and its latency (once)."""
        if self.recorded:
            return
        self.recorded = True
        elapsed = time.perf_counter() - self.start
        requests, latency = _metrics()
        requests.labels(self.policy.service, self.method, self.code.name).inc()
        latency.labels(self.policy.service, self.method).observe(elapsed)
        if log.enabled(logging.DEBUG):
            holder = current()
            request = holder.first if holder is not None else None
            log.debug(
                "grpc_request",
                method=self.method,
                code=self.code.name,
                ms=round(elapsed * 1000, 2),
                request=redacted(request) if request is not None else None,
            )

    def exit(self, tokens: list[Any]) -> None:
        """Count the call and unbind what enter() bound."""
        self.record()
        # A streaming handler closed by the garbage collector runs this in another context;
        # its bindings die with the context it ran in.
        with suppress(ValueError):
            if self.protection is not None:
                unprotect(self.protection)
            if len(tokens) > 2:
                reset_current_principal(tokens[2])
            if len(tokens) > 1:
                reset_current_token(tokens[1])
            reset_correlation_id(tokens[0])


def _scrubbed(exc: BaseException) -> BaseException:
    """A domain error whose message and violations carry no protected value of the call."""
    holder = current()
    if not isinstance(exc, DomainError) or holder is None or not holder.texts():
        return exc
    message = holder.scrub(exc.message)
    violations = getattr(exc, "violations", None)
    cleaned = (
        [FieldViolation(v.field, holder.scrub(v.description)) for v in violations]
        if violations
        else violations
    )
    if message == exc.message and cleaned == violations:
        return exc
    clone = type(exc).__new__(type(exc))  # no __init__: subclasses take their own arguments
    clone.__dict__.update(exc.__dict__)
    clone.args = (message,)
    clone.message = message
    if violations is not None:
        clone.violations = cleaned  # type: ignore[attr-defined]
    return clone


class Status(grpc.Status):
    """A status to end a call with."""

    def __init__(self, code: grpc.StatusCode, details: str, trailing_metadata: tuple) -> None:
        self.code = code
        self.details = details
        self.trailing_metadata = trailing_metadata


def is_abort(exc: BaseException) -> bool:
    """True for what context.abort() raises after recording the status (let it pass)."""
    # A plain handler's context raises a bare Exception; an async one raises AbortError.
    return isinstance(exc, grpc.aio.AbortError) or (type(exc) is Exception and not exc.args)


class ServiceInterceptor(grpc.aio.ServerInterceptor):
    """Puts every handler (each call shape, plain or ``async def``) in the call scope, with
    requests decoded and checked by the kit (see ``grpc_server_decoding``)."""

    def __init__(self, policy: CallPolicy, wrap: Callable[[Any, str], Any]) -> None:
        self._wrap = wrap
        self.policy = policy
        # One wrapped handler per method, made on its first call (no per-call wrapping).
        self._wrapped: dict[str, tuple[Any, Any]] = {}

    async def intercept_service(  # type: ignore[override]
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[Any]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> Any:
        handler = await continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method
        cached = self._wrapped.get(method)
        if cached is not None and cached[0] is handler:
            return cached[1]
        wrapped = self._wrap(handler, method)
        self._wrapped[method] = (handler, wrapped)
        return wrapped
