"""Request plumbing every route shares: the request id, body limits, security headers, the access
log line and metrics. A plain ASGI middleware so that streamed bodies stay streamed."""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any

from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from onewindow_gateway.problem_texts import english_title, language_of
from onewindow_gateway.problems import MEDIA_TYPE, problem_body
from onewindow_kit.logging import get_logger, reset_correlation_id, set_correlation_id

log = get_logger("onewindow_gateway.http")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
TRACEPARENT = re.compile(r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")
JSON_LIMIT = 256 * 1024
MAX_DEPTH = 32
STREAMED_PATHS = ("/v1/documents",)  # multipart uploads: streamed to documents, never buffered

REQUESTS = Counter("gateway_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram(
    "gateway_request_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


def depth_exceeds(body: bytes, limit: int = MAX_DEPTH) -> bool:
    """True when JSON nesting (arrays/objects) is deeper than ``limit`` (strings skipped)."""
    depth = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return ""


async def _problem(
    send: Send, scope: Scope, status: int, detail: str, request_id: str, name: str = ""
) -> None:
    body = problem_body(
        status,
        detail,
        language=language_of(_header(scope, b"accept-language")),
        request_id=request_id,
        invalid_params=[(name, detail)] if name else [],
        # the type these early refusals always had (from the English title)
        slug=english_title(status).lower().replace(" ", "-"),
    )
    raw = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", MEDIA_TYPE.encode()),
                (b"content-length", str(len(raw)).encode()),
                (b"x-request-id", request_id.encode()),
                (b"x-content-type-options", b"nosniff"),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": raw})


class GatewayMiddleware:
    """Request id in and out, JSON size and depth limits, security headers, access log, metrics."""

    def __init__(self, app: ASGIApp, *, tls: bool = False) -> None:
        self.app = app
        self.tls = tls

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, b"x-request-id")
        request_id = given if given and REQUEST_ID.match(given) else str(uuid.uuid4())
        token = set_correlation_id(request_id)
        try:
            await self._handle(scope, receive, send, request_id, given)
        finally:
            reset_correlation_id(token)

    async def _handle(
        self, scope: Scope, receive: Receive, send: Send, request_id: str, given: str
    ) -> None:
        started = time.perf_counter()
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        trace = _header(scope, b"traceparent")
        state["traceparent"] = trace if TRACEPARENT.match(trace) else ""
        if given and given != request_id:
            await _problem(
                send,
                scope,
                400,
                "must be 8-128 letters, digits, '.', '_', ':' or '-'",
                request_id,
                "X-Request-ID",
            )
            return
        status_box = [500]
        limited = await self._limited_receive(scope, receive, send, request_id)
        if limited is None:
            return

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_box[0] = message["status"]
                message["headers"] = self._headers(scope, message.get("headers", []), request_id)
            await send(message)

        try:
            await self.app(scope, limited, send_wrapper)
        finally:
            self._record(scope, status_box[0], time.perf_counter() - started)

    async def _limited_receive(
        self, scope: Scope, receive: Receive, send: Send, request_id: str
    ) -> Receive | None:
        """JSON bodies: read up to the limit, check nesting, replay; others pass through."""
        if scope["method"] not in ("POST", "PUT", "PATCH") or scope["path"] in STREAMED_PATHS:
            return receive
        declared = _header(scope, b"content-length")
        if declared.isdigit() and int(declared) > JSON_LIMIT:
            await _problem(
                send,
                scope,
                413,
                f"JSON bodies are limited to {JSON_LIMIT} bytes",
                request_id,
            )
            return None
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return receive
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > JSON_LIMIT:
                await _problem(
                    send,
                    scope,
                    413,
                    f"JSON bodies are limited to {JSON_LIMIT} bytes",
                    request_id,
                )
                return None
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        if depth_exceeds(body):
            await _problem(
                send,
                scope,
                422,
                f"JSON nesting deeper than {MAX_DEPTH} levels",
                request_id,
                "body",
            )
            return None
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        return replay

    def _headers(self, scope: Scope, headers: Any, request_id: str) -> list[tuple[bytes, bytes]]:
        out = list(headers)
        names = {k.lower() for k, _ in out}
        out.append((b"x-request-id", request_id.encode()))
        out.append((b"x-content-type-options", b"nosniff"))
        out.append((b"x-frame-options", b"DENY"))
        out.append((b"referrer-policy", b"no-referrer"))
        if b"cache-control" not in names:
            out.append((b"cache-control", b"no-store"))
        if self.tls or _header(scope, b"x-forwarded-proto") == "https":
            out.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
        for key, value in scope.get("state", {}).get("ratelimit_headers", {}).items():
            if key.lower().encode() not in names:
                out.append((key.lower().encode(), value.encode()))
        return out

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        route = scope.get("route")
        template = getattr(route, "path", "unmatched")
        REQUESTS.labels(scope["method"], template, str(status)).inc()
        LATENCY.labels(scope["method"], template).observe(seconds)
        log.info(
            "http_request",
            method=scope["method"],
            route=template,
            status=status,
            ms=round(seconds * 1000, 2),
        )
