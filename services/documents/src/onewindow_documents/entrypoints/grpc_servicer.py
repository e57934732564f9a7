"""The Documents gRPC servicer: protobuf → command → handler → protobuf, nothing else.

Authentication, error mapping and logging come from the kit's server interceptor.
"""

from __future__ import annotations

from collections.abc import Iterator

import grpc

from onewindow.documents.v1 import documents_pb2 as pb
from onewindow.documents.v1 import documents_pb2_grpc
from onewindow_documents.entrypoints import convert
from onewindow_documents.service_layer import (
    commands,
    holds,
    reads,
    resumable,
    uploads,
    verification,
)
from onewindow_documents.service_layer.ports import Services
from onewindow_kit.errors import Aborted, InvalidArgument
from onewindow_kit.principal import current_principal
from onewindow_kit.proto_time import ts

Ctx = grpc.ServicerContext
AioCtx = grpc.aio.ServicerContext
PURPOSE_HEADER = "x-purpose"


def _purpose(request_purpose: str, context: Ctx | AioCtx) -> str:
    """The request's purpose field, else the x-purpose metadata ("" → the default)."""
    if request_purpose:
        return request_purpose
    for key, value in context.invocation_metadata() or ():
        if key == PURPOSE_HEADER and isinstance(value, str):
            return value
    return ""


def _upload_command(first: pb.UploadDocumentRequest | None) -> commands.Upload:
    if first is None or first.WhichOneof("part") != "metadata":
        raise InvalidArgument("metadata", "the first message must carry the upload metadata")
    m = first.metadata
    return commands.Upload(
        document_type=m.document_type.strip(),
        title=m.title.strip(),
        document_id=m.document_id.strip(),
        owner_id=m.owner_id.strip(),
        content_type=m.content_type.strip(),
        filename=m.filename.strip(),
        client_key=m.client_key.strip(),
        size_bytes=m.size_bytes,
        session_id=m.session_id.strip(),
        offset=m.offset,
    )


def _chunks(requests: Iterator[pb.UploadDocumentRequest], context: Ctx) -> Iterator[bytes]:
    """The content chunks; a stream the client cancelled never counts as complete.

    A cancelled call may end the request iterator normally, with what arrived before the cancel
    (the asyncio server does so for sync handlers, and its context for them cannot tell a cancel
    apart). So the contract's answer is the declared size (UploadMetadata.size_bytes, checked by
    the handler); where the context does know (grpc.server's is_active), it is asked as well.
    """
    for message in requests:
        if message.WhichOneof("part") == "metadata":
            raise InvalidArgument("metadata", "only the first message may carry metadata")
        yield message.chunk
    is_active = getattr(context, "is_active", None)
    if is_active is not None and not is_active():
        raise UploadCancelled()


class UploadCancelled(Aborted):
    """The client cancelled (or lost) the upload call: nothing may be stored."""

    def __init__(self) -> None:
        super().__init__("the upload was cancelled by the client; nothing was stored")


class DocumentsServicer(documents_pb2_grpc.DocumentsServicer):
    """onewindow.documents.v1.Documents."""

    def __init__(self, svc: Services) -> None:
        self.svc = svc

    async def GetDocumentsMetadata(
        self, request: pb.GetDocumentsMetadataRequest, context: AioCtx
    ) -> pb.GetDocumentsMetadataResponse:
        # On the event loop: cases asks this on every submission (see get_metadata_async).
        cmd = commands.GetMetadata(
            tuple(request.document_ids),
            _purpose(request.purpose, context),
            request.applicant_id.strip(),
        )
        documents, missing = await reads.get_metadata_async(
            cmd, svc=self.svc, actor=current_principal()
        )
        return pb.GetDocumentsMetadataResponse(
            documents=[convert.document(d) for d in documents], missing_ids=missing
        )

    def UploadDocument(
        self, request_iterator: Iterator[pb.UploadDocumentRequest], context: Ctx
    ) -> pb.UploadDocumentResponse:
        cmd = _upload_command(next(request_iterator, None))
        document, version = uploads.upload_document(
            cmd, _chunks(request_iterator, context), svc=self.svc, actor=current_principal()
        )
        return pb.UploadDocumentResponse(
            document=convert.document(document), version=convert.version(version)
        )

    def GetUploadSession(
        self, request: pb.GetUploadSessionRequest, context: Ctx
    ) -> pb.GetUploadSessionResponse:
        state = resumable.session_state(
            request.session_id.strip(), svc=self.svc, actor=current_principal()
        )
        return pb.GetUploadSessionResponse(
            session_id=request.session_id.strip(), offset=state.offset, complete=state.complete
        )

    def DownloadDocument(
        self, request: pb.DownloadDocumentRequest, context: Ctx
    ) -> Iterator[pb.DownloadDocumentResponse]:
        cmd = commands.Download(
            request.document_id.strip(), request.version, _purpose(request.purpose, context)
        )
        version, chunks = reads.download(cmd, svc=self.svc, actor=current_principal())
        yield pb.DownloadDocumentResponse(version=convert.version(version))
        for chunk in chunks:
            yield pb.DownloadDocumentResponse(chunk=chunk)

    def ListVersions(
        self, request: pb.ListVersionsRequest, context: Ctx
    ) -> pb.ListVersionsResponse:
        cmd = commands.ListVersions(request.document_id.strip(), _purpose(request.purpose, context))
        versions = reads.list_versions(cmd, svc=self.svc, actor=current_principal())
        return pb.ListVersionsResponse(versions=[convert.version(v) for v in versions])

    def ListWallet(self, request: pb.ListWalletRequest, context: Ctx) -> pb.ListWalletResponse:
        cmd = commands.ListWallet(
            owner_id=request.owner_id.strip(),
            page_size=request.page_size,
            page_token=request.page_token,
            kind=request.kind,
            purpose=_purpose(request.purpose, context),
        )
        documents, token = reads.list_wallet(cmd, svc=self.svc, actor=current_principal())
        return pb.ListWalletResponse(
            documents=[convert.document(d) for d in documents], next_page_token=token
        )

    def CountWallet(self, request: pb.CountWalletRequest, context: Ctx) -> pb.CountWalletResponse:
        cmd = commands.CountWallet(kind=request.kind)
        return pb.CountWalletResponse(
            count=reads.count_wallet(cmd, svc=self.svc, actor=current_principal())
        )

    def VerifyCertificate(
        self, request: pb.VerifyCertificateRequest, context: Ctx
    ) -> pb.VerifyCertificateResponse:
        cmd = commands.VerifyCertificate(
            document_id=request.document_id.strip(),
            signed_certificate=request.signed_certificate,
            certificate_json=request.certificate_json,
            signature=request.signature.strip(),
        )
        # The gateway may check a certificate file for anyone, never read one by document id.
        actor = current_principal(allow_gateway=not cmd.document_id)
        verdict = verification.verify_certificate(cmd, svc=self.svc, actor=actor)
        return convert.verification(verdict)

    def GetSigningKeys(
        self, request: pb.GetSigningKeysRequest, context: Ctx
    ) -> pb.GetSigningKeysResponse:
        current_principal(allow_gateway=True)  # public keys: any authenticated caller
        return convert.signing_keys(self.svc.signer.public_keys())

    def ListAccessLog(
        self, request: pb.ListAccessLogRequest, context: Ctx
    ) -> pb.ListAccessLogResponse:
        cmd = commands.ListAccessLog(
            request.owner_id.strip(), request.page_size, request.page_token
        )
        entries, token = reads.list_access_log(cmd, svc=self.svc, actor=current_principal())
        return pb.ListAccessLogResponse(
            entries=[convert.access_entry(e) for e in entries],
            next_page_token=token,
            records=[convert.access_record(e) for e in entries],
        )

    def DeleteDocument(
        self, request: pb.DeleteDocumentRequest, context: Ctx
    ) -> pb.DeleteDocumentResponse:
        cmd = commands.DeleteDocument(request.document_id.strip())
        removed_at = holds.delete_document(cmd, svc=self.svc, actor=current_principal())
        return pb.DeleteDocumentResponse(document_id=cmd.document_id, removed_at=ts(removed_at))

    def SetLegalHold(
        self, request: pb.SetLegalHoldRequest, context: Ctx
    ) -> pb.SetLegalHoldResponse:
        cmd = commands.SetLegalHold(request.document_id.strip(), request.held, request.reason)
        d, changed_at = holds.set_legal_hold(cmd, svc=self.svc, actor=current_principal())
        return pb.SetLegalHoldResponse(
            document_id=d.id,
            held=bool(d.legal_hold_reason),
            reason=d.legal_hold_reason or cmd.reason.strip(),
            changed_at=ts(changed_at),
        )
