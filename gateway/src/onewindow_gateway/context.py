"""Who calls and how: the validated token, acting-for, request id, language and versions, and the
gRPC metadata that carries them to the services."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from onewindow_gateway.convert import LANGUAGE
from onewindow_gateway.problems import Problem, invalid
from onewindow_kit.auth import ACTING_FOR_HEADER, TokenValidator
from onewindow_kit.errors import Unauthenticated
from onewindow_kit.logging import CORRELATION_HEADER
from onewindow_kit.principal import Principal

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"
_ID = re.compile(ID_PATTERN)
IDEMPOTENCY_KEY = r"^[A-Za-z0-9._:-]{8,128}$"
LANGUAGES = ("zh-CN", "en")


def validated_id(name: str, value: str) -> str:
    """A path or header id checked before any call: 422 naming ``name`` when malformed."""
    if not _ID.match(value):
        raise invalid(name, "must be 1-128 letters, digits, '.', '_', ':' or '-'")
    return value


def language(accept_language: str | None) -> str:
    """zh-CN (the default) or en, from an Accept-Language header."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("en"):
            return "en"
        if tag.startswith("zh"):
            return "zh-CN"
    return "zh-CN"


@dataclass(frozen=True)
class Caller:
    """An authenticated caller of one request."""

    principal: Principal
    token: str
    acting_for: str
    request_id: str
    traceparent: str
    language: str

    def metadata(self) -> list[tuple[str, str]]:
        """The caller's own token, acting-for, correlation id and trace context."""
        out = [("authorization", f"Bearer {self.token}"), (CORRELATION_HEADER, self.request_id)]
        if self.acting_for:
            out.append((ACTING_FOR_HEADER, self.acting_for))
        if self.traceparent:
            out.append(("traceparent", self.traceparent))
        return out

    @property
    def rate_key(self) -> str:
        """The principal's rate-limit bucket."""
        return f"principal:{self.principal.subject}"


def _bearer(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(401, "send Authorization: Bearer <access token from the realm>")
    return token.strip()


async def caller(request: Request) -> Caller:
    """The validated caller (401 before any service call when the token is missing or bad)."""
    # Read straight from the request: as FastAPI Header parameters (undocumented ones anyway)
    # these three were solved and validated as parameters on every authenticated request.
    headers = request.headers
    token = _bearer(headers.get("authorization"))
    x_acting_for = headers.get("x-acting-for")
    accept_language = headers.get("accept-language")
    validator: TokenValidator = request.app.state.validator
    try:
        # A token this worker verified before is answered on the loop (no thread hand-off);
        # a new one goes to a thread, since its key may need a fetch from the realm.
        principal = validator.verified(token)
        if principal is None:
            principal = await run_in_threadpool(validator.principal, token)
    except Unauthenticated as exc:
        raise Problem(401, exc.message) from None
    acting_for = (x_acting_for or "").strip()
    if acting_for:
        validated_id("X-Acting-For", acting_for)
    caller = Caller(
        principal=principal,
        token=token,
        acting_for=acting_for,
        request_id=request.state.request_id,
        traceparent=getattr(request.state, "traceparent", ""),
        language=language(accept_language),
    )
    await request.app.state.limiter.for_principal(request, caller)
    LANGUAGE.set(caller.language)
    return caller


CallerDep = Annotated[Caller, Depends(caller)]


def expected_version(if_match: str | None) -> int:
    """The case version from an If-Match ETag ("3" or W/"3"); 428 when missing, 422 when bad."""
    if not if_match:
        raise Problem(428, "send If-Match with the ETag of the case you read")
    raw = if_match.strip()
    raw = raw[2:] if raw.startswith("W/") else raw
    raw = raw.strip('"')
    if not raw.isdigit() or len(raw) > 18:
        raise invalid("If-Match", 'must be the ETag of the case, e.g. "3"')
    return int(raw)


def etag(version: int | str) -> str:
    """A strong ETag of a version."""
    return f'"{version}"'
