"""The ASGI application: routes, problem handlers, middleware, and per-worker clients."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles

from onewindow_gateway import config, problems
from onewindow_gateway.clients import Clients
from onewindow_gateway.examples import add_examples
from onewindow_gateway.middleware import GatewayMiddleware
from onewindow_gateway.ratelimit import Limiter
from onewindow_gateway.routes import (
    access_log,
    applications,
    counter,
    documents,
    inbox,
    me,
    offers,
    open_data,
    permissions,
    persons,
    public,
    staff,
    statistics,
)
from onewindow_kit.auth import TokenValidator
from onewindow_kit.heap import freeze_start_up
from onewindow_kit.logging import configure_logging, get_logger
from onewindow_kit.revocations import kafka_revocations

log = get_logger("onewindow_gateway")
DESCRIPTION = """One HTTP/JSON window over the OneWindow services for citizen, staff and department
front ends. Send `Authorization: Bearer <access token of the realm>` on every route but the
public ones. Errors are RFC 9457 problem+json. Creating POSTs take `Idempotency-Key`; versioned
writes take `If-Match` (the case's ETag). Lists are cursor-paginated (`limit` ≤ 100, `cursor`,
`next`). `X-Request-ID` (8-128 safe characters) is echoed or generated; `X-Acting-For` names the
person or company a representative acts for; `Accept-Language` is zh-CN (default) or en."""


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        openapi_version="3.1.0",
    )
    schema.setdefault("components", {})["securitySchemes"] = {
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "a realm access token (PKCE for people, client credentials for systems)",
        }
    }
    for path_item in schema["paths"].values():
        for operation in path_item.values():
            if "public" not in operation.get("tags", []):
                operation["security"] = [{"bearer": []}]
    app.openapi_schema = add_examples(schema)
    return schema


def create_app(
    settings: config.GatewaySettings,
    *,
    clients: Clients | None = None,
    validator: TokenValidator | None = None,
    limiter: Limiter | None = None,
) -> FastAPI:
    """The gateway app; tests pass clients pointed at fake servers and their own validator."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Channels belong to the worker's event loop: made here, closed after in-flight calls.
        if getattr(app.state, "clients", None) is None:
            app.state.clients = Clients(settings)
        yield
        await app.state.clients.close()

    app = FastAPI(
        title="OneWindow gateway",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_url="/v1/openapi.json",
        docs_url="/v1/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.clients = clients
    app.state.validator = validator or TokenValidator(
        issuer=settings.issuer, audience=settings.token_audience, jwks_url=settings.jwks_url
    )
    app.state.limiter = limiter or Limiter(settings.ratelimit_storage, settings.limits)
    problems.install(app)
    for module in (
        public, me, inbox, permissions, applications, offers, documents, staff, counter,
        statistics, open_data, persons, access_log,
    ):  # fmt: skip
        app.include_router(module.router)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    if settings.web_dir:  # the reference front end: plain files, after every API route
        app.mount("/portal", StaticFiles(directory=settings.web_dir, html=True), name="portal")
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "Idempotency-Key",
                "If-Match",
                "If-None-Match",
                "X-Request-ID",
                "X-Acting-For",
                "Accept-Language",
                "traceparent",
            ],
            expose_headers=[
                "ETag",
                "Location",
                "Retry-After",
                "X-Request-ID",
                "RateLimit-Limit",
                "RateLimit-Remaining",
                "RateLimit-Reset",
                "RateLimit-Policy",
            ],
            max_age=600,
        )
    app.add_middleware(GatewayMiddleware, tls=settings.tls)
    return app


def factory() -> FastAPI:
    """What each uvicorn worker runs: settings from the environment, JSON logs."""
    settings = config.load()
    configure_logging(settings.log_level)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per token fetch is noise
    log.info("gateway_worker_started", **settings.describe())
    validator = TokenValidator(
        issuer=settings.issuer,
        audience=settings.token_audience,
        jwks_url=settings.jwks_url,
        revocations=kafka_revocations(settings.kafka_bootstrap),  # locked accounts, at once
    )
    app = create_app(settings, validator=validator)
    freeze_start_up()  # the app's routes and models live until exit: full collections skip them
    return app
