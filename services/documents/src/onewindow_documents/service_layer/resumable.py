"""Resumable uploads: the bytes of an upload session are kept in the store's staging area as
they arrive, also when the stream breaks off; the client asks for the acknowledged offset and
sends the rest. The SHA-256 of the staged prefix is computed again on resume (one read of the
staged bytes: simple, and correct whichever server process received the first part)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from onewindow_documents.service_layer.commands import Upload
from onewindow_documents.service_layer.content_check import SNIFF_BYTES, sniffed_chunks
from onewindow_documents.service_layer.ports import Services, StagedConflict
from onewindow_kit.errors import InvalidArgument, Validator
from onewindow_kit.principal import Principal

SESSIONS = uuid.UUID("0b6f3c52-58a4-4a8e-9d0b-6a1d3f7c2e41")  # namespace of session keys
READ_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Received:
    """Complete content of an upload: its size, digest and sniffed type."""

    size: int
    sha256: str
    content_type: str


@dataclass(frozen=True)
class SessionState:
    offset: int  # bytes the server holds
    complete: bool  # committed as a version


def check_fields(v: Validator, cmd: Upload) -> None:
    """Field checks of the session fields (added to the upload's other violations)."""
    if not cmd.session_id:
        if cmd.offset:
            v.add("metadata.offset", "is only meaningful with metadata.session_id")
        return
    if not _is_uuid(cmd.session_id):
        v.add("metadata.session_id", "must be a UUID the client made for this upload")
    if cmd.size_bytes <= 0:
        v.add("metadata.size_bytes", "is required with metadata.session_id")
    if not 0 <= cmd.offset <= max(cmd.size_bytes, 0):
        v.add("metadata.offset", "must lie between 0 and metadata.size_bytes")


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def session_key(actor: Principal, session_id: str) -> str:
    """The content key of a session: per uploader, so nobody reaches another's session."""
    return str(uuid.uuid5(SESSIONS, f"{actor.subject}\n{session_id.lower()}"))


def session_state(session_id: str, *, svc: Services, actor: Principal) -> SessionState:
    """Where to resume; unknown, expired and other uploaders' sessions answer offset 0."""
    if not _is_uuid(session_id):
        raise InvalidArgument("session_id", "must be the UUID named in the upload's metadata")
    key = session_key(actor, session_id)
    staged = svc.store.staged_size(key)
    return SessionState(staged, staged == 0 and svc.store.exists(key))


def receive(
    cmd: Upload, document_type: str, chunks: Iterable[bytes], *, svc: Services, actor: Principal
) -> tuple[str, Received]:
    """Append this stream to the session; (content key, the whole content) once complete.

    InvalidArgument on content when the stream ended short of metadata.size_bytes: what
    arrived is kept and the client resumes from GetUploadSession's offset.
    """
    key = session_key(actor, cmd.session_id)
    staged = svc.store.staged_size(key)
    if staged == 0 and svc.store.exists(key):
        raise InvalidArgument("metadata.session_id", "was completed already: start a new session")
    if cmd.offset != staged:
        raise InvalidArgument("metadata.offset", _resume_from(staged))
    digest = hashlib.sha256()
    if staged == 0:
        content_type, chunks = sniffed_chunks(
            chunks, svc.content_policy, document_type, cmd.content_type
        )
    else:  # the type was checked when the head arrived: check it again against this request
        head = svc.store.read_staged(key, SNIFF_BYTES)
        content_type, _ = sniffed_chunks(head, svc.content_policy, document_type, cmd.content_type)
        for piece in svc.store.read_staged(key, READ_CHUNK):
            digest.update(piece)
    try:
        size = svc.store.append(key, staged, _Counted(chunks, digest, cmd.size_bytes - staged))
    except StagedConflict as e:
        raise InvalidArgument("metadata.offset", _resume_from(e.staged, e.busy)) from None
    if size < cmd.size_bytes:
        raise InvalidArgument(
            "content",
            f"has {size} of the {cmd.size_bytes} bytes declared in metadata.size_bytes; "
            f"they are kept: resume from offset {size}",
        )
    sha = digest.hexdigest()
    svc.store.seal(key, sha)
    return key, Received(size, sha, content_type)


def _resume_from(staged: int, busy: bool = False) -> str:
    if busy:
        return f"another stream is uploading this session (at {staged} bytes); retry later"
    return f"must be {staged}, the bytes the server holds for this session"


class _Counted:
    """Hashes the chunks on their way to the store; refuses bytes beyond the declared size
    before they are written."""

    def __init__(self, chunks: Iterable[bytes], digest: Any, room: int) -> None:
        self._chunks, self._digest, self._room = chunks, digest, room

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._chunks:
            if len(chunk) > self._room:
                raise InvalidArgument(
                    "content", "has more bytes than declared in metadata.size_bytes"
                )
            self._room -= len(chunk)
            self._digest.update(chunk)
            yield chunk
