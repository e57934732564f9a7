"""Public routes (no token): health, readiness, metrics, the catalogue, certificate checks and
signing keys, and self-registration. The gateway calls these with its own narrow service account."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, File, Header, Request, Response, UploadFile
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import BaseModel

from onewindow.cases.v1 import cases_pb2
from onewindow.documents.v1 import documents_pb2
from onewindow.identity.v1 import identity_pb2
from onewindow_gateway.config import SERVICES
from onewindow_gateway.context import IDEMPOTENCY_KEY
from onewindow_gateway.metrics import render_metrics
from onewindow_gateway.models import RegistrationBody
from onewindow_gateway.problems import Problem
from onewindow_gateway.routes.common import call, clients, dump, model, ok, problems

router = APIRouter()
CERTIFICATE_LIMIT = 64 * 1024


class Health(BaseModel):
    """Liveness."""

    status: str


class Readiness(BaseModel):
    """Which services answer their gRPC health check, and whether the realm (Keycloak) does."""

    status: str
    services: dict[str, str]
    down: list[str]
    keycloak: str


@router.get(
    "/healthz", operation_id="healthz", summary="Liveness of the gateway process", tags=["public"]
)
async def healthz() -> Health:
    """The process answers."""
    return Health(status="ok")


@router.get(
    "/readyz",
    operation_id="readyz",
    summary="Readiness: every service's gRPC health, and the realm's",
    tags=["public"],
    responses={503: {"model": Readiness, "description": "a service is down (named in down)"}},
)
async def readyz(request: Request) -> JSONResponse:
    """200 when every service is SERVING; 503 naming the ones that are not. Keycloak down is
    reported ("degraded", keycloak "down") but stays 200: tokens already issued keep working
    with the cached signing keys, so taking every gateway out of rotation would only add to the
    outage (new logins and registrations fail meanwhile, registrations with a 503 problem)."""
    every = clients(request)
    *checks, realm = await asyncio.gather(
        *(every.serving(s) for s in SERVICES), every.realm_answers()
    )
    states = {svc: ("serving" if up else "down") for svc, up in zip(SERVICES, checks, strict=True)}
    down = [svc for svc, up in zip(SERVICES, checks, strict=True) if not up]
    status = "ready" if not down and realm else "degraded"
    body = {
        "status": status,
        "services": states,
        "down": down,
        "keycloak": "up" if realm else "down",
    }
    return JSONResponse(body, status_code=503 if down else 200)


METRICS_EXAMPLE = (
    "# HELP gateway_requests_total HTTP requests\n"
    "# TYPE gateway_requests_total counter\n"
    'gateway_requests_total{method="GET",route="/v1/me",status="200"} 42.0\n'
)


@router.get(
    "/metrics",
    operation_id="metrics",
    summary="Prometheus metrics of every worker",
    tags=["public"],
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {"example": METRICS_EXAMPLE}}}},
)
async def metrics() -> Response:
    """Prometheus text exposition."""
    return Response(render_metrics(), media_type=CONTENT_TYPE_LATEST)


@router.get(
    "/v1/catalogue",
    operation_id="getCatalogue",
    summary="The published catalogue: departments, offices, service types, bundles",
    tags=["public"],
    response_model=model(cases_pb2.GetCatalogueResponse),
    responses={304: {"description": "not modified (If-None-Match)"}, **problems()},
)
async def catalogue(
    request: Request,
    if_none_match: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """Cacheable: ETag is the catalogue's checksum."""
    limiter = request.app.state.limiter
    await limiter.for_address(request, limiter.anonymous, "catalogue")
    cl = clients(request)
    md = await cl.anonymous_metadata(request.state.request_id)
    reply = await call(cl.cases.GetCatalogue, cases_pb2.GetCatalogueRequest(), md, request)
    tag = f'"{reply.catalogue.checksum or reply.catalogue.version}"'
    headers = {"ETag": tag, "Cache-Control": "public, max-age=300"}
    if if_none_match and tag in [t.strip() for t in if_none_match.split(",")]:
        return Response(status_code=304, headers=headers)
    return ok(dump(reply), headers=headers)


@router.post(
    "/v1/certificates/verify",
    operation_id="verifyCertificate",
    summary="Check a certificate or receipt: signature, revocation, expiry (anyone; rate limited)",
    tags=["public"],
    response_model=model(documents_pb2.VerifyCertificateResponse),
    responses=problems(400, 413),
)
async def verify_certificate(
    request: Request,
    file: Annotated[
        UploadFile,
        File(description="the downloaded certificate or a receipt's QR payload (compact JWS)"),
    ],
) -> Response:
    """valid=false with a reason when the signature does not check, or the certificate was
    revoked (revoked_at, revocation_reason) or has expired."""
    limiter = request.app.state.limiter
    await limiter.for_address(request, limiter.verify, "verify")
    content = await file.read(CERTIFICATE_LIMIT + 1)
    if len(content) > CERTIFICATE_LIMIT:
        raise Problem(413, f"a certificate file is at most {CERTIFICATE_LIMIT} bytes")
    if not content:
        raise Problem(422, "file: is empty", invalid_params=[("file", "is empty")])
    cl = clients(request)
    md = await cl.anonymous_metadata(request.state.request_id)
    message = documents_pb2.VerifyCertificateRequest(signed_certificate=content)
    reply = await call(cl.documents.VerifyCertificate, message, md, request)
    return ok(dump(reply))


class Jwk(BaseModel):
    """An Ed25519 public key (RFC 8037) with its validity period in seconds since the epoch."""

    kty: str
    crv: str
    alg: str
    use: str
    kid: str
    x: str
    valid_from: int
    retired_at: int | None = None


class JwkSet(BaseModel):
    """The keys certificates and receipts are signed with (current and retired)."""

    keys: list[Jwk]


@router.get(
    "/v1/certificates/signing-keys",
    operation_id="getSigningKeys",
    summary="The public keys certificates are signed with, as a JWK set (anyone; cacheable)",
    tags=["public"],
    response_model=JwkSet,
    responses=problems(),
)
async def signing_keys(request: Request) -> Response:
    """Verify a certificate's compact JWS offline (alg EdDSA; the header's kid names the key)
    with any JOSE library; retired keys stay listed so older certificates keep verifying."""
    limiter = request.app.state.limiter
    await limiter.for_address(request, limiter.anonymous, "signing-keys")
    cl = clients(request)
    md = await cl.anonymous_metadata(request.state.request_id)
    message = documents_pb2.GetSigningKeysRequest()
    reply = await call(cl.documents.GetSigningKeys, message, md, request)
    headers = {"Cache-Control": "public, max-age=300"}
    return Response(reply.jwks_json, media_type="application/jwk-set+json", headers=headers)


@router.post(
    "/v1/registrations",
    operation_id="registerPerson",
    summary="A citizen registers themselves (then logs in with the realm)",
    tags=["public"],
    status_code=201,
    response_model=model(identity_pb2.Person),
    responses=problems(400, 409, 413),
)
async def register(
    request: Request,
    body: RegistrationBody,
    idempotency_key: Annotated[
        str,
        Header(
            pattern=IDEMPOTENCY_KEY,
            description="a fresh UUID per registration; reuse it on retries",
        ),
    ],
) -> Response:
    """Creates the person and their login; a replay with the same key answers the same person."""
    limiter = request.app.state.limiter
    await limiter.for_address(request, limiter.registration, "registration")
    cl = clients(request)
    md = await cl.anonymous_metadata(request.state.request_id)
    message = identity_pb2.RegisterPersonRequest(
        idempotency_key=idempotency_key, **body.model_dump()
    )
    reply = await call(cl.identity.RegisterPerson, message, md, request)
    return ok(dump(reply.person), status=201, headers={"Location": "/v1/me"})
