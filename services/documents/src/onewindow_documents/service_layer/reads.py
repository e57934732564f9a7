"""Reading documents: metadata (what cases asks), content, versions, wallet, access log.
Reads by staff and department systems are logged in the read's own transaction."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator

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
from onewindow_documents.service_layer import commands, paging, receipts
from onewindow_documents.service_layer.ports import DocumentsUnitOfWork, Services
from onewindow_kit.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Validator,
)
from onewindow_kit.principal import Principal

MAX_IDS = 100


def _purpose(purpose: str) -> str:
    v = Validator()
    check_text(v, purpose, "purpose", MAX_PURPOSE)
    v.raise_if_any()
    return purpose.strip() or DEFAULT_PURPOSE


def _consent(
    svc: Services, actor: Principal, document: Document, purpose: str, memo: dict
) -> Callable[[], bool]:
    """Asks identity (once per owner and document type in one call) only when needed."""

    def holds() -> bool:
        key = (document.owner_id, document.document_type)
        if key not in memo:
            memo[key] = svc.consents is not None and svc.consents.holds(
                actor, document.owner_id, document.document_type, purpose
            )
        return bool(memo[key])

    return holds


def within_mandate(
    uow: DocumentsUnitOfWork, actor: Principal, documents: Iterable[Document | None]
) -> set[str]:
    """Of ``documents``, the ids a representative under a scoped mandate may see (asked only
    for such a caller: everyone else is not narrowed by a mandate)."""
    scope = access.mandate_scope(actor)
    ids = [d.id for d in documents if d is not None]
    if scope is None or not ids:
        return set()
    return uow.documents.within_mandate(scope, ids)


def grants(
    uow: DocumentsUnitOfWork,
    documents: Iterable[Document],
    *,
    svc: Services,
    actor: Principal,
    purpose: str,
) -> dict[str, access.ReadGrant]:
    """The documents the caller may read, by id, with the case each read is for. ``purpose``
    is what the caller stated ("" when nothing): consents and auditors are checked against it."""
    documents = list(documents)
    links = []  # only staff and department systems read through case links
    if documents and access.is_logged_reader(actor):
        links = uow.case_links.of_documents([d.id for d in documents])
    scoped = within_mandate(uow, actor, documents)
    found: dict[str, access.ReadGrant] = {}
    memo: dict[tuple[str, str], bool] = {}
    for d in documents:
        consent = _consent(svc, actor, d, purpose, memo)
        allowed = access.grant(
            actor, d, links=links, consent=consent, purpose=purpose, within_mandate=scoped
        )
        if allowed is not None:
            found[d.id] = allowed
    return found


def readable(
    uow: DocumentsUnitOfWork,
    document: Document | None,
    *,
    svc: Services,
    actor: Principal,
    purpose: str,
) -> tuple[Document, access.ReadGrant]:
    """The document and why the caller may read it; the one NOT_FOUND otherwise."""
    allowed = grants(uow, [document] if document else [], svc=svc, actor=actor, purpose=purpose)
    if document is None or document.id not in allowed:
        raise NotFound(access.DOCUMENT_NOT_FOUND)
    return document, allowed[document.id]


def log_reads(
    uow: DocumentsUnitOfWork,
    documents: Iterable[Document],
    *,
    svc: Services,
    actor: Principal,
    action: str,
    purpose: str,
    allowed: dict[str, access.ReadGrant] | None = None,
) -> None:
    """One access-log entry per document read by staff or a department system, naming the
    case it was read for."""
    if not access.is_logged_reader(actor):
        return
    now, allowed = svc.clock(), allowed or {}
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
                case_id=allowed[document.id].case_id if document.id in allowed else "",
            )
        )


def _reads(svc: Services, actor: Principal) -> Callable[[], DocumentsUnitOfWork]:
    """The unit of work of a read: one without a transaction when it logs nothing (a citizen's
    own documents, cases asking with the citizen's token on every submission)."""
    if svc.read_uow is None or access.is_logged_reader(actor):
        return svc.uow
    return svc.read_uow


def _metadata_ids(cmd: commands.GetMetadata) -> list[str]:
    ids = list(dict.fromkeys(i.strip() for i in cmd.document_ids))
    if not ids or ids == [""]:
        raise InvalidArgument("document_ids", "name at least one document")
    if len(ids) > MAX_IDS:
        raise InvalidArgument("document_ids", f"at most {MAX_IDS} ids per call")
    return ids


async def get_metadata_async(
    cmd: commands.GetMetadata, *, svc: Services, actor: Principal
) -> tuple[list[Document], list[str]]:
    """``get_metadata`` from the event loop: a caller whose reads are not logged and who is not
    narrowed by a scoped mandate (a citizen asking, through cases, for their own documents on
    every submission) is answered by ``document_reader`` — only the owner rule applies, so no
    transaction and no worker thread; every other caller by ``get_metadata`` in a thread."""
    reader = svc.document_reader
    if reader is None or access.is_logged_reader(actor) or access.mandate_scope(actor):
        return await asyncio.to_thread(get_metadata, cmd, svc=svc, actor=actor)
    ids = _metadata_ids(cmd)
    _purpose(cmd.purpose)  # checked as on every path, though nothing is logged
    existing = await reader.get_many(ids)
    # What the caller may not read is reported missing, like an id that does not exist.
    found = {d.id: d for d in existing if access.grant(actor, d) is not None}
    return [found[i] for i in ids if i in found], [i for i in ids if i not in found]


def get_metadata(
    cmd: commands.GetMetadata, *, svc: Services, actor: Principal
) -> tuple[list[Document], list[str]]:
    """Metadata of the named documents, in request order, and the ids that do not exist."""
    ids = _metadata_ids(cmd)
    purpose = _purpose(cmd.purpose)
    with _reads(svc, actor)() as uow:
        # What the caller may not read is reported missing, like an id that does not exist.
        existing = uow.documents.get_many(ids)
        allowed = grants(uow, existing, svc=svc, actor=actor, purpose=cmd.purpose.strip())
        for d in existing:
            intake = None if d.id in allowed else access.intake_grant(actor, d, cmd.applicant_id)
            if intake is not None:
                allowed[d.id] = intake
        found = {d.id: d for d in existing if d.id in allowed}
        documents = [found[i] for i in ids if i in found]
        log_reads(
            uow, documents, svc=svc, actor=actor, action="metadata", purpose=purpose,
            allowed=allowed,
        )  # fmt: skip
        uow.commit()
    return documents, [i for i in ids if i not in found]


def _readable(
    uow: DocumentsUnitOfWork, document_id: str, *, svc: Services, actor: Principal, purpose: str
) -> tuple[Document, dict[str, access.ReadGrant]]:
    if not document_id:
        raise InvalidArgument("document_id", "is required")
    document, allowed = readable(
        uow, uow.documents.get(document_id), svc=svc, actor=actor, purpose=purpose.strip()
    )
    return document, {document.id: allowed}


def download(
    cmd: commands.Download, *, svc: Services, actor: Principal
) -> tuple[DocumentVersion, Iterator[bytes]]:
    """The requested version (latest when 0) and its content in chunks."""
    if cmd.version < 0:
        raise InvalidArgument("version", "must be a version number, or 0 for the latest")
    purpose = _purpose(cmd.purpose)
    with svc.uow() as uow:
        document, allowed = _readable(
            uow, cmd.document_id, svc=svc, actor=actor, purpose=cmd.purpose
        )
        number = cmd.version or document.latest_version
        version = uow.versions.get(document.id, number)
        if version is None and number == 1:  # a receipt whose PDF nobody has read yet
            version = receipts.rendered_version(uow, document, svc=svc)
        if version is None:
            raise NotFound(f"the document has no version {number}")
        log_reads(
            uow, [document], svc=svc, actor=actor, action="download", purpose=purpose,
            allowed=allowed,
        )  # fmt: skip
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
        document, allowed = _readable(
            uow, cmd.document_id, svc=svc, actor=actor, purpose=cmd.purpose
        )
        versions = uow.versions.of_document(document.id)
        if not versions:  # a receipt whose PDF nobody has read yet
            versions = [v for v in [receipts.rendered_version(uow, document, svc=svc)] if v]
        log_reads(
            uow, [document], svc=svc, actor=actor, action="versions", purpose=purpose,
            allowed=allowed,
        )  # fmt: skip
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
    with _reads(svc, actor)() as uow:
        # A representative under a scoped mandate: narrowed in the query, so pages stay whole.
        page = uow.documents.list_by_owner(
            owner, kind=cmd.kind, limit=size + 1, after=after, scope=access.mandate_scope(actor)
        )
        # Staff and systems see only what they may read; the page token still follows the page.
        allowed = grants(uow, page[:size], svc=svc, actor=actor, purpose=cmd.purpose.strip())
        documents = [d for d in page[:size] if d.id in allowed]
        log_reads(
            uow, documents, svc=svc, actor=actor, action="wallet", purpose=purpose,
            allowed=allowed,
        )  # fmt: skip
        uow.commit()
    token = ""
    if len(page) > size:
        token = paging.encode(page[size - 1].created_at, page[size - 1].id)
    return documents, token


def count_wallet(cmd: commands.CountWallet, *, svc: Services, actor: Principal) -> int:
    """How many documents the caller's own wallet holds (acting for someone: the mandator's, as
    ListWallet shows it to them). Citizens only; nothing is logged (it reads no one else's)."""
    if actor.kind != "person":
        raise PermissionDenied("CountWallet counts the caller's own wallet; staff use ListWallet")
    if cmd.kind not in ("", UPLOAD, CERTIFICATE, RECEIPT):
        raise InvalidArgument("kind", "must be empty, 'upload', 'certificate' or 'receipt'")
    owner = access.readable_owner(actor, "")
    with _reads(svc, actor)() as uow:
        return uow.documents.count_by_owner(owner, kind=cmd.kind, scope=access.mandate_scope(actor))


def list_access_log(
    cmd: commands.ListAccessLog, *, svc: Services, actor: Principal
) -> tuple[list[AccessLogEntry], str]:
    """Reads of the citizen's documents by staff and systems, newest first (a representative
    under a scoped mandate: the reads of the documents it lets them see)."""
    if actor.kind == "person":
        owner = access.readable_owner(actor, cmd.owner_id)
    else:
        actor.require_role("auditor")
        owner = cmd.owner_id
        if not owner:
            raise InvalidArgument("owner_id", "is required for auditors")
    size, after = paging.page_size(cmd.page_size), paging.decode(cmd.page_token)
    with svc.uow() as uow:
        page = uow.access_log.list_by_owner(
            owner, limit=size + 1, after=after, scope=access.mandate_scope(actor)
        )
    entries = page[:size]
    token = paging.encode(entries[-1].accessed_at, entries[-1].id) if len(page) > size else ""
    return entries, token
