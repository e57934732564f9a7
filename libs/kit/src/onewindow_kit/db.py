"""Engine and unit of work on SQLAlchemy 2.x; events emitted in the same transaction (outbox)."""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

from psycopg.conninfo import make_conninfo
from psycopg.rows import dict_row
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import DBAPIError, InvalidatePoolError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from onewindow_kit.errors import Unavailable

if TYPE_CHECKING:
    import psycopg

    from onewindow_kit.outbox import Outbox, PendingEvent


PING_AFTER_IDLE_S = 2.0
_IDLE_SINCE = "onewindow_idle_since"  # when the connection last went back to the pool


def make_engine(
    url: str, *, pool_size: int = 10, ping_after_idle_s: float | None = PING_AFTER_IDLE_S,
    echo: bool = False,
) -> Engine:  # fmt: skip
    """A pooled engine whose connections are pinged on checkout only when they sat idle in the
    pool ``ping_after_idle_s`` or longer (None: never). A restarted PostgreSQL then fails no
    request that comes after a pause, while a busy process, which takes its connections back
    within milliseconds, pays no round trip per transaction (SQLAlchemy's pre-ping pays one on
    every checkout); what fails on a connection cut mid-load answers UNAVAILABLE
    (``connection_lost``) or is retried by the worker, and the pool renews. The pool hands out
    the connection returned last (LIFO): at a few calls a second one connection stays warm and
    unpinged, where a queue would cycle through all of them, each idle long enough to be
    pinged, and PostgreSQL keeps fewer backends busy."""
    engine = create_engine(url, pool_size=pool_size, max_overflow=20, pool_use_lifo=True, echo=echo)
    if ping_after_idle_s is not None:
        ping_when_idle(engine, ping_after_idle_s)
    return engine


def ping_when_idle(
    engine: Engine, idle_s: float, clock: Callable[[], float] = time.monotonic
) -> None:
    """Ping a pooled connection on checkout when it was checked in ``idle_s`` ago or longer. A
    dead one is replaced before anyone uses it, and the pool's other connections, as old or
    older, are renewed at their next checkout (SQLAlchemy retries a checkout on
    ``InvalidatePoolError``). A fresh connection is not pinged: SQLAlchemy clears a record's
    ``info`` when it connects anew, so no idle time is known for it."""

    @event.listens_for(engine, "checkin")
    def _checked_in(dbapi_connection: Any, record: Any) -> None:
        if dbapi_connection is not None:  # None: invalidated on the way back
            record.info[_IDLE_SINCE] = clock()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        since = record.info.get(_IDLE_SINCE)
        if since is None or clock() - since < idle_s:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)  # True, or the driver's error
        except Exception as exc:  # a closed or cut connection
            raise InvalidatePoolError(f"idle connection failed its ping: {exc}") from exc


def driver_rows(session: Session, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Run ``sql`` (psycopg's %(name)s placeholders) on the session's connection, in its
    transaction, straight through the driver: rows as dicts. For the hottest reads, whose
    statements are fixed per shape: building a SQLAlchemy statement and processing its rows
    cost more than running the query (about 1 ms of CPU against 0.3 ms for a one-index read),
    and psycopg prepares a statement server-side after a few uses per connection."""
    with _driver(session).cursor(row_factory=dict_row) as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def driver_scalar(session: Session, sql: str, params: dict[str, Any]) -> Any:
    """``driver_rows`` for a query of one row and one column (a count): its value."""
    with _driver(session).cursor() as cur:
        cur.execute(sql, params)
        row = cur.fetchone()
        return row[0] if row else None


def _driver(session: Session) -> psycopg.Connection[Any]:
    """The psycopg connection under the session's (its transaction begun)."""
    return cast("psycopg.Connection[Any]", session.connection().connection.dbapi_connection)


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
