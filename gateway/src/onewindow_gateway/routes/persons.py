"""Staff find a person by national identity number, e.g. to take in an application for them at
an office. Identity decides who may look persons up and records the purpose in the citizen's
access log; the gateway only maps."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from onewindow.identity.v1 import identity_pb2
from onewindow_gateway.context import CallerDep
from onewindow_gateway.convert import enum_text
from onewindow_gateway.models import Strict
from onewindow_gateway.routes.common import call, clients, ok, problems

router = APIRouter(tags=["staff"])


class PersonSearchBody(Strict):
    """Who is looked up, and why (the citizen sees the purpose in their access log)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "country": "CN",
                    "national_id": "11010519491231002X",
                    "purpose": "intake at the counter: birth registration",
                }
            ]
        },
    )

    country: Annotated[str, Field(min_length=2, max_length=2)] = "CN"
    national_id: Annotated[str, Field(min_length=1, max_length=64)]
    purpose: Annotated[str, Field(min_length=1, max_length=500)]


class PersonMatch(BaseModel):
    """The person found: enough to file on their behalf, nothing more."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "person_id": "5b0c7a52-3f8e-4c4e-9b1e-0e6f4c1d2a77",
                    "family_name": "王",
                    "given_name": "芳",
                    "assurance_level": "substantial",
                }
            ]
        }
    )

    person_id: str
    family_name: str
    given_name: str
    assurance_level: Literal["unspecified", "low", "substantial", "high"]


@router.post(
    "/v1/persons/search",
    operation_id="findPerson",
    summary="Staff find a person by national identity number (POST: the number stays out of "
    "URLs, logs and proxies)",
    response_model=PersonMatch,
    responses=problems(403, 404),
)
async def find_person(request: Request, caller: CallerDep, body: PersonSearchBody) -> Response:
    """Staff and department systems only; the purpose is recorded in the person's access log."""
    message = identity_pb2.FindPersonRequest(
        country=body.country, national_id=body.national_id, purpose=body.purpose
    )
    reply = await call(clients(request).identity.FindPerson, message, caller.metadata(), request)
    person = reply.person
    level = enum_text(identity_pb2.AssuranceLevel.DESCRIPTOR, person.assurance_level)
    return ok(
        {
            "person_id": person.person_id,
            "family_name": person.family_name,
            "given_name": person.given_name,
            "assurance_level": level,
        }
    )
