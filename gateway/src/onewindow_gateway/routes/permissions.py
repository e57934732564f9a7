"""Mandates (acting for another person or a company) and consents (a department may use my
documents): grant, list, revoke. Identity decides; the gateway translates."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from google.protobuf import timestamp_pb2

from onewindow.identity.v1 import identity_pb2
from onewindow_gateway.context import CallerDep
from onewindow_gateway.models import ConsentBody, MandateBody
from onewindow_gateway.routes.applications import IdemKey, PathId
from onewindow_gateway.routes.common import call, clients, dump, model, ok, problems

router = APIRouter(tags=["me"])


def _ts(value: Any) -> timestamp_pb2.Timestamp | None:
    if value is None:
        return None
    ts = timestamp_pb2.Timestamp()
    ts.FromDatetime(value)
    return ts


@router.get(
    "/v1/me/mandates",
    operation_id="listMyMandates",
    summary="Mandates I gave and hold",
    response_model=model(identity_pb2.ListMandatesResponse),
    responses=problems(),
)
async def mandates(request: Request, caller: CallerDep, include_inactive: bool = False) -> Response:
    """Granted (by me or companies I represent) and received."""
    reply = await call(
        clients(request).identity.ListMandates,
        identity_pb2.ListMandatesRequest(include_inactive=include_inactive),
        caller.metadata(),
        request,
    )
    return ok(dump(reply))


@router.post(
    "/v1/me/mandates",
    operation_id="grantMandate",
    summary="Let someone act for me",
    status_code=201,
    response_model=model(identity_pb2.Mandate),
    responses=problems(400, 403, 404, 409),
)
async def grant_mandate(
    request: Request, caller: CallerDep, body: MandateBody, idempotency_key: IdemKey
) -> Response:
    """Idempotent by Idempotency-Key."""
    kind = (
        identity_pb2.PARTY_KIND_ORGANISATION
        if body.mandator_kind == "organisation"
        else identity_pb2.PARTY_KIND_PERSON
    )
    message = identity_pb2.GrantMandateRequest(
        idempotency_key=idempotency_key,
        mandator_kind=kind,
        mandator_id=body.mandator_id,
        mandatee_person_id=body.mandatee_person_id,
        service_types=body.service_types,
        valid_from=_ts(body.valid_from),
        valid_until=_ts(body.valid_until),
    )
    reply = await call(clients(request).identity.GrantMandate, message, caller.metadata(), request)
    return ok(dump(reply.mandate), status=201)


@router.delete(
    "/v1/me/mandates/{mandate_id}",
    operation_id="revokeMandate",
    summary="Revoke a mandate",
    response_model=model(identity_pb2.Mandate),
    responses=problems(403, 404, 409),
)
async def revoke_mandate(request: Request, caller: CallerDep, mandate_id: PathId) -> Response:
    """Takes effect at once."""
    reply = await call(
        clients(request).identity.RevokeMandate,
        identity_pb2.RevokeMandateRequest(mandate_id=mandate_id),
        caller.metadata(),
        request,
    )
    return ok(dump(reply.mandate))


@router.get(
    "/v1/me/consents",
    operation_id="listMyConsents",
    summary="Consents I gave to departments",
    response_model=model(identity_pb2.ListConsentsResponse),
    responses=problems(),
)
async def consents(request: Request, caller: CallerDep, include_inactive: bool = False) -> Response:
    """Active ones unless include_inactive."""
    reply = await call(
        clients(request).identity.ListConsents,
        identity_pb2.ListConsentsRequest(include_inactive=include_inactive),
        caller.metadata(),
        request,
    )
    return ok(dump(reply))


@router.post(
    "/v1/me/consents",
    operation_id="grantConsent",
    summary="Let a department use my documents",
    status_code=201,
    response_model=model(identity_pb2.Consent),
    responses=problems(400, 403, 409),
)
async def grant_consent(
    request: Request, caller: CallerDep, body: ConsentBody, idempotency_key: IdemKey
) -> Response:
    """Idempotent by Idempotency-Key."""
    message = identity_pb2.GrantConsentRequest(
        idempotency_key=idempotency_key,
        department=body.department,
        document_types=body.document_types,
        purpose=body.purpose,
        valid_until=_ts(body.valid_until),
    )
    reply = await call(clients(request).identity.GrantConsent, message, caller.metadata(), request)
    return ok(dump(reply.consent), status=201)


@router.delete(
    "/v1/me/consents/{consent_id}",
    operation_id="revokeConsent",
    summary="Revoke a consent",
    response_model=model(identity_pb2.Consent),
    responses=problems(403, 404, 409),
)
async def revoke_consent(request: Request, caller: CallerDep, consent_id: PathId) -> Response:
    """Takes effect at once."""
    reply = await call(
        clients(request).identity.RevokeConsent,
        identity_pb2.RevokeConsentRequest(consent_id=consent_id),
        caller.metadata(),
        request,
    )
    return ok(dump(reply.consent))
