"""Repositories over the ``documents`` tables; rows map to frozen domain objects by field name."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert

from onewindow_documents.adapters import mandate_sql, orm
from onewindow_documents.domain.access import MandateScope
from onewindow_documents.domain.model import (
    AccessLogEntry,
    CaseLink,
    Certificate,
    Document,
    DocumentVersion,
    Tombstone,
    UploadKey,
)
from onewindow_documents.service_layer.ports import Cursor
from onewindow_kit.db import driver_scalar
from onewindow_kit.repository import DataclassRepository, to_domain

_DOCUMENTS = f'"{orm.DocumentRow.__table__.schema}"."{orm.DocumentRow.__tablename__}"'
_OWNER_COUNT = f"SELECT count(*) FROM {_DOCUMENTS} WHERE owner_id = %(owner)s"
_OWNER_COUNT_OF_KIND = f"{_OWNER_COUNT} AND kind = %(kind)s"

D = TypeVar("D")


def is_uuid(value: str) -> bool:
    """Ids are UUIDs; anything else cannot name a row (and must not reach a uuid column)."""
    try:
        uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return False
    return True


class _Repository(DataclassRepository[D]):
    def _all(self, statement: Any) -> list[D]:
        return self._rows(statement)

    def add_many(self, objects: Sequence[D]) -> None:
        """Insert many with one statement (a consumer's batch): no ORM unit of work per row."""
        if objects:
            self.session.execute(insert(self.row), [_values(o) for o in objects])


def _values(obj: Any) -> dict[str, Any]:
    """A domain object's fields as column values (tuples stored as arrays)."""
    out = {f.name: getattr(obj, f.name) for f in fields(obj)}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()}


class DocumentRepository(_Repository[Document]):
    row, domain = orm.DocumentRow, Document

    def get(self, document_id: str, *, for_update: bool = False) -> Document | None:
        """By id; ``for_update`` locks the row until the transaction ends."""
        if not is_uuid(document_id):
            return None
        statement = select(orm.DocumentRow).where(orm.DocumentRow.id == document_id)
        if for_update:
            statement = statement.with_for_update()
        found = self._all(statement)
        return found[0] if found else None

    def get_many(self, document_ids: Sequence[str]) -> list[Document]:
        """Those of ``document_ids`` that exist."""
        ids = [i for i in document_ids if is_uuid(i)]
        if not ids:
            return []
        return self._all(select(orm.DocumentRow).where(orm.DocumentRow.id.in_(ids)))

    def list_by_owner(
        self,
        owner_id: str,
        *,
        kind: str,
        limit: int,
        after: Cursor | None,
        scope: MandateScope | None = None,
    ) -> list[Document]:
        """Newest first, after the cursor; under a scoped mandate only what it lets through."""
        t = orm.DocumentRow
        statement = select(t).where(t.owner_id == owner_id)
        if scope is not None:
            statement = statement.where(mandate_sql.visible_under(scope))
        if kind:
            statement = statement.where(t.kind == kind)
        if after is not None:
            statement = statement.where(
                or_(t.created_at < after[0], and_(t.created_at == after[0], t.id < after[1]))
            )
        return self._all(statement.order_by(t.created_at.desc(), t.id.desc()).limit(limit))

    def count_by_owner(self, owner_id: str, *, kind: str, scope: MandateScope | None = None) -> int:
        """How many ``list_by_owner`` would page through: one count over ix_documents_owner."""
        if scope is None:  # a citizen's own dashboard: straight to the driver
            sql = _OWNER_COUNT_OF_KIND if kind else _OWNER_COUNT
            return int(driver_scalar(self.session, sql, {"owner": owner_id, "kind": kind}))
        t = orm.DocumentRow
        statement = select(func.count()).select_from(t).where(t.owner_id == owner_id)
        if scope is not None:
            statement = statement.where(mandate_sql.visible_under(scope))
        if kind:
            statement = statement.where(t.kind == kind)
        return int(self.session.execute(statement).scalar_one())

    def within_mandate(self, scope: MandateScope, document_ids: Sequence[str]) -> set[str]:
        """Those of ``document_ids`` the scoped mandate lets the representative see."""
        ids = [i for i in document_ids if is_uuid(i)]
        if not ids:
            return set()
        t = orm.DocumentRow
        statement = select(t.id).where(t.id.in_(ids), mandate_sql.visible_under(scope))
        return {str(i) for i in self.session.scalars(statement)}

    def unheld_changed_before(
        self, cutoff: datetime, *, after: Cursor | None, limit: int
    ) -> list[Document]:
        """Documents without a legal hold last changed before ``cutoff``, oldest first."""
        t = orm.DocumentRow
        statement = select(t).where(t.legal_hold_reason == "", t.updated_at < cutoff)
        if after is not None:
            statement = statement.where(
                or_(t.updated_at > after[0], and_(t.updated_at == after[0], t.id > after[1]))
            )
        return self._all(statement.order_by(t.updated_at, t.id).limit(limit))

    def remove(self, document_id: str) -> None:
        """Delete the document with its versions, certificate and upload keys (the access
        log and case links stay)."""
        for row in (orm.UploadKeyRow, orm.CertificateRow, orm.VersionRow):
            self.session.execute(delete(row).where(row.document_id == document_id))
        self.session.execute(delete(orm.DocumentRow).where(orm.DocumentRow.id == document_id))
        self.session.flush()


class TombstoneRepository(_Repository[Tombstone]):
    row, domain = orm.TombstoneRow, Tombstone

    def get(self, document_id: str) -> Tombstone | None:
        """The tombstone of a removed document."""
        if not is_uuid(document_id):
            return None
        row = self.session.get(orm.TombstoneRow, document_id)
        return None if row is None else to_domain(row, Tombstone)

    def content_pending(self, limit: int) -> list[Tombstone]:
        """Tombstones whose stored content is still to be removed, oldest first."""
        t = orm.TombstoneRow
        statement = select(t).where(t.content_removed_at.is_(None))
        return self._all(statement.order_by(t.removed_at, t.document_id).limit(limit))

    def content_removed(self, document_id: str, at: datetime) -> None:
        """Record that the content is gone."""
        t = orm.TombstoneRow
        self.session.execute(
            update(t).where(t.document_id == document_id).values(content_removed_at=at)
        )


class VersionRepository(_Repository[DocumentVersion]):
    row, domain = orm.VersionRow, DocumentVersion

    def of_document(self, document_id: str) -> list[DocumentVersion]:
        """Oldest first."""
        t = orm.VersionRow
        return self._all(select(t).where(t.document_id == document_id).order_by(t.version))

    def page_after(self, after: tuple[str, int] | None, limit: int) -> list[DocumentVersion]:
        """Every version in (document id, version) order, after the cursor (for the scrub)."""
        t = orm.VersionRow
        statement = select(t)
        if after is not None:
            statement = statement.where(
                or_(
                    t.document_id > after[0],
                    and_(t.document_id == after[0], t.version > after[1]),
                )
            )
        return self._all(statement.order_by(t.document_id, t.version).limit(limit))

    def digest_in_use(self, sha256: str) -> bool:
        """True when a version names content with this digest."""
        t = orm.VersionRow
        return bool(self._all(select(t).where(t.sha256 == sha256).limit(1)))

    def get(self, document_id: str, version: int) -> DocumentVersion | None:
        """One version of a document."""
        if not is_uuid(document_id):
            return None
        t = orm.VersionRow
        found = self._all(select(t).where(t.document_id == document_id, t.version == version))
        return found[0] if found else None


class CertificateRepository(_Repository[Certificate]):
    row, domain = orm.CertificateRow, Certificate

    def get(self, document_id: str) -> Certificate | None:
        """By the certificate's document id."""
        if not is_uuid(document_id):
            return None
        row = self.session.get(orm.CertificateRow, document_id)
        return None if row is None else to_domain(row, Certificate)

    def find(self, case_id: str, certificate_type: str) -> Certificate | None:
        """The certificate of ``certificate_type`` issued for a case."""
        t = orm.CertificateRow
        found = self._all(
            select(t).where(t.case_id == case_id, t.certificate_type == certificate_type)
        )
        return found[0] if found else None

    def cases_with(self, certificate_type: str, case_ids: Iterable[str]) -> set[str]:
        """Those of ``case_ids`` that have a certificate of ``certificate_type``."""
        ids = list(dict.fromkeys(case_ids))
        if not ids:
            return set()
        t = orm.CertificateRow
        statement = select(t.case_id).where(t.certificate_type == certificate_type)
        return set(self.session.scalars(statement.where(t.case_id.in_(ids))))

    def of_case(self, case_id: str) -> list[Certificate]:
        """Every certificate (and receipt) issued for a case."""
        t = orm.CertificateRow
        return self._all(select(t).where(t.case_id == case_id).order_by(t.document_id))


class AccessLogRepository(_Repository[AccessLogEntry]):
    row, domain = orm.AccessLogRow, AccessLogEntry

    def list_by_owner(
        self,
        owner_id: str,
        *,
        limit: int,
        after: Cursor | None,
        scope: MandateScope | None = None,
    ) -> list[AccessLogEntry]:
        """Newest first, after the cursor; under a scoped mandate only the reads of documents
        it lets the representative see."""
        t = orm.AccessLogRow
        statement = select(t).where(t.owner_id == owner_id)
        if scope is not None:
            statement = statement.where(mandate_sql.visible_ids(owner_id, scope))
        if after is not None:
            statement = statement.where(
                or_(t.accessed_at < after[0], and_(t.accessed_at == after[0], t.id < after[1]))
            )
        return self._all(statement.order_by(t.accessed_at.desc(), t.id.desc()).limit(limit))


class CaseLinkRepository(_Repository[CaseLink]):
    row, domain = orm.CaseLinkRow, CaseLink

    def add(self, link: CaseLink) -> None:
        """Record the link once (a redelivered event adds nothing)."""
        values = {f: getattr(link, f) for f in ("document_id", "case_id", "department")}
        statement = insert(orm.CaseLinkRow).values(**values, linked_at=link.linked_at)
        self.session.execute(statement.on_conflict_do_nothing())

    def add_many(self, links: Sequence[CaseLink]) -> None:
        """Record many links with one statement; those already known are kept as they are."""
        if links:
            statement = insert(orm.CaseLinkRow).on_conflict_do_nothing()
            self.session.execute(statement, [_values(link) for link in links])

    def of_documents(self, document_ids: Sequence[str]) -> list[CaseLink]:
        """Every case link of these documents, newest first."""
        if not document_ids:
            return []
        t = orm.CaseLinkRow
        statement = select(t).where(t.document_id.in_(list(document_ids)))
        return self._all(statement.order_by(t.linked_at.desc(), t.case_id))


class UploadKeyRepository(_Repository[UploadKey]):
    row, domain = orm.UploadKeyRow, UploadKey

    def get(self, subject: str, client_key: str) -> UploadKey | None:
        """The record of an uploader's key, if it was used."""
        found = self._all(
            select(orm.UploadKeyRow).where(
                orm.UploadKeyRow.subject == subject, orm.UploadKeyRow.client_key == client_key
            )
        )
        return found[0] if found else None
