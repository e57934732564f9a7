"""Handling statistics for managers: day/week/month figures and the live backlog, thin over the
cases service's GetStatistics and GetLiveBacklog (which decide who sees which department)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from onewindow.cases.v1 import cases_pb2
from onewindow_gateway.context import CallerDep
from onewindow_gateway.routes.common import call, clients, dump, model, ok, problems

router = APIRouter(tags=["statistics"])
Day = Annotated[str, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD, inclusive")]
Code = Annotated[str, Query(max_length=64, pattern=r"^[A-Za-z0-9_.:-]*$")]


@router.get(
    "/v1/statistics",
    operation_id="getStatistics",
    summary="Handling statistics per department, service type and office",
    response_model=model(cases_pb2.GetStatisticsResponse),
    responses=problems(403, 422),
)
async def statistics(
    request: Request,
    caller: CallerDep,
    date_from: Day,
    date_to: Day,
    group_by: Literal["day", "week", "month"] = "day",
    department: Code = "",
    service_type: Code = "",
    office: Code = "",
) -> Response:
    """Department admins and supervisors see their department; city_supervisor and auditor
    every department. Handling times are working days; the histogram is in each row."""
    message = cases_pb2.GetStatisticsRequest(
        date_from=date_from, date_to=date_to, group_by=group_by, department=department,
        service_type=service_type, office=office,
    )  # fmt: skip
    reply = await call(clients(request).cases.GetStatistics, message, caller.metadata(), request)
    return ok(dump(reply))


@router.get(
    "/v1/statistics/backlog",
    operation_id="getLiveBacklog",
    summary="Open, due-soon and overdue cases right now, per department and office",
    response_model=model(cases_pb2.GetLiveBacklogResponse),
    responses=problems(403, 422),
)
async def backlog(
    request: Request, caller: CallerDep, department: Code = "", office: Code = ""
) -> Response:
    """Due soon: within the next 2 working days; overdue: due date passed, clock running."""
    message = cases_pb2.GetLiveBacklogRequest(department=department, office=office)
    reply = await call(clients(request).cases.GetLiveBacklog, message, caller.metadata(), request)
    return ok(dump(reply))
