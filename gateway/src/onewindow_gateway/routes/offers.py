"""Proactive offers (issue 16 §1): what the cases service offers the caller (or the person they
act for, X-Acting-For) after an event such as a birth certificate issued; one confirmation files
the application with the caller's own token. Thin over cases' Offers service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import ConfigDict, Field

from onewindow.cases.v1 import offers_pb2
from onewindow_gateway.context import CallerDep
from onewindow_gateway.models import Form, Id, Strict
from onewindow_gateway.routes.applications import PathId, struct
from onewindow_gateway.routes.common import call, clients, dump, model, ok, problems

router = APIRouter(tags=["offers"])
OfferModel = model(offers_pb2.Offer)
OfferList = model(offers_pb2.ListMyOffersResponse)


class ConfirmationBody(Strict):
    """Only what the offer could not pre-fill (its missing_fields, missing_document_types)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"form": {"household_number": "110105123"}, "document_ids": ["doc-1b2c3d"]}
            ]
        },
    )
    form: Form = Field(default_factory=dict)
    document_ids: list[Id] = Field(default_factory=list, max_length=50)
    delivery_office: Annotated[str, Field(max_length=64)] = ""


class DeclinationBody(Strict):
    """Saying no; the reason is optional."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "we applied at the hall"}]}
    )
    reason: Annotated[str, Field(max_length=500)] = ""


@router.get(
    "/v1/me/offers",
    operation_id="listMyOffers",
    summary="Offers made to me (pre-filled applications waiting for one confirmation)",
    response_model=OfferList,
    responses=problems(),
)
async def list_my_offers(
    request: Request,
    caller: CallerDep,
    open_only: Annotated[
        bool, Query(description="only offers still waiting for an answer")
    ] = False,
    limit: Annotated[int, Query(ge=1, le=200, description="at most 200")] = 50,
) -> Response:
    """Newest first; a representative (X-Acting-For) sees the mandator's."""
    message = offers_pb2.ListMyOffersRequest(open_only=open_only, page_size=limit)
    reply = await call(clients(request).offers.ListMyOffers, message, caller.metadata(), request)
    return ok(dump(reply))


@router.get(
    "/v1/offers/{offer_id}",
    operation_id="getOffer",
    summary="One of my offers: what is pre-filled and what is still needed",
    response_model=OfferModel,
    responses=problems(404),
)
async def get_offer(request: Request, caller: CallerDep, offer_id: PathId) -> Response:
    """Someone else's offer answers 404, like a missing one."""
    message = offers_pb2.GetOfferRequest(offer_id=offer_id)
    reply = await call(clients(request).offers.GetOffer, message, caller.metadata(), request)
    return ok(dump(reply.offer))


@router.post(
    "/v1/offers/{offer_id}/confirmation",
    operation_id="confirmOffer",
    summary="Confirm an offer: file the pre-filled application",
    status_code=201,
    response_model=OfferModel,
    responses=problems(400, 403, 404, 409),
)
async def confirm_offer(
    request: Request, caller: CallerDep, offer_id: PathId, body: ConfirmationBody
) -> Response:
    """201 with the offer naming the case filed; a repeat answers 200 with the same case (no
    Idempotency-Key needed: the offer itself is the key). 409 when it was declined or expired."""
    message = offers_pb2.ConfirmOfferRequest(
        offer_id=offer_id, form=struct(body.form), document_ids=body.document_ids,
        delivery_office=body.delivery_office,
    )  # fmt: skip
    reply = await call(clients(request).offers.ConfirmOffer, message, caller.metadata(), request)
    return ok(dump(reply.offer), status=200 if reply.replayed else 201)


@router.post(
    "/v1/offers/{offer_id}/declination",
    operation_id="declineOffer",
    summary="Decline an offer: nothing is filed",
    response_model=OfferModel,
    responses=problems(400, 404, 409),
)
async def decline_offer(
    request: Request, caller: CallerDep, offer_id: PathId, body: DeclinationBody
) -> Response:
    """Repeating it is harmless; 409 when it was confirmed or expired."""
    message = offers_pb2.DeclineOfferRequest(offer_id=offer_id, reason=body.reason)
    reply = await call(clients(request).offers.DeclineOffer, message, caller.metadata(), request)
    return ok(dump(reply.offer))
