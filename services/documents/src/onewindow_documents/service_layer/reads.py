"""Reading documents: metadata (what cases asks), content, versions, wallet, access log.
Reads by staff and department systems are logged in the read's own transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from onewindow_documents.domain import access
from onewindow_documents.domain.model import (
    CERTIFICATE,
    DEFAULT_PURPOSE,
    MAX_PURPOSE,
    RECEIPT,
    UPLOAD,
    AccessLogEntry,
    Document,
    DocumentVersion,
    check_text,
)
from onewindow_documents.service_layer import commands, paging
from onewindow_documents.service_layer.ports import DocumentsUnitOfWork, Services
from onewindow_kit.errors import FailedPrecondition, InvalidArgument, NotFound, Validator
from onewindow_kit.principal import Principal

MAX_IDS = 100


def _purpose(purpose: str) -> str:
    v = Validator()
    check_text(v, purpose, "purpose", MAX_PURPOSE)
    v.raise_if_any()
    return purpose.strip() or DEFAULT_PURPOSE


def log_reads(
    uow: DocumentsUnitOfWork,
    documents: Iterable[Document],
    *,
    svc: Services,
    actor: Principal,
    action: str,
    purpose: str,
) -> None:
    """One access-log entry per document read by staff or a department system."""
    if not access.is_logged_reader(actor):
        return
    now = svc.clock()
    for document in documents:
        uow.access_log.add(
            AccessLogEntry(
                id=svc.new_id(),
                document_id=document.id,
                owner_id=document.owner_id,
                accessor_subject=actor.subject,
                accessor_kind=actor.kind,
                accessor_username=actor.username or actor.client_id,
                department=actor.department,
                office=actor.office,
                action=action,
                purpose=purpose,
                accessed_at=now,
            )
        )


def get_metadata(
    cmd: commands.GetMetadata, *, svc: Services, actor: Principal
) -> tuple[list[Document], list[str]]:
    """Metadata of the named documents, in request order, and the ids that do not exist."""
    ids = list(dict.fromkeys(i.strip() for i in cmd.document_ids))
    if not ids or ids == [""]:
        raise InvalidArgument("document_ids", "name at least one document")
    if len(ids) > MAX_IDS:
        raise InvalidArgument("document_ids", f"at most {MAX_IDS} ids per call")
    purpose = _purpose(cmd.purpose)
    with svc.uow() as uow:
        # What the caller may not read is reported missing, like an id that does not exist.
        found = {d.id: d for d in uow.documents.get_many(ids) if access.may_read(actor, d)}
        documents = [found[i] for i in ids if i in found]
        log_reads(uow, documents, svc=svc, actor=actor, action="metadata", purpose=purpose)
        uow.commit()
    return documents, [i for i in ids if i not in found]


def _readable(uow: DocumentsUnitOfWork, document_id: str, actor: Principal) -> Document:
    if not document_id:
        raise InvalidArgument("document_id", "is required")
    return access.readable(actor, uow.documents.get(document_id))


def download(
    cmd: commands.Download, *, svc: Services, actor: Principal
) -> tuple[DocumentVersion, Iterator[bytes]]:
    """The requested version (latest when 0) and its content in chunks."""
    if cmd.version < 0:
        raise InvalidArgument("version", "must be a version number, or 0 for the latest")
    purpose = _purpose(cmd.purpose)
    with svc.uow() as uow:
        document = _readable(uow, cmd.document_id, actor)
        number = cmd.version or document.latest_version
        version = uow.versions.get(document.id, number)
        if version is None:
            raise NotFound(f"the document has no version {number}")
        log_reads(uow, [document], svc=svc, actor=actor, action="download", purpose=purpose)
        uow.commit()
    if not svc.store.exists(version.content_key):
        raise FailedPrecondition(f"the content of version {number} is not available")
    return version, svc.store.read(version.content_key, svc.chunk_size)


def list_versions(
    cmd: commands.ListVersions, *, svc: Services, actor: Principal
) -> list[DocumentVersion]:
    """Every version of a document, oldest first."""
    purpose = _purpose(cmd.purpose)
    with svc.uow() as uow:
        document = _readable(uow, cmd.document_id, actor)
        versions = uow.versions.of_document(document.id)
        log_reads(uow, [document], svc=svc, actor=actor, action="versions", purpose=purpose)
        uow.commit()
    return versions


def _wallet_owner(actor: Principal, requested_owner: str) -> str:
    if actor.kind == "person":
        return access.readable_owner(actor, requested_owner)
    return access.owner_for(actor, requested_owner)


def list_wallet(
    cmd: commands.ListWallet, *, svc: Services, actor: Principal
) -> tuple[list[Document], str]:
    """A citizen's documents and certificates, newest first, and the next page's token."""
    v = Validator()
    if cmd.kind not in ("", UPLOAD, CERTIFICATE, RECEIPT):
        v.add("kind", "must be empty, 'upload', 'certificate' or 'receipt'")
    owner = _wallet_owner(actor, cmd.owner_id)
    if not owner:
        v.add("owner_id", "is required for staff and department systems")
    v.raise_if_any()
    size, after, purpose = paging.page_size(cmd.page_size), paging.decode(cmd.page_token), ""
    if access.is_logged_reader(actor):
        purpose = _purpose(cmd.purpose)
    with svc.uow() as uow:
        page = uow.documents.list_by_owner(owner, kind=cmd.kind, limit=size + 1, after=after)
        documents = page[:size]
        log_reads(uow, documents, svc=svc, actor=actor, action="wallet", purpose=purpose)
        uow.commit()
    token = ""
    if len(page) > size:
        token = paging.encode(documents[-1].created_at, documents[-1].id)
    return documents, token


def list_access_log(
    cmd: commands.ListAccessLog, *, svc: Services, actor: Principal
) -> tuple[list[AccessLogEntry], str]:
    """Reads of the citizen's documents by staff and systems, newest first."""
    if actor.kind == "person":
        owner = access.readable_owner(actor, cmd.owner_id)
    else:
        actor.require_role("auditor")
        owner = cmd.owner_id
        if not owner:
            raise InvalidArgument("owner_id", "is required for auditors")
    size, after = paging.page_size(cmd.page_size), paging.decode(cmd.page_token)
    with svc.uow() as uow:
        page = uow.access_log.list_by_owner(owner, limit=size + 1, after=after)
    entries = page[:size]
    token = paging.encode(entries[-1].accessed_at, entries[-1].id) if len(page) > size else ""
    return entries, token
