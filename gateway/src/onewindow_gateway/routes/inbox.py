"""The citizen's inbox and notification preferences (the notifications service)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Request, Response
from pydantic import ConfigDict, Field

from onewindow.notifications.v1 import notifications_pb2
from onewindow_gateway.context import CallerDep
from onewindow_gateway.models import Code, Strict
from onewindow_gateway.routes.applications import Cursor, Limit, PathId
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
NoticePage = page_model("NoticePage", notifications_pb2.Notice)


class CategoryChannelsBody(Strict):
    """Which extra channels (besides the inbox) carry a category of notices."""

    category: Code
    channels: list[Literal["email", "sms"]] = Field(default_factory=list, max_length=2)


class PreferencesBody(Strict):
    """My language and channels per category (categories not listed keep their setting)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "language": "en",
                    "categories": [{"category": "case_status", "channels": ["email"]}],
                }
            ]
        },
    )

    language: Literal["", "zh-CN", "en"] = ""
    categories: Annotated[list[CategoryChannelsBody], Field(max_length=50)] = Field(
        default_factory=list
    )


class MarkedRead(Strict):
    """How many notices were unread before."""

    marked: int


@router.get(
    "/v1/me/inbox",
    operation_id="listMyInbox",
    summary="My notices, newest first",
    response_model=NoticePage,
    responses=problems(),
)
async def inbox(
    request: Request,
    caller: CallerDep,
    limit: Limit = 20,
    cursor: Cursor = None,
    unread_only: bool = False,
) -> Response:
    """Cursor-paginated."""
    message = notifications_pb2.ListInboxRequest(
        page_size=limit, page_token=cursor or "", unread_only=unread_only
    )
    reply = await call(
        clients(request).notifications.ListInbox, message, caller.metadata(), request
    )
    return ok(page(request, [dump(n) for n in reply.notices], reply.next_page_token))


@router.post(
    "/v1/me/inbox/{notice_id}/read",
    operation_id="markNoticeRead",
    summary="Mark a notice as read",
    response_model=MarkedRead,
    responses=problems(404),
)
async def mark_read(request: Request, caller: CallerDep, notice_id: PathId) -> Response:
    """Idempotent: marking a read notice again marks nothing."""
    message = notifications_pb2.MarkReadRequest(notice_ids=[notice_id])
    reply = await call(clients(request).notifications.MarkRead, message, caller.metadata(), request)
    return ok({"marked": reply.marked})


@router.get(
    "/v1/me/preferences",
    operation_id="getMyPreferences",
    summary="My notification language and channels",
    response_model=model(notifications_pb2.Preferences),
    responses=problems(),
)
async def preferences(request: Request, caller: CallerDep) -> Response:
    """Mandatory categories cannot be switched off."""
    rpc = clients(request).notifications.GetPreferences
    reply = await call(rpc, notifications_pb2.GetPreferencesRequest(), caller.metadata(), request)
    return ok(dump(reply.preferences))


@router.put(
    "/v1/me/preferences",
    operation_id="updateMyPreferences",
    summary="Change my notification language and channels",
    response_model=model(notifications_pb2.Preferences),
    responses=problems(400, 413),
)
async def update_preferences(
    request: Request, caller: CallerDep, body: PreferencesBody
) -> Response:
    """Replaces the listed categories only."""
    message = notifications_pb2.UpdatePreferencesRequest(
        language=body.language,
        categories=[
            notifications_pb2.CategoryChannels(category=c.category, channels=c.channels)
            for c in body.categories
        ],
    )
    rpc = clients(request).notifications.UpdatePreferences
    reply = await call(rpc, message, caller.metadata(), request)
    return ok(dump(reply.preferences))
