"""The documents port (``ports.DocumentsPort``): who owns a document and of what type it is,
asked of the documents service (onewindow.documents.v1.Documents/GetDocumentsMetadata). Its fake
is ``memory.InMemoryDocuments``; a fake documents *service* is in ``testing``."""

from __future__ import annotations

from collections.abc import Sequence

import grpc

from onewindow.documents.v1 import documents_pb2, documents_pb2_grpc
from onewindow_cases.domain.documents import DocumentInfo
from onewindow_kit.calls import forwarded_metadata
from onewindow_kit.errors import DomainError, PermissionDenied, Unavailable
from onewindow_kit.grpc_tls import open_aio_channel


def from_proto(d: documents_pb2.DocumentMetadata) -> DocumentInfo:
    return DocumentInfo(
        id=d.id,
        owner_id=d.owner_id,
        document_type=d.document_type,
        certificate_type=d.certificate_type,
        issuer_department=d.issuer_department,
        status=d.status or "active",
    )


def documents_refusal(code: grpc.StatusCode | None, target: str) -> DomainError:
    """What a failed call to the documents service means for the caller."""
    if code == grpc.StatusCode.PERMISSION_DENIED:
        return PermissionDenied("the documents service refused to show these documents")
    return Unavailable(
        f"the documents service cannot be reached at {target} ({code}); "
        "nothing was changed, try again"
    )


class GrpcDocuments:
    """The documents service over a grpc.aio channel (opened on first use, in the loop that
    serves); the caller's token is forwarded."""

    def __init__(self, target: str, *, timeout_s: float = 3.0) -> None:
        self._target = target
        self._timeout = timeout_s
        self._stub: documents_pb2_grpc.DocumentsStub | None = None

    async def metadata(
        self, document_ids: Sequence[str], applicant_id: str = ""
    ) -> dict[str, DocumentInfo]:
        """Ask the documents service, naming whom the case is for (so a clerk at a counter
        sees that person's own documents); UNAVAILABLE (nothing changed) when it cannot answer."""
        if not document_ids:
            return {}
        if self._stub is None:
            self._stub = documents_pb2_grpc.DocumentsStub(open_aio_channel(self._target))
        request = documents_pb2.GetDocumentsMetadataRequest(
            document_ids=list(document_ids), applicant_id=applicant_id
        )
        try:
            reply = await self._stub.GetDocumentsMetadata(
                request, timeout=self._timeout, metadata=forwarded_metadata()
            )
        except grpc.aio.AioRpcError as exc:
            raise documents_refusal(exc.code(), self._target) from exc
        return {d.id: from_proto(d) for d in reply.documents}
