"""The citizen's own affairs: profile, dashboard, access log, wallet, logins, mandates, consents."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from onewindow.cases.v1 import cases_pb2, offers_pb2
from onewindow.documents.v1 import documents_pb2
from onewindow.identity.v1 import identity_pb2
from onewindow.notifications.v1 import notifications_pb2
from onewindow_gateway.context import CallerDep
from onewindow_gateway.models import LockBody
from onewindow_gateway.routes.applications import Cursor, Limit
from onewindow_gateway.routes.common import (
    call,
    clients,
    dump,
    model,
    ok,
    page,
    page_model,
    problems,
)

router = APIRouter(tags=["me"])
WalletPage = page_model("WalletPage", documents_pb2.DocumentMetadata)


class Me(BaseModel):
    """The caller: person record, assurance level, mandates held and given."""

    person: model(identity_pb2.Person) | None  # type: ignore[valid-type]
    assurance_level: str
    acting_for: str
    mandates_given: list[model(identity_pb2.Mandate)]  # type: ignore[valid-type]
    mandates_held: list[model(identity_pb2.Mandate)]  # type: ignore[valid-type]


class Dashboard(BaseModel):
    """One page of what matters now; services that did not answer in time are listed in degraded."""

    open_cases: list[model(cases_pb2.CaseSummary)]  # type: ignore[valid-type]  # newest first
    open_cases_next: str | None  # the rest of them: GET /v1/me/cases?open_only=true&cursor=…
    bundles: list[model(cases_pb2.Bundle)]  # type: ignore[valid-type]
    offers: list[model(offers_pb2.Offer)]  # type: ignore[valid-type]  # waiting for an answer
    wallet_count: int | None
    wallet_count_is_lower_bound: bool
    unread_notices: int | None
    degraded: list[str]


@router.get(
    "/v1/me",
    operation_id="getMe",
    summary="My person record, assurance level and mandates",
    response_model=Me,
    responses=problems(403, 404),
)
async def me(request: Request, caller: CallerDep) -> Response:
    """Staff and department systems have no person record: person is null."""
    cl = clients(request)
    person: dict[str, Any] | None = None
    if caller.principal.person_id:
        got = await call(
            cl.identity.GetPerson,
            identity_pb2.GetPersonRequest(person_id=caller.principal.person_id),
            caller.metadata(),
            request,
        )
        person = dump(got.person)
    mandates = await call(
        cl.identity.ListMandates, identity_pb2.ListMandatesRequest(), caller.metadata(), request
    )
    return ok(
        {
            "person": person,
            "assurance_level": caller.principal.assurance_level,
            "acting_for": caller.acting_for,
            "mandates_given": [dump(m) for m in mandates.granted],
            "mandates_held": [dump(m) for m in mandates.received],
        }
    )


async def _within(coro: Any, timeout: float) -> Any:
    try:
        return await asyncio.wait_for(coro, timeout)
    except Exception:  # a slow or failing part degrades the page; it never fails it
        return None


# The dashboard shows the newest open cases, as many as a page of a phone screen holds; the
# rest are one link away (open_cases_next). Listing 50 made every load cost about twice the CPU
# in cases and the gateway (make bench-gateway) for cases a citizen scrolls to rarely.
DASHBOARD_CASES = 10


def _more_open_cases(request: Request, token: str) -> str | None:
    """The URL of the next page of my open cases, or None when the dashboard shows them all."""
    if not token:
        return None
    query = {"open_only": "true", "limit": DASHBOARD_CASES, "cursor": token}
    return str(request.url.replace(path="/v1/me/cases", query="").include_query_params(**query))


@router.get(
    "/v1/me/dashboard",
    operation_id="getDashboard",
    summary="Open cases, bundles, wallet and notices at once",
    response_model=Dashboard,
    responses=problems(),
)
async def dashboard(request: Request, caller: CallerDep) -> Response:
    """Fans out concurrently under one deadline; a slow or down service yields a partial page."""
    cl = clients(request)
    budget = float(request.app.state.settings.dashboard_deadline_s)
    md = caller.metadata()
    calls = {
        # open cases, bundles in progress and open offers: one call into cases instead of three
        "cases": cl.cases.GetMyOverview(
            cases_pb2.GetMyOverviewRequest(
                cases_page_size=DASHBOARD_CASES, bundles_page_size=20, offers_page_size=20
            ),
            metadata=md,
            timeout=budget,
        ),
        # one indexed count, not a listing of the whole wallet just to count it
        "documents": cl.documents.CountWallet(
            documents_pb2.CountWalletRequest(), metadata=md, timeout=budget
        ),
        "notifications": cl.notifications.UnreadCount(
            notifications_pb2.UnreadCountRequest(), metadata=md, timeout=budget
        ),
    }
    # Each call carries the deadline itself, so a slow service ends in DEADLINE_EXCEEDED at the
    # budget: no timer task per call (asyncio.wait_for) on the busiest page of the API.
    replies = await asyncio.gather(*calls.values(), return_exceptions=True)
    got = {
        k: None if isinstance(r, BaseException) else r for k, r in zip(calls, replies, strict=True)
    }
    overview, wallet, unread = got["cases"], got["documents"], got["notifications"]
    return ok(
        {
            "open_cases": [dump(c) for c in overview.open_cases] if overview else [],
            "open_cases_next": _more_open_cases(request, overview.open_cases_next_page_token)
            if overview
            else None,
            "bundles": [dump(b) for b in overview.open_bundles] if overview else [],
            "offers": [dump(o) for o in overview.open_offers] if overview else [],
            "wallet_count": wallet.count if wallet else None,
            "wallet_count_is_lower_bound": False,  # an exact count since CountWallet
            "unread_notices": unread.unread if unread else None,
            "degraded": sorted(k for k, v in got.items() if v is None),
        }
    )


@router.get(
    "/v1/me/wallet",
    operation_id="listMyWallet",
    summary="My documents and issued certificates",
    response_model=WalletPage,
    responses=problems(),
)
async def wallet(
    request: Request,
    caller: CallerDep,
    limit: Limit = 20,
    cursor: Cursor = None,
    kind: Annotated[str, Query(pattern=r"^(|upload|certificate)$")] = "",
) -> Response:
    """Newest first, cursor-paginated."""
    message = documents_pb2.ListWalletRequest(page_size=limit, page_token=cursor or "", kind=kind)
    reply = await call(clients(request).documents.ListWallet, message, caller.metadata(), request)
    return ok(page(request, [dump(d) for d in reply.documents], reply.next_page_token))


@router.get(
    "/v1/me/logins",
    operation_id="listMyLogins",
    summary="My recent logins and failed attempts",
    response_model=model(identity_pb2.ListRecentLoginsResponse),
    responses=problems(),
)
async def logins(request: Request, caller: CallerDep, limit: Limit = 20) -> Response:
    """From the realm's login events."""
    reply = await call(
        clients(request).identity.ListRecentLogins,
        identity_pb2.ListRecentLoginsRequest(limit=limit),
        caller.metadata(),
        request,
    )
    return ok(dump(reply))


@router.post(
    "/v1/me/lock",
    operation_id="lockMyAccount",
    summary="Lock my account",
    response_model=model(identity_pb2.Person),
    responses=problems(403, 409),
)
async def lock(request: Request, caller: CallerDep, body: LockBody) -> Response:
    """Unlocking takes an in-person check at an office."""
    reply = await call(
        clients(request).identity.LockAccount,
        identity_pb2.LockAccountRequest(reason=body.reason),
        caller.metadata(),
        request,
    )
    return ok(dump(reply.person))


class ContactDetailsBody(BaseModel):
    """A new email address OR a new phone number (one per request, each proven by its own code)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"email": "wang.fang@example.cn"}]}
    )

    email: Annotated[str, Field(max_length=254)] = ""
    phone: Annotated[str, Field(max_length=32)] = ""


class ContactConfirmationBody(BaseModel):
    """The code the notifications service sent to the new address."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"code": "493817"}]})

    code: Annotated[str, Field(min_length=1, max_length=16)]


@router.put(
    "/v1/me/contact-details",
    operation_id="changeMyContactDetails",
    summary="Change my email address or phone number (pending until confirmed)",
    status_code=202,
    response_model=model(identity_pb2.UpdateContactDetailsResponse),
    responses=problems(403),
)
async def change_contact_details(
    request: Request, caller: CallerDep, body: ContactDetailsBody
) -> Response:
    """Nothing changes yet: a code goes to the NEW address, valid for 15 minutes."""
    reply = await call(
        clients(request).identity.UpdateContactDetails,
        identity_pb2.UpdateContactDetailsRequest(email=body.email, phone=body.phone),
        caller.metadata(),
        request,
    )
    return ok(dump(reply), status=202)


@router.post(
    "/v1/me/contact-details/confirmation",
    operation_id="confirmMyContactDetails",
    summary="Confirm a contact change with the code sent to the new address",
    response_model=model(identity_pb2.Person),
    responses=problems(403, 409),
)
async def confirm_contact_details(
    request: Request, caller: CallerDep, body: ContactConfirmationBody
) -> Response:
    """A wrong code is a 422 naming `code` (the 5th cancels the change); an expired one or none
    pending is a 409; the old address is told of the change."""
    reply = await call(
        clients(request).identity.ConfirmContactDetails,
        identity_pb2.ConfirmContactDetailsRequest(code=body.code),
        caller.metadata(),
        request,
    )
    return ok(dump(reply.person))
