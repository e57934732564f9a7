"""Uploading documents and new versions: content staged, metadata + event committed, then
the content promoted. A refused or failed upload leaves no metadata, file or event."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

from onewindow.documents.v1 import events_pb2
from onewindow_documents.domain import access
from onewindow_documents.domain.model import (
    ACTIVE,
    MAX_TITLE,
    UPLOAD,
    Document,
    DocumentVersion,
    UploadKey,
    check_text,
    check_type_code,
)
from onewindow_documents.service_layer import reads, resumable
from onewindow_documents.service_layer.commands import Upload
from onewindow_documents.service_layer.content_check import check_declared, sniffed_chunks
from onewindow_documents.service_layer.ports import DocumentsUnitOfWork, Services
from onewindow_kit.errors import InvalidArgument, Validator
from onewindow_kit.logging import get_logger
from onewindow_kit.outbox import PendingEvent
from onewindow_kit.principal import Principal

log = get_logger("onewindow.documents.uploads")
CLIENT_KEY = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


class _Measured:
    """Counts and hashes the chunks flowing to the store; refuses content over the limit."""

    def __init__(self, chunks: Iterable[bytes], limit: int, declared: int = 0) -> None:
        self._chunks = chunks
        self._limit = limit
        self._declared = declared
        self.size = 0
        self.digest = hashlib.sha256()

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._chunks:
            self.size += len(chunk)
            if self.size > self._limit:
                raise InvalidArgument("content", f"is larger than the limit of {self._limit} bytes")
            if self._declared and self.size > self._declared:
                raise InvalidArgument("content", _size_mismatch(self._declared, "more"))
            self.digest.update(chunk)
            yield chunk
        if self._declared and self.size != self._declared:
            # The stream ended early: a client that gave up must not leave a partial file.
            raise InvalidArgument("content", _size_mismatch(self._declared, "fewer"))


def _size_mismatch(declared: int, more_or_fewer: str) -> str:
    return f"has {more_or_fewer} bytes than the {declared} declared in metadata.size_bytes"


def _validate(cmd: Upload, actor: Principal, max_bytes: int) -> str:
    """Field checks; returns the owner the new document gets ("" when adding a version)."""
    v = Validator()
    check_type_code(v, cmd.document_type, "metadata.document_type", required=not cmd.document_id)
    check_text(v, cmd.title, "metadata.title", MAX_TITLE)
    check_text(v, cmd.filename, "metadata.filename", 255)
    check_text(v, cmd.content_type, "metadata.content_type", 255)
    if cmd.size_bytes < 0:
        v.add("metadata.size_bytes", "must not be negative (0 = not declared)")
    if cmd.size_bytes > max_bytes:
        v.add("metadata.size_bytes", f"is larger than the limit of {max_bytes} bytes")
    resumable.check_fields(v, cmd)
    if cmd.client_key and not CLIENT_KEY.match(cmd.client_key):
        v.add("metadata.client_key", "must be 8-128 letters, digits, '.', '_', ':' or '-'")
    owner = ""
    if not cmd.document_id:
        owner = access.owner_for(actor, cmd.owner_id)
        if not owner:
            v.add("metadata.owner_id", "is required when staff or a system upload for someone")
    v.raise_if_any()
    return owner


def upload_document(
    cmd: Upload, chunks: Iterable[bytes], *, svc: Services, actor: Principal
) -> tuple[Document, DocumentVersion]:
    """Store a new document (or a new version) with its content; emits the matching event."""
    owner = _validate(cmd, actor, svc.max_upload_bytes)
    if cmd.client_key:
        with svc.uow() as uow:
            earlier = uow.upload_keys.get(actor.subject, cmd.client_key)
        if earlier is not None:
            return _replay(cmd, earlier, chunks, svc=svc)
    document_type = cmd.document_type
    if cmd.document_id:
        with svc.uow() as uow:
            document_type = _writable(uow, cmd, actor).document_type  # refused before content
    check_declared(svc.content_policy, document_type, cmd.content_type)
    if cmd.session_id:  # resumable: kept as it arrives, committed once complete
        key, received = resumable.receive(cmd, document_type, chunks, svc=svc, actor=actor)
    else:
        key, received = _stage(cmd, document_type, chunks, svc=svc)
    try:
        document, version = _commit(cmd, owner, key, received, svc=svc, actor=actor)
    except BaseException:
        svc.store.discard(key)
        raise
    svc.store.promote(key)
    log.info(
        "document_uploaded",
        document_id=document.id,
        version=version.version,
        size_bytes=version.size_bytes,
    )
    return document, version


def _stage(
    cmd: Upload, document_type: str, chunks: Iterable[bytes], *, svc: Services
) -> tuple[str, resumable.Received]:
    """Stage the whole stream under a new key; nothing stays when it is refused."""
    # The type is sniffed from the first bytes, before the store sees any of them.
    content_type, checked = sniffed_chunks(
        chunks, svc.content_policy, document_type, cmd.content_type
    )
    key = svc.new_id()
    measured = _Measured(checked, svc.max_upload_bytes, cmd.size_bytes)
    svc.store.stage(key, measured)
    if measured.size == 0:
        svc.store.discard(key)
        raise InvalidArgument("content", "is empty: send at least one non-empty chunk")
    return key, resumable.Received(measured.size, measured.digest.hexdigest(), content_type)


def _fingerprint(cmd: Upload, content_sha256: str) -> str:
    """What makes two uploads "the same request": their metadata and their content."""
    fields = [cmd.document_type, cmd.title, cmd.document_id, cmd.owner_id, cmd.content_type]
    body = json.dumps([*fields, cmd.filename, content_sha256])
    return hashlib.sha256(body.encode()).hexdigest()


def _replay(
    cmd: Upload, earlier: UploadKey, chunks: Iterable[bytes], *, svc: Services
) -> tuple[Document, DocumentVersion]:
    """A retry: the content is received (to compare it) but not stored again."""
    measured = _Measured(chunks, svc.max_upload_bytes, cmd.size_bytes)
    for _ in measured:
        pass
    if _fingerprint(cmd, measured.digest.hexdigest()) != earlier.request_hash:
        raise InvalidArgument("metadata.client_key", "was already used for a different upload")
    with svc.uow() as uow:
        document = uow.documents.get(earlier.document_id)
        version = uow.versions.get(earlier.document_id, earlier.version)
    assert document is not None and version is not None  # written in one transaction
    log.info("document_upload_replayed", document_id=document.id, version=version.version)
    return document, version


def _writable(uow: DocumentsUnitOfWork, cmd: Upload, actor: Principal) -> Document:
    found = uow.documents.get(cmd.document_id, for_update=True)
    document = access.writable(
        actor, found, within_mandate=reads.within_mandate(uow, actor, [found])
    )
    if cmd.document_type and cmd.document_type != document.document_type:
        raise InvalidArgument(
            "metadata.document_type",
            f"must be {document.document_type!r}, the type of the document (or left empty)",
        )
    return document


def _commit(
    cmd: Upload,
    owner: str,
    key: str,
    received: resumable.Received,
    *,
    svc: Services,
    actor: Principal,
) -> tuple[Document, DocumentVersion]:
    now = svc.clock()
    with svc.uow() as uow:
        if cmd.document_id:
            previous = _writable(uow, cmd, actor)  # locked until the commit: versions in order
            document = replace(
                previous,
                latest_version=previous.latest_version + 1,
                updated_at=now,
                title=cmd.title or previous.title,
            )
            uow.documents.save(document)
        else:
            document = _new_document(cmd, owner, svc.new_id(), now, actor)
            uow.documents.add(document)
        version = DocumentVersion(
            id=key,
            document_id=document.id,
            version=document.latest_version,
            size_bytes=received.size,
            sha256=received.sha256,
            content_type=received.content_type,
            filename=cmd.filename,
            content_key=key,
            uploaded_by=actor.subject,
            uploaded_by_kind=actor.kind,
            uploaded_by_department=actor.department,
            uploaded_at=now,
        )
        uow.versions.add(version)
        if cmd.client_key:
            uow.upload_keys.add(
                UploadKey(actor.subject, cmd.client_key, _fingerprint(cmd, version.sha256),
                          document.id, version.version, now)
            )  # fmt: skip
        uow.emit(_event(document, version, actor, first=not cmd.document_id))
        uow.commit()
    return document, version


def _new_document(
    cmd: Upload, owner: str, document_id: str, now: datetime, actor: Principal
) -> Document:
    return Document(
        id=document_id,
        owner_id=owner,
        document_type=cmd.document_type,
        title=cmd.title,
        kind=UPLOAD,
        certificate_type="",
        issuer_department="",
        status=ACTIVE,
        latest_version=1,
        created_at=now,
        updated_at=now,
        created_by=actor.subject,
    )


def _event(
    document: Document, version: DocumentVersion, actor: Principal, *, first: bool
) -> PendingEvent:
    fields: dict[str, Any] = {
        "document_id": document.id,
        "owner_id": document.owner_id,
        "document_type": document.document_type,
        "version": version.version,
        "size_bytes": version.size_bytes,
        "sha256": version.sha256,
        "uploaded_by": version.uploaded_by,
        "uploaded_by_kind": version.uploaded_by_kind,
        "uploaded_by_department": version.uploaded_by_department,
    }
    if first:
        return PendingEvent(
            "document_uploaded", document.id, "document", events_pb2.DocumentUploaded(**fields),
            actor=actor,
        )  # fmt: skip
    return PendingEvent(
        "document_version_added", document.id, "document",
        events_pb2.DocumentVersionAdded(**fields), actor=actor,
    )  # fmt: skip
