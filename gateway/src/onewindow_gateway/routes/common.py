"""What every route module shares: calling a service with a deadline, error mapping, pages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import grpc
from fastapi import Request
from fastapi.responses import JSONResponse
from google.protobuf.message import Message
from pydantic import BaseModel, create_model

from onewindow_gateway.clients import Clients
from onewindow_gateway.convert import model_of, to_dict
from onewindow_gateway.problems import Problem, ProblemDetails, from_rpc_error

KEY_FIELDS = ("client_key", "idempotency_key", "metadata.client_key")
PROBLEM = {"model": ProblemDetails, "content": {"application/problem+json": {}}}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI responses for the problem statuses an operation can answer."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in sorted({401, 422, 429, 503, 504, *statuses}):
        out[status] = {
            "model": ProblemDetails,
            "description": _DESCRIPTIONS.get(status, "problem"),
            "content": {"application/problem+json": {}},
        }
    return out


_DESCRIPTIONS = {
    400: "malformed request (e.g. invalid JSON)",
    401: "missing or invalid bearer token",
    403: "the caller may not do this",
    404: "no such object (or not the caller's)",
    409: "conflict with the object's state or an existing object",
    412: "If-Match names a stale version",
    413: "request body too large",
    422: "invalid parameters (invalid_params names each)",
    428: "If-Match is required",
    429: "rate limited (Retry-After)",
    503: "a service is unavailable (Retry-After)",
    504: "a service did not answer in time",
}


def clients(request: Request) -> Clients:
    """The worker's service clients."""
    return request.app.state.clients  # type: ignore[no-any-return]


def deadline(request: Request) -> float:
    """The per-call deadline in seconds."""
    return float(request.app.state.settings.deadline_s)


async def call(
    rpc: Callable[..., Awaitable[Any]],
    message: Message,
    metadata: list[tuple[str, str]],
    request: Request,
    *,
    timeout: float | None = None,
) -> Any:
    """One unary gRPC call with a deadline; a failure becomes the mapped problem."""
    try:
        return await rpc(message, metadata=metadata, timeout=timeout or deadline(request))
    except grpc.aio.AioRpcError as exc:
        raise problem_of(exc, request) from None


def problem_of(exc: grpc.RpcError, request: Request) -> Problem:
    """The mapped problem, with the services' key fields named as the Idempotency-Key header."""
    problem = from_rpc_error(exc, if_match=bool(request.headers.get("if-match")))
    problem.invalid_params = [
        ("Idempotency-Key" if name in KEY_FIELDS else name, reason)
        for name, reason in problem.invalid_params
    ]
    return problem


def ok(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSON answer (already shaped by convert.to_dict)."""
    return JSONResponse(body, status_code=status, headers=headers)


def dump(message: Message) -> dict[str, Any]:
    """A message as its documented JSON."""
    return to_dict(message)


def page_model(name: str, item: type[Message] | type[BaseModel]) -> type[BaseModel]:
    """A page: items and the URL of the next page (null on the last)."""
    item_model = model_of(item.DESCRIPTOR) if hasattr(item, "DESCRIPTOR") else item
    return create_model(name, items=(list[item_model], ...), next=(str | None, None))  # type: ignore[call-overload,no-any-return,valid-type]


def page(request: Request, items: list[dict[str, Any]], next_token: str) -> dict[str, Any]:
    """A page with ``next`` as a URL carrying the cursor."""
    following = str(request.url.include_query_params(cursor=next_token)) if next_token else None
    return {"items": items, "next": following}


def model(message: type[Message]) -> type[BaseModel]:
    """The documented model of a message type."""
    return model_of(message.DESCRIPTOR)
