"""SQL units of work: the kit's transaction + outbox with the documents repositories, and one
bound to a consumer's session (the ConsumerRunner owns that transaction)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Self

from sqlalchemy.orm import Session

from onewindow_documents.adapters import repositories as repos
from onewindow_documents.adapters.mandate_sql import CaseServiceTypeRepository
from onewindow_kit.db import UnitOfWork
from onewindow_kit.outbox import Outbox, PendingEvent


class _Repositories:
    def _bind(self, session: Session) -> None:
        self.documents = repos.DocumentRepository(session)
        self.versions = repos.VersionRepository(session)
        self.certificates = repos.CertificateRepository(session)
        self.access_log = repos.AccessLogRepository(session)
        self.upload_keys = repos.UploadKeyRepository(session)
        self.case_links = repos.CaseLinkRepository(session)
        self.tombstones = repos.TombstoneRepository(session)
        self.case_service_types = CaseServiceTypeRepository(session)


class SqlDocumentsUnitOfWork(_Repositories):
    """``with uow: ...; uow.emit(...); uow.commit()`` over PostgreSQL."""

    def __init__(self, make_kit_uow: Callable[[], UnitOfWork]) -> None:
        self._make = make_kit_uow
        self._kit: UnitOfWork | None = None

    def __enter__(self) -> Self:
        self._kit = self._make()
        self._kit.__enter__()
        self._bind(self._kit.session)
        return self

    def __exit__(self, *exc: object) -> None:
        kit, self._kit = self._kit, None
        if kit is not None:
            kit.__exit__(None, None, None)

    def emit(self, event: PendingEvent) -> None:
        """Queue an event for the outbox."""
        assert self._kit is not None
        self._kit.emit(event)

    def commit(self) -> None:
        """Write events and commit."""
        assert self._kit is not None
        self._kit.commit()


class SessionUnitOfWork(_Repositories):
    """Works inside a transaction someone else commits (the consumer's: effect + dedupe row)."""

    def __init__(self, session: Session, outbox: Outbox) -> None:
        self._session = session
        self._outbox = outbox
        self._pending: list[PendingEvent] = []

    def __enter__(self) -> Self:
        self._bind(self._session)
        self._pending = []
        return self

    def __exit__(self, *exc: object) -> None:
        self._pending = []

    def emit(self, event: PendingEvent) -> None:
        """Queue an event for the outbox."""
        self._pending.append(event)

    def commit(self) -> None:
        """Write the outbox rows and flush; the owner of the session commits."""
        if self._pending:
            self._outbox.write(self._session, self._pending)
        self._session.flush()
        self._pending = []
