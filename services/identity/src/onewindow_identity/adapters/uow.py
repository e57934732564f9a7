"""The SQL unit of work: the kit's transaction + outbox, with the identity repositories."""

from __future__ import annotations

from collections.abc import Callable
from typing import Self

from sqlalchemy import func, select

from onewindow_identity.adapters import repositories as repos
from onewindow_kit.db import UnitOfWork
from onewindow_kit.outbox import PendingEvent

# First key of the two-key advisory locks taken by identity (relay uses another namespace).
LOCK_NAMESPACE = 0x1D


class SqlIdentityUnitOfWork:
    """``with uow: ...; uow.emit(...); uow.commit()`` over PostgreSQL."""

    def __init__(self, make_kit_uow: Callable[[], UnitOfWork]) -> None:
        self._make = make_kit_uow
        self._kit: UnitOfWork | None = None

    def __enter__(self) -> Self:
        self._kit = self._make()
        self._kit.__enter__()
        session = self._kit.session
        self.persons = repos.PersonRepository(session)
        self.organisations = repos.OrganisationRepository(session)
        self.staff = repos.StaffRepository(session)
        self.service_accounts = repos.ServiceAccountRepository(session)
        self.mandates = repos.MandateRepository(session)
        self.consents = repos.ConsentRepository(session)
        self.contact_changes = repos.ContactChangeRepository(session)
        self.login_clients = repos.LoginClientRepository(session)
        self.access_log = repos.AccessLogRepository(session)
        self.verifications = repos.VerificationRepository(session)
        self.idempotency = repos.IdempotencyRepository(session)
        return self

    def __exit__(self, *exc: object) -> None:
        kit, self._kit = self._kit, None
        if kit is not None:
            kit.__exit__(None, None, None)

    def lock(self, key: str) -> None:
        """A transaction-scoped advisory lock on ``key``: concurrent work on it waits."""
        assert self._kit is not None
        self._kit.session.execute(
            select(func.pg_advisory_xact_lock(LOCK_NAMESPACE, func.hashtext(key)))
        )

    def emit(self, event: PendingEvent) -> None:
        """Queue an event for the outbox."""
        assert self._kit is not None
        self._kit.emit(event)

    def commit(self) -> None:
        """Write events and commit."""
        assert self._kit is not None
        self._kit.commit()
