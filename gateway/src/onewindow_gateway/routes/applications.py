"""Applications as a citizen (or a representative with X-Acting-For) sees them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Request, Response
from google.protobuf import struct_pb2
from google.protobuf.message import Message

from onewindow.cases.v1 import cases_pb2
from onewindow_gateway.context import (
    ID_PATTERN,
    IDEMPOTENCY_KEY,
    Caller,
    CallerDep,
    etag,
    expected_version,
)
from onewindow_gateway.models import (
    IntakeBundleBody,
    IntakeCaseBody,
    ProvideSupplementBody,
    RatingBody,
    ReasonBody,
    SubmitBundleBody,
    SubmitCaseBody,
)
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

router = APIRouter(tags=["applications"])
PathId = Annotated[str, Path(pattern=ID_PATTERN, description="an id as the API returned it")]
Limit = Annotated[int, Query(ge=1, le=100, description="page size (at most 100)")]
Cursor = Annotated[str | None, Query(max_length=1024, description="the cursor from `next`")]
IdemKey = Annotated[
    str,
    Header(
        pattern=IDEMPOTENCY_KEY, description="a fresh UUID per logical request; reuse it on retries"
    ),
]
IfMatch = Annotated[str | None, Header(description="the ETag of the case as read (its version)")]
CasePage = page_model("CasePage", cases_pb2.CaseSummary)
BundlePage = page_model("BundlePage", cases_pb2.Bundle)
CaseModel = model(cases_pb2.Case)
BundleModel = model(cases_pb2.Bundle)


def struct(values: dict) -> struct_pb2.Struct:
    """A JSON object as a protobuf Struct."""
    out = struct_pb2.Struct()
    out.update(values)
    return out


def case_answer(case: cases_pb2.Case, status: int = 200) -> Response:
    """A case with its version as ETag."""
    return ok(dump(case), status=status, headers={"ETag": etag(case.version)})


async def change_case(
    request: Request,
    caller: Caller,
    message_type: type[Message],
    case_id: str,
    if_match: str | None,
    **fields: Any,
) -> Response:
    """A versioned write on a case: ``message_type`` names the Cases RPC (ClaimCaseRequest →
    ClaimCase); If-Match becomes expected_version (428 without it, 422 when malformed, 412 when
    stale) and the answer carries the case's new ETag."""
    message = message_type(case_id=case_id, expected_version=expected_version(if_match), **fields)
    rpc = getattr(clients(request).cases, message_type.DESCRIPTOR.name.removesuffix("Request"))
    reply = await call(rpc, message, caller.metadata(), request)
    return case_answer(reply.case)


def _filing(body: SubmitCaseBody | SubmitBundleBody, key: str) -> dict[str, Any]:
    """What a case and a bundle application, online or at the counter, send alike; a clerk's
    intake adds whom it is for and that their identity was checked in person."""
    out: dict[str, Any] = {
        "client_key": key,
        "catalogue_version": body.catalogue_version,
        "form": struct(body.form),
        "document_ids": body.document_ids,
        "delivery_office": body.delivery_office,
        "external_reference": body.external_reference,
    }
    if isinstance(body, IntakeCaseBody | IntakeBundleBody):
        out["applicant_id"] = body.applicant_id
        out["identity_verified_in_person"] = body.identity_verified_in_person
    return out


async def file_application(
    request: Request,
    caller: Caller,
    body: SubmitCaseBody | SubmitBundleBody,
    idempotency_key: str,
) -> Response:
    """SubmitCase or SubmitBundle, a citizen's own or a clerk's intake: 201 with the case (its
    ETag) or the bundle, 200 when the key replays an earlier application."""
    filing, cases = _filing(body, idempotency_key), clients(request).cases
    if isinstance(body, SubmitBundleBody):
        message = cases_pb2.SubmitBundleRequest(bundle_type=body.bundle_type, **filing)
        bundle = await call(cases.SubmitBundle, message, caller.metadata(), request)
        return ok(dump(bundle.bundle), status=200 if bundle.replayed else 201)
    filed = cases_pb2.SubmitCaseRequest(service_type=body.service_type, **filing)
    reply = await call(cases.SubmitCase, filed, caller.metadata(), request)
    return case_answer(reply.case, 200 if reply.replayed else 201)


@router.post(
    "/v1/cases",
    operation_id="submitCase",
    summary="Apply for a service",
    status_code=201,
    response_model=CaseModel,
    responses=problems(400, 403, 409, 413),
)
async def submit_case(
    request: Request, caller: CallerDep, body: SubmitCaseBody, idempotency_key: IdemKey
) -> Response:
    """Idempotent: a replay answers the first case (200); another body, 422."""
    return await file_application(request, caller, body, idempotency_key)


@router.post(
    "/v1/bundles",
    operation_id="submitBundle",
    summary="Apply once for a bundle of services",
    status_code=201,
    response_model=BundleModel,
    responses=problems(400, 403, 409, 413),
)
async def submit_bundle(
    request: Request, caller: CallerDep, body: SubmitBundleBody, idempotency_key: IdemKey
) -> Response:
    """Idempotent by Idempotency-Key."""
    return await file_application(request, caller, body, idempotency_key)


@router.get(
    "/v1/me/cases",
    operation_id="listMyCases",
    summary="My cases, newest first",
    response_model=CasePage,
    responses=problems(),
)
async def my_cases(
    request: Request,
    caller: CallerDep,
    limit: Limit = 20,
    cursor: Cursor = None,
    open_only: bool = False,
) -> Response:
    """Cursor-paginated."""
    message = cases_pb2.ListMyCasesRequest(
        page_size=limit, page_token=cursor or "", open_only=open_only
    )
    reply = await call(clients(request).cases.ListMyCases, message, caller.metadata(), request)
    return ok(page(request, [dump(c) for c in reply.cases], reply.next_page_token))


@router.get(
    "/v1/me/bundles",
    operation_id="listMyBundles",
    summary="My bundles, newest first",
    response_model=BundlePage,
    responses=problems(),
)
async def my_bundles(
    request: Request, caller: CallerDep, limit: Limit = 20, cursor: Cursor = None
) -> Response:
    """Cursor-paginated."""
    message = cases_pb2.ListMyBundlesRequest(page_size=limit, page_token=cursor or "")
    reply = await call(clients(request).cases.ListMyBundles, message, caller.metadata(), request)
    return ok(page(request, [dump(b) for b in reply.bundles], reply.next_page_token))


@router.get(
    "/v1/cases/{case_id}",
    operation_id="getCase",
    summary="One case (ETag = its version)",
    response_model=CaseModel,
    responses=problems(403, 404),
)
async def get_case(
    request: Request,
    caller: CallerDep,
    case_id: PathId,
    purpose: Annotated[str, Query(max_length=500, description="staff: why they read it")] = "",
) -> Response:
    """Another person's case answers exactly like a missing one (404)."""
    message = cases_pb2.GetCaseRequest(case_id=case_id, purpose=purpose)
    reply = await call(clients(request).cases.GetCase, message, caller.metadata(), request)
    return case_answer(reply.case)


@router.get(
    "/v1/bundles/{bundle_id}",
    operation_id="getBundle",
    summary="One bundle and its parts",
    response_model=BundleModel,
    responses=problems(403, 404),
)
async def get_bundle(request: Request, caller: CallerDep, bundle_id: PathId) -> Response:
    """A bundle with every part's status."""
    reply = await call(
        clients(request).cases.GetBundle,
        cases_pb2.GetBundleRequest(bundle_id=bundle_id),
        caller.metadata(),
        request,
    )
    return ok(dump(reply.bundle))


@router.post(
    "/v1/cases/{case_id}/supplements",
    operation_id="provideSupplement",
    summary="Answer a supplement request",
    response_model=CaseModel,
    responses=problems(403, 404, 409, 412, 428),
)
async def provide_supplement(
    request: Request,
    caller: CallerDep,
    case_id: PathId,
    body: ProvideSupplementBody,
    if_match: IfMatch = None,
) -> Response:
    """If-Match: the case's ETag."""
    return await change_case(
        request, caller, cases_pb2.ProvideSupplementRequest, case_id, if_match,
        document_ids=body.document_ids, form_changes=struct(body.form_changes),
        comment=body.comment,
    )  # fmt: skip


@router.post(
    "/v1/cases/{case_id}/withdrawal",
    operation_id="withdrawCase",
    summary="Withdraw my application",
    response_model=CaseModel,
    responses=problems(403, 404, 409, 412, 428),
)
async def withdraw(
    request: Request, caller: CallerDep, case_id: PathId, body: ReasonBody, if_match: IfMatch = None
) -> Response:
    """If-Match: the case's ETag."""
    return await change_case(
        request, caller, cases_pb2.WithdrawCaseRequest, case_id, if_match,
        reason=body.reason,
    )  # fmt: skip


@router.post(
    "/v1/cases/{case_id}/rating",
    operation_id="rateCase",
    summary="Rate a closed case",
    status_code=201,
    response_model=model(cases_pb2.Rating),
    responses=problems(403, 404, 409),
)
async def rate(request: Request, caller: CallerDep, case_id: PathId, body: RatingBody) -> Response:
    """One rating per case (a level, or the older 1..5 score); dissatisfied or worse opens a
    follow-up task for the department, due 15 working days later."""
    level = f"RATING_LEVEL_{body.level.upper()}" if body.level else "RATING_LEVEL_UNSPECIFIED"
    message = cases_pb2.RateCaseRequest(
        case_id=case_id, score=body.score or 0, level=level, comment=body.comment
    )
    reply = await call(clients(request).cases.RateCase, message, caller.metadata(), request)
    return ok(dump(reply.rating), status=201)
