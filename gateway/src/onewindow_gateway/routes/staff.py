"""Staff work on cases: queues, search, claim/assign, workflow transitions, supplements,
deadlines, decisions. The services decide who may do what; the gateway only translates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from onewindow.cases.v1 import cases_pb2
from onewindow_gateway.context import CallerDep
from onewindow_gateway.models import (
    AssignmentBody,
    DeadlineExtensionBody,
    DecisionBody,
    ReasonBody,
    SupplementRequestBody,
    TransferBody,
    TransitionBody,
)
from onewindow_gateway.problems import Problem
from onewindow_gateway.routes.applications import (
    CaseModel,
    CasePage,
    Cursor,
    IfMatch,
    Limit,
    PathId,
    change_case,
)
from onewindow_gateway.routes.common import (
    call,
    clients,
    dump,
    ok,
    page,
    page_model,
    problems,
)

router = APIRouter(tags=["staff"])
Code = Annotated[str, Query(max_length=64, pattern=r"^[A-Za-z0-9_.:-]*$")]
TaskPage = page_model("FollowUpTaskPage", cases_pb2.FollowUpTask)
VERSIONED = problems(403, 404, 409, 412, 428)


@router.get(
    "/v1/departments/{department}/queue",
    operation_id="listQueue",
    summary="A department's work queue, earliest due first",
    response_model=CasePage,
    responses=problems(403),
)
async def queue(
    request: Request,
    caller: CallerDep,
    department: PathId,
    limit: Limit = 20,
    cursor: Cursor = None,
    status: Annotated[list[str] | None, Query(max_length=20)] = None,
    service_type: Annotated[list[str] | None, Query(max_length=20)] = None,
    receiving_office: Code = "",
    assignee: Annotated[str, Query(max_length=128)] = "",
    due_on_or_before: Annotated[str, Query(pattern=r"^(\d{4}-\d{2}-\d{2})?$")] = "",
) -> Response:
    """Staff see their own department's queue only (403 for another department)."""
    if caller.principal.department and department != caller.principal.department:
        raise Problem(403, "staff see their own department's queue only")
    message = cases_pb2.ListQueueRequest(
        statuses=status or [],
        service_types=service_type or [],
        receiving_office=receiving_office,
        due_on_or_before=due_on_or_before,
        assignee=assignee,
        page_size=limit,
        page_token=cursor or "",
    )
    reply = await call(clients(request).cases.ListQueue, message, caller.metadata(), request)
    return ok(page(request, [dump(c) for c in reply.cases], reply.next_page_token))


@router.get(
    "/v1/search/cases",
    operation_id="searchCases",
    summary="Find cases by number, applicant or reference",
    response_model=CasePage,
    responses=problems(403),
)
async def search(
    request: Request,
    caller: CallerDep,
    limit: Limit = 20,
    cursor: Cursor = None,
    case_number: Annotated[str, Query(max_length=64)] = "",
    applicant_id: Annotated[str, Query(max_length=128)] = "",
    external_reference: Annotated[str, Query(max_length=128)] = "",
    purpose: Annotated[str, Query(max_length=500)] = "",
) -> Response:
    """Searching by applicant is a read of personal data: purpose is required and logged."""
    message = cases_pb2.SearchCasesRequest(
        case_number=case_number,
        applicant_id=applicant_id,
        external_reference=external_reference,
        purpose=purpose,
        page_size=limit,
        page_token=cursor or "",
    )
    reply = await call(clients(request).cases.SearchCases, message, caller.metadata(), request)
    return ok(page(request, [dump(c) for c in reply.cases], reply.next_page_token))


@router.post(
    "/v1/cases/{case_id}/claim",
    operation_id="claimCase",
    summary="Take a case from the queue",
    response_model=CaseModel,
    responses=VERSIONED,
)
async def claim(
    request: Request, caller: CallerDep, case_id: PathId, if_match: IfMatch = None
) -> Response:
    """If-Match: the case's ETag; a stale one answers 412."""
    return await change_case(request, caller, cases_pb2.ClaimCaseRequest, case_id, if_match)


@router.post(
    "/v1/cases/{case_id}/assignment",
    operation_id="assignCase",
    summary="Assign a case (supervisor)",
    response_model=CaseModel,
    responses=VERSIONED,
)
async def assign(
    request: Request,
    caller: CallerDep,
    case_id: PathId,
    body: AssignmentBody,
    if_match: IfMatch = None,
) -> Response:
    """If-Match: the case's ETag."""
    return await change_case(
        request, caller, cases_pb2.AssignCaseRequest, case_id, if_match,
        assignee=body.assignee, reason=body.reason,
    )  # fmt: skip


@router.post(
    "/v1/cases/{case_id}/transitions",
    operation_id="transitionCase",
    summary="Move a case along its workflow",
    response_model=CaseModel,
    responses=VERSIONED,
)
async def transition(
    request: Request,
    caller: CallerDep,
    case_id: PathId,
    body: TransitionBody,
    if_match: IfMatch = None,
) -> Response:
    """If-Match: the case's ETag."""
    return await change_case(
        request, caller, cases_pb2.TransitionCaseRequest, case_id, if_match,
        to_status=body.to_status, reason=body.reason,
    )  # fmt: skip


@router.post(
    "/v1/cases/{case_id}/supplement-requests",
    operation_id="requestSupplement",
    summary="Ask the applicant for more",
    response_model=CaseModel,
    responses=VERSIONED,
)
async def request_supplement(
    request: Request,
    caller: CallerDep,
    case_id: PathId,
    body: SupplementRequestBody,
    if_match: IfMatch = None,
) -> Response:
    """Pauses the statutory clock until the applicant answers."""
    return await change_case(
        request, caller, cases_pb2.RequestSupplementRequest, case_id, if_match,
        reason=body.reason, requested_document_types=body.requested_document_types,
    )  # fmt: skip


@router.post(
    "/v1/cases/{case_id}/deadline-extensions",
    operation_id="extendDeadline",
    summary="Extend the time limit",
    response_model=CaseModel,
    responses=VERSIONED,
)
async def extend(
    request: Request,
    caller: CallerDep,
    case_id: PathId,
    body: DeadlineExtensionBody,
    if_match: IfMatch = None,
) -> Response:
    """Where the service type allows it."""
    return await change_case(
        request, caller, cases_pb2.ExtendDeadlineRequest, case_id, if_match,
        working_days=body.working_days, reason=body.reason,
    )  # fmt: skip


@router.post(
    "/v1/cases/{case_id}/decision",
    operation_id="decideCase",
    summary="Approve or reject",
    response_model=CaseModel,
    responses=VERSIONED,
)
async def decide(
    request: Request,
    caller: CallerDep,
    case_id: PathId,
    body: DecisionBody,
    if_match: IfMatch = None,
) -> Response:
    """An approval issues the certificate (by event, in the documents service)."""
    outcome = (
        cases_pb2.OUTCOME_APPROVED if body.outcome == "approved" else cases_pb2.OUTCOME_REJECTED
    )
    return await change_case(
        request, caller, cases_pb2.DecideCaseRequest, case_id, if_match,
        outcome=outcome, reason=body.reason,
    )  # fmt: skip


@router.post(
    "/v1/cases/{case_id}/closure",
    operation_id="closeCase",
    summary="Close a decided case",
    response_model=CaseModel,
    responses=VERSIONED,
)
async def close(
    request: Request, caller: CallerDep, case_id: PathId, body: ReasonBody, if_match: IfMatch = None
) -> Response:
    """If-Match: the case's ETag."""
    return await change_case(
        request, caller, cases_pb2.CloseCaseRequest, case_id, if_match,
        reason=body.reason,
    )  # fmt: skip


@router.post(
    "/v1/cases/{case_id}/transfer",
    operation_id="transferCase",
    summary="Move a misrouted case to another department",
    response_model=CaseModel,
    responses=VERSIONED,
)
async def transfer(
    request: Request,
    caller: CallerDep,
    case_id: PathId,
    body: TransferBody,
    if_match: IfMatch = None,
) -> Response:
    """A supervisor of the responsible department; the clock continues. If-Match: the ETag."""
    return await change_case(
        request, caller, cases_pb2.TransferCaseRequest, case_id, if_match,
        to_department=body.to_department, reason=body.reason,
    )  # fmt: skip
