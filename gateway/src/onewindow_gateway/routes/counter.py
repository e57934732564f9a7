"""At the counter and after: a clerk takes in applications for a citizen, verifies identity in
person; follow-up tasks opened by low ratings; department admins manage staff and department
systems; auditors read a person's access logs. The services decide who may do what."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from onewindow.cases.v1 import cases_pb2
from onewindow.documents.v1 import documents_pb2
from onewindow.identity.v1 import identity_pb2
from onewindow_gateway.context import CallerDep
from onewindow_gateway.models import (
    CreateServiceAccountBody,
    CreateStaffBody,
    FollowUpCompletionBody,
    InPersonVerificationBody,
    IntakeBundleBody,
    IntakeCaseBody,
)
from onewindow_gateway.routes.applications import (
    BundleModel,
    CaseModel,
    Cursor,
    IdemKey,
    Limit,
    PathId,
    file_application,
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

router = APIRouter(tags=["staff"])
TaskPage = page_model("FollowUpTaskPage", cases_pb2.FollowUpTask)


@router.post(
    "/v1/intake/cases",
    operation_id="intakeCase",
    summary="A clerk files a case for a citizen",
    status_code=201,
    response_model=CaseModel,
    responses=problems(400, 403, 409, 413),
)
async def intake_case(
    request: Request, caller: CallerDep, body: IntakeCaseBody, idempotency_key: IdemKey
) -> Response:
    """At the clerk's office; the applicant's identity checked in person."""
    return await file_application(request, caller, body, idempotency_key)


@router.post(
    "/v1/intake/bundles",
    operation_id="intakeBundle",
    summary="A clerk files a bundle for a citizen",
    status_code=201,
    response_model=BundleModel,
    responses=problems(400, 403, 409, 413),
)
async def intake_bundle(
    request: Request, caller: CallerDep, body: IntakeBundleBody, idempotency_key: IdemKey
) -> Response:
    """At the clerk's office."""
    return await file_application(request, caller, body, idempotency_key)


@router.post(
    "/v1/persons/{person_id}/in-person-verification",
    operation_id="verifyInPerson",
    summary="A clerk verifies a person's identity at the counter",
    response_model=model(identity_pb2.VerifyInPersonResponse),
    responses=problems(403, 404, 409),
)
async def verify_in_person(
    request: Request, caller: CallerDep, person_id: PathId, body: InPersonVerificationBody
) -> Response:
    """Raises the person's assurance level."""
    message = identity_pb2.VerifyInPersonRequest(
        person_id=person_id,
        method=body.method,
        document=identity_pb2.IdentityDocument(
            type=body.document.type, number=body.document.number
        ),
    )
    reply = await call(
        clients(request).identity.VerifyInPerson, message, caller.metadata(), request
    )
    return ok(dump(reply))


@router.get(
    "/v1/follow-up-tasks",
    operation_id="listFollowUpTasks",
    summary="Follow-up tasks opened by low ratings",
    response_model=TaskPage,
    responses=problems(403),
)
async def follow_ups(
    request: Request,
    caller: CallerDep,
    limit: Limit = 20,
    cursor: Cursor = None,
    open_only: bool = True,
) -> Response:
    """The caller's department's tasks."""
    message = cases_pb2.ListFollowUpTasksRequest(
        open_only=open_only, page_size=limit, page_token=cursor or ""
    )
    reply = await call(
        clients(request).cases.ListFollowUpTasks, message, caller.metadata(), request
    )
    return ok(page(request, [dump(t) for t in reply.tasks], reply.next_page_token))


@router.post(
    "/v1/follow-up-tasks/{task_id}/completion",
    operation_id="completeFollowUpTask",
    summary="Complete a follow-up task",
    response_model=model(cases_pb2.FollowUpTask),
    responses=problems(403, 404, 409),
)
async def complete_follow_up(
    request: Request, caller: CallerDep, task_id: PathId, body: FollowUpCompletionBody
) -> Response:
    """With how it was resolved."""
    message = cases_pb2.CompleteFollowUpTaskRequest(task_id=task_id, resolution=body.resolution)
    reply = await call(
        clients(request).cases.CompleteFollowUpTask, message, caller.metadata(), request
    )
    return ok(dump(reply.task))


@router.post(
    "/v1/departments/{department}/staff",
    operation_id="createStaff",
    summary="A department admin creates a staff member of their department",
    status_code=201,
    response_model=model(identity_pb2.Staff),
    responses=problems(400, 403, 409, 413),
)
async def create_staff(
    request: Request,
    caller: CallerDep,
    department: PathId,
    body: CreateStaffBody,
    idempotency_key: IdemKey,
) -> Response:
    """Keycloak asks for a new password at the first login."""
    message = identity_pb2.CreateStaffRequest(
        idempotency_key=idempotency_key, department=department, **body.model_dump()
    )
    reply = await call(clients(request).identity.CreateStaff, message, caller.metadata(), request)
    return ok(dump(reply.staff), status=201)


@router.post(
    "/v1/departments/{department}/service-accounts",
    operation_id="createServiceAccount",
    summary="A department admin registers a department system (client credentials)",
    status_code=201,
    response_model=model(identity_pb2.CreateServiceAccountResponse),
    responses=problems(400, 403, 409, 413),
)
async def create_service_account(
    request: Request,
    caller: CallerDep,
    department: PathId,
    body: CreateServiceAccountBody,
    idempotency_key: IdemKey,
) -> Response:
    """The client secret is shown once, in this answer."""
    message = identity_pb2.CreateServiceAccountRequest(
        idempotency_key=idempotency_key, department=department, **body.model_dump()
    )
    rpc = clients(request).identity.CreateServiceAccount
    reply = await call(rpc, message, caller.metadata(), request)
    return ok(dump(reply), status=201)


@router.post(
    "/v1/service-accounts/{service_account_id}/secret-rotation",
    operation_id="rotateServiceAccountSecret",
    summary="A department admin rotates a department system's secret",
    response_model=model(identity_pb2.RotateServiceAccountSecretResponse),
    responses=problems(403, 404),
)
async def rotate_secret(
    request: Request, caller: CallerDep, service_account_id: PathId
) -> Response:
    """The old secret stops working at once."""
    message = identity_pb2.RotateServiceAccountSecretRequest(service_account_id=service_account_id)
    rpc = clients(request).identity.RotateServiceAccountSecret
    reply = await call(rpc, message, caller.metadata(), request)
    return ok(dump(reply))


@router.get(
    "/v1/persons/{person_id}/access-log",
    operation_id="auditPersonAccessLog",
    summary="An auditor reads who accessed a person's records and documents (read-only)",
    response_model=model(identity_pb2.ListAccessLogResponse),
    responses=problems(403, 404),
)
async def audit_access_log(
    request: Request, caller: CallerDep, person_id: PathId, limit: Limit = 50
) -> Response:
    """Identity's log of person-record reads (documents: see the documents route below)."""
    message = identity_pb2.ListAccessLogRequest(person_id=person_id, limit=limit)
    reply = await call(clients(request).identity.ListAccessLog, message, caller.metadata(), request)
    return ok(dump(reply))


@router.get(
    "/v1/persons/{person_id}/document-access-log",
    operation_id="auditDocumentAccessLog",
    summary="An auditor reads who accessed a person's documents (read-only)",
    response_model=page_model("DocumentAccessPage", documents_pb2.AccessLogEntry),
    responses=problems(403, 404),
)
async def audit_document_access(
    request: Request, caller: CallerDep, person_id: PathId, limit: Limit = 50, cursor: Cursor = None
) -> Response:
    """Cursor-paginated."""
    message = documents_pb2.ListAccessLogRequest(
        owner_id=person_id, page_size=limit, page_token=cursor or ""
    )
    reply = await call(
        clients(request).documents.ListAccessLog, message, caller.metadata(), request
    )
    return ok(page(request, [dump(e) for e in reply.entries], reply.next_page_token))
