"""Documents: streamed upload, metadata, streamed download; the owner's deletion and staff's
legal hold."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any
from urllib.parse import quote

import grpc
from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import ConfigDict, Field

from onewindow.documents.v1 import documents_pb2
from onewindow_gateway.context import CallerDep
from onewindow_gateway.models import Strict
from onewindow_gateway.problems import Problem, invalid
from onewindow_gateway.routes.applications import IdemKey, PathId
from onewindow_gateway.routes.common import call, clients, dump, model, ok, problem_of, problems
from onewindow_gateway.uploads import MultipartEvents, fields_then_file, file_chunks
from onewindow_kit.logging import get_logger

router = APIRouter(tags=["documents"])
_EOF: Any = grpc.aio.EOF  # type: ignore[attr-defined]
CHUNK = 256 * 1024
UPLOAD_TIMEOUT_S = 600.0
_ABORTED = documents_pb2.UploadMetadata(title="incomplete body: refuse this upload")
log = get_logger("onewindow_gateway.documents")
_FIELDS = {"document_type": 64, "title": 200, "document_id": 128, "owner_id": 128}
UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "document_type": {"type": "string", "maxLength": 64, "example": "resident_id"},
                    "title": {"type": "string", "maxLength": 200},
                    "document_id": {
                        "type": "string",
                        "maxLength": 128,
                        "description": "add a new version to this document",
                    },
                    "owner_id": {
                        "type": "string",
                        "maxLength": 128,
                        "description": "staff: whose document it is",
                    },
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "the content; send it last",
                    },
                },
            },
            "encoding": {"file": {"contentType": "application/octet-stream"}},
        }
    },
}


def _metadata(fields: dict[str, str], part: dict[str, str]) -> documents_pb2.UploadMetadata:
    for name, limit in _FIELDS.items():
        if len(fields.get(name, "")) > limit:
            raise invalid(name, f"is longer than {limit} characters")
    unknown = sorted(set(fields) - set(_FIELDS))
    if unknown:
        raise invalid(unknown[0], "is not a field of this form")
    return documents_pb2.UploadMetadata(
        document_type=fields.get("document_type", ""),
        title=fields.get("title", ""),
        document_id=fields.get("document_id", ""),
        owner_id=fields.get("owner_id", ""),
        content_type=(part.get("content_type") or "application/octet-stream")[:128],
        filename=(part.get("filename") or "")[:255],
    )


@router.post(
    "/v1/documents",
    operation_id="uploadDocument",
    summary="Upload a document (streamed)",
    status_code=201,
    response_model=model(documents_pb2.UploadDocumentResponse),
    responses=problems(400, 403, 404, 409, 415),
    openapi_extra={"requestBody": UPLOAD_BODY},
)
async def upload(request: Request, caller: CallerDep, idempotency_key: IdemKey) -> Response:
    """Form fields first, then `file`; passed to the documents service chunk by chunk.
    Idempotent by Idempotency-Key: a retry with the same content answers the first upload."""
    events = MultipartEvents(request.stream(), request.headers.get("content-type", "")).__aiter__()
    fields, part = await fields_then_file(events)
    metadata = _metadata(fields, part)
    metadata.client_key = idempotency_key

    failed: list[Exception] = []

    async def messages() -> AsyncIterator[documents_pb2.UploadDocumentRequest]:
        yield documents_pb2.UploadDocumentRequest(metadata=metadata)
        try:
            async for chunk in file_chunks(events, CHUNK):
                yield documents_pb2.UploadDocumentRequest(chunk=chunk)
        except Exception as exc:  # truncated body or the client went away
            # Not a cancel (a cancelled stream can look complete to the server): a second
            # metadata message, which the contract forbids, makes the service refuse the upload.
            failed.append(exc)
            yield documents_pb2.UploadDocumentRequest(metadata=_ABORTED)

    try:
        reply = await clients(request).documents.UploadDocument(
            messages(), metadata=caller.metadata(), timeout=UPLOAD_TIMEOUT_S
        )
    except grpc.aio.AioRpcError as exc:
        if failed and isinstance(failed[0], Problem):
            raise failed[0] from None
        if failed:
            raise Problem(400, "the request body ended before the upload was complete") from None
        raise problem_of(exc, request) from None
    if failed:  # the service must never accept an incomplete upload; say so if it did
        log.error("incomplete_upload_accepted", document_id=reply.document.id)
        raise Problem(502, "the documents service accepted an incomplete upload")
    return ok(dump(reply), status=201, headers={"Location": f"/v1/documents/{reply.document.id}"})


@router.get(
    "/v1/documents/{document_id}",
    operation_id="getDocument",
    summary="A document's metadata",
    response_model=model(documents_pb2.DocumentMetadata),
    responses=problems(403, 404),
)
async def get_document(
    request: Request,
    caller: CallerDep,
    document_id: PathId,
    purpose: Annotated[str, Query(max_length=500)] = "",
) -> Response:
    """Another person's document answers exactly like a missing one."""
    message = documents_pb2.GetDocumentsMetadataRequest(document_ids=[document_id], purpose=purpose)
    reply = await call(
        clients(request).documents.GetDocumentsMetadata, message, caller.metadata(), request
    )
    if not reply.documents:
        raise Problem(404, "no such document")
    return ok(dump(reply.documents[0]))


@router.get(
    "/v1/documents/{document_id}/content",
    operation_id="downloadDocument",
    summary="A document's content (streamed; ETag = SHA-256)",
    responses={
        200: {
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
            "description": "the content",
        },
        304: {"description": "not modified"},
        **problems(403, 404),
    },
)
async def download(
    request: Request,
    caller: CallerDep,
    document_id: PathId,
    version: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    purpose: Annotated[str, Query(max_length=500)] = "",
    if_none_match: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """Content-Type and Content-Disposition from the version; the body streamed chunk by chunk."""
    message = documents_pb2.DownloadDocumentRequest(
        document_id=document_id, version=version, purpose=purpose
    )
    stream = clients(request).documents.DownloadDocument(
        message, metadata=caller.metadata(), timeout=UPLOAD_TIMEOUT_S
    )
    try:
        first = await stream.read()
    except grpc.aio.AioRpcError as exc:
        raise problem_of(exc, request) from None
    if first is _EOF or not first.HasField("version"):
        stream.cancel()
        raise Problem(502, "the documents service sent no version header")
    meta = first.version
    tag = f'"{meta.sha256}"'
    name = meta.filename or f"{document_id}-v{meta.version}"
    headers = {
        "ETag": tag,
        "Content-Length": str(meta.size_bytes),
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name, safe='')}",
        "Cache-Control": "private, no-store",
    }
    if if_none_match and tag in [t.strip() for t in if_none_match.split(",")]:
        stream.cancel()
        return Response(status_code=304, headers={"ETag": tag})

    async def body() -> AsyncIterator[bytes]:
        try:
            while True:
                part = await stream.read()
                if part is _EOF:
                    return
                yield part.chunk
        finally:
            stream.cancel()

    return StreamingResponse(
        body(), media_type=meta.content_type or "application/octet-stream", headers=headers
    )


@router.delete(
    "/v1/documents/{document_id}",
    operation_id="deleteDocument",
    summary="The owner deletes an upload no case uses (a tombstone and the access log stay)",
    response_model=model(documents_pb2.DeleteDocumentResponse),
    responses=problems(404, 409),
)
async def delete_document(request: Request, caller: CallerDep, document_id: PathId) -> Response:
    """Another person's document: 404 like a missing one; a certificate, a receipt, a document
    a case uses or one on legal hold: 409."""
    message = documents_pb2.DeleteDocumentRequest(document_id=document_id)
    reply = await call(
        clients(request).documents.DeleteDocument, message, caller.metadata(), request
    )
    return ok(dump(reply))


class LegalHoldBody(Strict):
    """Set (held) or clear a legal hold, with the reason."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"held": True, "reason": "court order 7/2026"}]},
    )
    held: bool
    reason: str = Field(min_length=1, max_length=200)


@router.put(
    "/v1/documents/{document_id}/legal-hold",
    operation_id="setLegalHold",
    summary="Staff set or clear a legal hold: a held document outlives its retention period",
    response_model=model(documents_pb2.SetLegalHoldResponse),
    responses=problems(404),
)
async def set_legal_hold(
    request: Request, caller: CallerDep, document_id: PathId, body: LegalHoldBody
) -> Response:
    """Supervisors, auditors and dept_admins of a department whose case uses the document (or
    that issued it); anyone else gets 404 like a missing document."""
    message = documents_pb2.SetLegalHoldRequest(
        document_id=document_id, held=body.held, reason=body.reason
    )
    reply = await call(clients(request).documents.SetLegalHold, message, caller.metadata(), request)
    return ok(dump(reply))
