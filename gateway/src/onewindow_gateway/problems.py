"""RFC 9457 problem details, and the one place where gRPC status codes become HTTP statuses."""

from __future__ import annotations

from typing import Any

import grpc
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from onewindow_gateway import problem_texts
from onewindow_kit import errors
from onewindow_kit.grpc_errors import field_violations
from onewindow_kit.logging import get_logger

log = get_logger("onewindow_gateway.problems")
PROBLEM_TYPE = "https://onewindow.example/problems/"
MEDIA_TYPE = "application/problem+json"

_SLUGS = {
    400: "malformed-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    412: "stale-version",
    413: "too-large",
    415: "unsupported-media-type",
    422: "invalid-request",
    428: "version-required",
    429: "rate-limited",
    500: "internal",
    502: "bad-gateway",
    503: "unavailable",
    504: "timeout",
}


_EXAMPLE_DETAILS = {
    400: "the body is not valid JSON",
    401: "token has expired",
    403: "only staff of the case's department may do this",
    404: "case not found",
    409: "the case is already decided",
    412: "the case has changed since version 3 (now 4)",
    413: "the body is larger than 262144 bytes",
    428: "this write needs If-Match with the case's ETag",
    429: "too many requests; retry after 1 s",
    503: "the cases service is unavailable",
    504: "the documents service did not answer in time",
}


def problem_example(status: int) -> dict[str, Any]:
    """A realistic problem body for ``status`` (the OpenAPI document's examples)."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + _SLUGS.get(status, "error"),
        "title": problem_texts.english_title(status),
        "status": status,
        "detail": _EXAMPLE_DETAILS.get(status, problem_texts.english_title(status).lower()),
        "instance": "urn:request:4f9c2a1e-3b7d-4c55-9a0e-2d6f1b8c7e90",
        "invalid_params": [],
    }
    if status == 422:
        body["detail"] = "invalid argument: form.name: is required"
        body["invalid_params"] = [{"name": "form.name", "reason": "is required"}]
    return body


class InvalidParam(BaseModel):
    """One bad field: where it is and why it is wrong."""

    name: str
    reason: str


class ProblemDetails(BaseModel):
    """RFC 9457 problem details, as every error of this API answers."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": PROBLEM_TYPE + "invalid-request",
                    "title": "Invalid request",
                    "status": 422,
                    "detail": "invalid argument: form.name: is required",
                    "instance": "urn:request:4f9c2a1e-3b7d-4c55-9a0e-2d6f1b8c7e90",
                    "invalid_params": [{"name": "form.name", "reason": "is required"}],
                }
            ]
        }
    )

    type: str
    title: str
    status: int
    detail: str = ""
    instance: str = ""
    invalid_params: list[InvalidParam] = Field(default_factory=list)


class Problem(Exception):
    """An HTTP error the gateway answers as problem+json."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        invalid_params: list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.invalid_params = invalid_params or []
        self.headers = headers or {}


def invalid(name: str, reason: str) -> Problem:
    """A 422 naming one bad parameter."""
    return Problem(422, f"{name}: {reason}", invalid_params=[(name, reason)])


def request_language(request: Request | None) -> str:
    """The caller's language (zh-CN unless Accept-Language asks for en)."""
    header = request.headers.get("accept-language") if request is not None else None
    return problem_texts.language_of(header)


def problem_body(
    status: int,
    detail: str,
    *,
    language: str,
    request_id: str = "",
    invalid_params: list[tuple[str, str]] | None = None,
    slug: str = "",
) -> dict[str, Any]:
    """The problem document: ``type`` fixed per status, ``title`` and the gateway's own detail
    and reasons in ``language``."""
    return {
        "type": PROBLEM_TYPE + (slug or _SLUGS.get(status, "error")),
        "title": problem_texts.title(status, language),
        "status": status,
        "detail": problem_texts.text(detail, language),
        "instance": f"urn:request:{request_id}" if request_id else "",
        "invalid_params": [
            {"name": n, "reason": problem_texts.text(r, language)} for n, r in invalid_params or []
        ],
    }


def problem_response(request: Request | None, problem: Problem) -> JSONResponse:
    """The problem+json response of ``problem`` (instance = the request id), in the caller's
    language."""
    request_id = getattr(request.state, "request_id", "") if request is not None else ""
    body = problem_body(
        problem.status,
        problem.detail,
        language=request_language(request),
        request_id=request_id,
        invalid_params=problem.invalid_params,
    )
    headers = dict(problem.headers)
    if problem.status == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer error="invalid_token"')
    return JSONResponse(body, status_code=problem.status, headers=headers, media_type=MEDIA_TYPE)


def from_rpc_error(exc: grpc.RpcError, *, if_match: bool = False) -> Problem:
    """The HTTP problem of a failed gRPC call (the gateway's one gRPC → HTTP mapping)."""
    code = exc.code() if hasattr(exc, "code") else grpc.StatusCode.UNKNOWN
    detail = (exc.details() if hasattr(exc, "details") else "") or code.name.lower()
    if code == grpc.StatusCode.INVALID_ARGUMENT:
        return Problem(422, detail, invalid_params=field_violations(exc))
    if code == grpc.StatusCode.ABORTED:
        return Problem(412 if if_match else 409, detail)
    if code == grpc.StatusCode.UNAVAILABLE:
        log.warning("service_unavailable", detail=detail)
        return Problem(503, "a service is unavailable; try again", headers={"Retry-After": "1"})
    if code == grpc.StatusCode.RESOURCE_EXHAUSTED:
        return Problem(429, detail, headers={"Retry-After": "1"})
    status = _STATUS_OF_CODE.get(code)
    if status is None:
        log.error("grpc_call_failed", code=code.name, detail=detail)
        return Problem(502, "a service failed to answer this request")
    return Problem(status, detail)


_STATUS_OF_CODE = {
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.FAILED_PRECONDITION: 409,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
    grpc.StatusCode.OUT_OF_RANGE: 422,
    grpc.StatusCode.CANCELLED: 503,
}


def from_domain_error(exc: errors.DomainError) -> Problem:
    """A kit domain error raised inside the gateway (token checks) as a problem."""
    if isinstance(exc, errors.Unauthenticated):
        return Problem(401, exc.message)
    if isinstance(exc, errors.Unavailable):
        return Problem(503, exc.message, headers={"Retry-After": "5"})
    if isinstance(exc, errors.InvalidArgument):
        return Problem(
            422, exc.message, invalid_params=[(v.field, v.description) for v in exc.violations]
        )
    if isinstance(exc, errors.PermissionDenied):
        return Problem(403, exc.message)
    return Problem(400, exc.message)


def _location(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    where = loc[0] if loc else ""
    name = ".".join(parts[1:] if where in ("query", "path", "header") else parts)
    return name or str(where)


def from_validation_error(exc: RequestValidationError, language: str = problem_texts.EN) -> Problem:
    """FastAPI's request validation as 400 (malformed JSON) or 422 (fields named, the reasons
    in ``language``)."""
    errs = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errs):
        return Problem(400, "the request body is not valid JSON")
    params = [
        (_location(tuple(e.get("loc", ()))), problem_texts.validation_reason(e, language))
        for e in errs
    ]
    return Problem(422, "; ".join(f"{n}: {r}" for n, r in params), invalid_params=params)


async def handle_problem(request: Request, exc: Exception) -> JSONResponse:
    """Exception handler: Problem."""
    assert isinstance(exc, Problem)
    return problem_response(request, exc)


async def handle_rpc_error(request: Request, exc: Exception) -> JSONResponse:
    """Exception handler: a gRPC error that escaped a route."""
    assert isinstance(exc, grpc.RpcError)
    if_match = bool(request.headers.get("if-match"))
    return problem_response(request, from_rpc_error(exc, if_match=if_match))


async def handle_domain_error(request: Request, exc: Exception) -> JSONResponse:
    """Exception handler: a kit domain error (token validation)."""
    assert isinstance(exc, errors.DomainError)
    return problem_response(request, from_domain_error(exc))


async def handle_validation(request: Request, exc: Exception) -> JSONResponse:
    """Exception handler: request validation."""
    assert isinstance(exc, RequestValidationError)
    return problem_response(request, from_validation_error(exc, request_language(request)))


async def handle_http(request: Request, exc: Exception) -> JSONResponse:
    """Exception handler: Starlette's own HTTP errors (404 route, 405 method)."""
    assert isinstance(exc, StarletteHTTPException)
    return problem_response(
        request, Problem(exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))
    )


async def handle_unexpected(request: Request, exc: Exception) -> JSONResponse:
    """Exception handler: anything else — logged with its trace, answered without one."""
    log.exception("unhandled_error", path=request.url.path, error=type(exc).__name__)
    return problem_response(request, Problem(500, "the gateway failed to handle this request"))


def install(app: Any) -> None:
    """Register every handler on ``app``."""
    app.add_exception_handler(Problem, handle_problem)
    app.add_exception_handler(grpc.RpcError, handle_rpc_error)
    app.add_exception_handler(errors.DomainError, handle_domain_error)
    app.add_exception_handler(RequestValidationError, handle_validation)
    app.add_exception_handler(StarletteHTTPException, handle_http)
    app.add_exception_handler(Exception, handle_unexpected)
