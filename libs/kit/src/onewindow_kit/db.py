"""Engine and unit of work on SQLAlchemy 2.x; events emitted in the same transaction (outbox)."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from psycopg.conninfo import make_conninfo
from sqlalchemy import Engine, create_engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from onewindow_kit.errors import Unavailable

if TYPE_CHECKING:
    from onewindow_kit.outbox import Outbox, PendingEvent


def make_engine(
    url: str, *, pool_size: int = 10, pre_ping: bool = True, echo: bool = False
) -> Engine:
    """A pooled engine. Pre-ping (one round trip per checkout) keeps a restarted PostgreSQL from
    failing the first request; hot paths that retry on disconnect may turn it off."""
    return create_engine(
        url, pool_size=pool_size, max_overflow=20, pool_pre_ping=pre_ping, echo=echo
    )


def conninfo(database_url: str) -> str:
    """The libpq connection string of a SQLAlchemy URL, its query (sslmode, sslrootcert …)
    included, for psycopg's own pools on an event loop; built by psycopg, so any character in
    a password or path survives."""
    url = make_url(database_url)
    params = {k: v if isinstance(v, str) else v[-1] for k, v in url.query.items()}
    return make_conninfo(
        host=url.host,
        port=url.port,
        dbname=url.database,
        user=url.username,
        password=url.password,
        **params,
    )


def connection_lost(exc: BaseException) -> Unavailable | None:
    """A lost or refused database connection as ``Unavailable`` (the caller may retry: nothing
    was committed); None for any other error. The gRPC server's error translator.

    Refused counts too: while PostgreSQL is stopped or restarting, a new connection fails with
    no server error code (connection refused) or a 08xxx / 57P0x one ("the database system is
    starting up"), and those answered INTERNAL (a 502 at the gateway) instead of 503."""
    if isinstance(exc, DBAPIError) and (exc.connection_invalidated or _unreachable(exc)):
        return Unavailable(
            "database connection lost; retry (repeating with the same client key is safe)"
        )
    return None


def _unreachable(exc: DBAPIError) -> bool:
    """The database could not be reached (or is shutting down / starting up)."""
    if not isinstance(exc, OperationalError):
        return False
    state = getattr(exc.orig, "sqlstate", None)
    return state is None or str(state).startswith(("08", "57P"))


class UnitOfWork:
    """One business transaction: ``with uow: ...; uow.emit(event); uow.commit()``.

    Leaving the block without ``commit()`` rolls back, and then no emitted event exists.
    """

    def __init__(self, session_factory: sessionmaker[Session], outbox: Outbox | None = None):
        self._session_factory = session_factory
        self._outbox = outbox
        self._session: Session | None = None
        self._pending: list[PendingEvent] = []

    @property
    def session(self) -> Session:
        """The open session; only inside ``with uow``."""
        if self._session is None:
            raise RuntimeError("the unit of work is not open; use 'with uow:'")
        return self._session

    def __enter__(self) -> UnitOfWork:
        if self._session is not None:
            raise RuntimeError("the unit of work is already open")
        self._session = self._session_factory()
        self._pending = []
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.rollback()
        finally:
            assert self._session is not None
            self._session.close()
            self._session = None

    def emit(self, event: PendingEvent) -> None:
        """Queue an event; it is written to the outbox by ``commit()`` in the same transaction."""
        if self._outbox is None:
            raise RuntimeError("this unit of work has no outbox")
        self._pending.append(event)

    def commit(self) -> None:
        """Write queued events to the outbox, then commit the change and the events together."""
        if self._pending and self._outbox is not None:
            self._outbox.write(self.session, self._pending)
        self.session.commit()
        self._pending = []

    def rollback(self) -> None:
        """Discard the change and every queued event."""
        self._pending = []
        if self._session is not None:
            self._session.rollback()


def unit_of_work_factory(engine: Engine, outbox: Outbox | None = None) -> Callable[[], UnitOfWork]:
    """A factory of units of work bound to ``engine``."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    return lambda: UnitOfWork(factory, outbox)
