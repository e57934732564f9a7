"""GET /v1/me/access-log: who read my data, merged newest first from identity, cases and
documents, in pages.

The cursor is one position per service: the service's own page token plus how many entries of
that page were already shown (identity's list has no page token, only a limit of at most 500,
so its position is an offset). Each page asks every service for at least ``limit`` entries after
its position (a second call when a page ran short), merges them by time and keeps the first
``limit``: every page is whole and time-ordered, and no entry is shown twice or skipped."""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from onewindow.cases.v1 import cases_pb2
from onewindow.documents.v1 import documents_pb2
from onewindow.identity.v1 import identity_pb2
from onewindow_gateway.context import Caller, CallerDep
from onewindow_gateway.convert import rfc3339
from onewindow_gateway.problems import Problem
from onewindow_gateway.routes.applications import Limit
from onewindow_gateway.routes.common import clients, ok, problems

router = APIRouter(tags=["me"])

SOURCES = ("identity", "cases", "documents")
IDENTITY_MAX = 500  # identity's ListAccessLog answers at most this many, newest first
SERVICE_PAGE_MAX = 200  # cases' and documents' largest page
TOKEN_MAX = 1024  # the services' page tokens are at most this long
AccessCursor = Annotated[
    str | None, Query(max_length=4096, description="the cursor from `next` (opaque)")
]
_ACCESS_FIELDS = (
    "source", "actor_subject", "actor_username", "actor_kind", "actor_department",
    "actor_office", "action", "object_kind", "object_id", "purpose", "case_id",
)  # fmt: skip


class AccessEntry(BaseModel):
    """One read of my data by staff or a department system (onewindow.common.v1.AccessLogEntry)."""

    at: str | None
    source: str
    actor_subject: str
    actor_username: str
    actor_kind: str
    actor_department: str
    actor_office: str
    action: str
    object_kind: str
    object_id: str
    purpose: str
    case_id: str


class AccessLog(BaseModel):
    """Reads of my data, newest first, merged from every service; ``next`` is the URL of the
    following page (null on the last)."""

    items: list[AccessEntry]
    degraded: list[str]
    next: str | None = None


@dataclass(frozen=True)
class Position:
    """Where a service's next unshown entry is: after ``skip`` entries of the page at ``token``."""

    token: str = ""
    skip: int = 0


@dataclass(frozen=True)
class Chunk:
    """Entries one call gave after the position's skip, and the token of the page after it."""

    token: str
    skip: int
    entries: list[dict[str, Any]]
    following: str


Positions = dict[str, Position | None]  # None: the service has nothing more


def _bad_cursor() -> Problem:
    return Problem(
        422,
        "the cursor is not one this list gave",
        invalid_params=[("cursor", "is not a cursor of this list; start again without it")],
    )


def decode_cursor(raw: str | None) -> Positions:
    """The positions in a cursor (every service at its start without one)."""
    if not raw:
        return {source: Position() for source in SOURCES}
    try:
        data = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        if not isinstance(data, dict) or set(data) != set(SOURCES):
            raise ValueError("not the three services")
        return {source: _position(source, data[source]) for source in SOURCES}
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise _bad_cursor() from None


def _position(source: str, value: Any) -> Position | None:
    if value is None:
        return None
    token, skip = value
    limit = IDENTITY_MAX if source == "identity" else SERVICE_PAGE_MAX
    if not isinstance(token, str) or len(token) > TOKEN_MAX or (source == "identity" and token):
        raise ValueError("token")
    if type(skip) is not int or not 0 <= skip < limit:
        raise ValueError("skip")
    return Position(token, skip)


def encode_cursor(positions: Positions) -> str:
    """The opaque cursor of these positions."""
    data = {s: None if p is None else [p.token, p.skip] for s, p in positions.items()}
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _entries(reply: Any) -> list[dict[str, Any]]:
    """Every service answers in the shared shape (its ``records``), so one conversion fits all."""
    return [
        {"at": rfc3339(e.at), **{name: getattr(e, name) for name in _ACCESS_FIELDS}}
        for e in reply.records
    ]


Fetch = Callable[[str, int], Awaitable[Any]]  # (page token, page size) -> reply


async def _identity_chunks(fetch: Fetch, at: Position, limit: int) -> list[Chunk]:
    # one more than asked, so that the position stays inside what was read
    reply = await fetch("", min(at.skip + limit + 1, IDENTITY_MAX))
    return [Chunk("", at.skip, _entries(reply)[at.skip :], "")]


async def _paged_chunks(fetch: Fetch, at: Position, limit: int) -> list[Chunk]:
    reply = await fetch(at.token, min(at.skip + limit, SERVICE_PAGE_MAX))
    chunks = [Chunk(at.token, at.skip, _entries(reply)[at.skip :], reply.next_page_token)]
    if len(chunks[0].entries) < limit and reply.next_page_token:
        more = await fetch(reply.next_page_token, limit)
        chunks.append(Chunk(reply.next_page_token, 0, _entries(more), more.next_page_token))
    return chunks


def advance(chunks: list[Chunk], shown: int) -> Position | None:
    """The position after the first ``shown`` entries of these chunks."""
    for chunk in chunks:
        if shown < len(chunk.entries):
            return Position(chunk.token, chunk.skip + shown)
        shown -= len(chunk.entries)
    following = chunks[-1].following
    return Position(following) if following else None


def merge(parts: dict[str, list[dict[str, Any]]], limit: int) -> tuple[list[Any], dict[str, int]]:
    """The newest ``limit`` entries, each service's own order kept; how many of each were taken."""
    taken = dict.fromkeys(parts, 0)
    items: list[dict[str, Any]] = []
    while len(items) < limit:
        heads = [(parts[s][taken[s]]["at"] or "", s) for s in parts if taken[s] < len(parts[s])]
        if not heads:
            break
        newest = max(heads, key=lambda head: head[0])[1]  # max keeps the first of equals
        items.append(parts[newest][taken[newest]])
        taken[newest] += 1
    return items, taken


def _fetchers(request: Request, caller: Caller) -> dict[str, Fetch]:
    cl = clients(request)
    md = caller.metadata()
    budget = float(request.app.state.settings.deadline_s)

    def identity(token: str, size: int) -> Awaitable[Any]:
        message = identity_pb2.ListAccessLogRequest(limit=size)
        return cl.identity.ListAccessLog(message, metadata=md, timeout=budget)  # type: ignore[no-any-return]

    def cases(token: str, size: int) -> Awaitable[Any]:
        message = cases_pb2.ListCaseAccessLogRequest(page_size=size, page_token=token)
        return cl.cases.ListCaseAccessLog(message, metadata=md, timeout=budget)  # type: ignore[no-any-return]

    def documents(token: str, size: int) -> Awaitable[Any]:
        message = documents_pb2.ListAccessLogRequest(page_size=size, page_token=token)
        return cl.documents.ListAccessLog(message, metadata=md, timeout=budget)  # type: ignore[no-any-return]

    return {"identity": identity, "cases": cases, "documents": documents}


async def _chunks(fetch: Fetch, source: str, at: Position, limit: int) -> list[Chunk] | None:
    reader = _identity_chunks if source == "identity" else _paged_chunks
    try:
        return await reader(fetch, at, limit)
    except Exception:  # a slow or failing service degrades the page; it never fails it
        return None


@router.get(
    "/v1/me/access-log",
    operation_id="getMyAccessLog",
    summary="Who read my data: one time-ordered list from identity, cases and documents",
    response_model=AccessLog,
    responses=problems(),
)
async def access_log(
    request: Request, caller: CallerDep, limit: Limit = 50, cursor: AccessCursor = None
) -> Response:
    """Newest first, cursor-paginated; a silent service is listed in degraded and its entries
    come on a later page (identity's part reaches back 500 reads)."""
    positions = decode_cursor(cursor)
    fetchers = _fetchers(request, caller)
    live = [s for s in SOURCES if positions[s] is not None]
    read = await asyncio.gather(
        *(_chunks(fetchers[s], s, positions[s] or Position(), limit) for s in live)
    )
    got = {s: chunks for s, chunks in zip(live, read, strict=True) if chunks is not None}
    items, taken = merge({s: [e for c in got[s] for e in c.entries] for s in got}, limit)
    after = {s: advance(got[s], taken[s]) if s in got else positions[s] for s in SOURCES}
    more = any(p is not None for p in after.values())
    following = request.url.include_query_params(cursor=encode_cursor(after)) if more else None
    return ok(
        {
            "items": items,
            "degraded": [s for s in live if s not in got],
            "next": str(following) if following else None,
        }
    )
