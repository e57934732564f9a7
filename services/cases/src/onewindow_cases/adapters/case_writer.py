"""The submission writer (the ``CaseWriter`` port): new cases and bundles, written from the event
loop on a small pool of autocommit psycopg connections (psycopg_pool).

A case is the one statement of ``submit_sql`` (client key, case, first history line and the
case_submitted outbox row as data-modifying CTEs: all four rows or none). Submissions that
arrive while a write is under way are filed together: one transaction, their statements
pipelined, one round trip and one commit (group commit). A batch that fails on anything but a
lost database is filed again row by row, so one bad row fails only its own caller. A bundle is
its own transaction. Case and bundle numbers come from PostgreSQL sequences (one per department
and year), taken in blocks. Outbox rows are the kit's (``Outbox.row``)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool

from onewindow_cases.adapters import submit_sql as sql
from onewindow_cases.adapters.tables import SCHEMA, bundles, case_history, cases
from onewindow_cases.domain.case import Case
from onewindow_cases.domain.numbers import sequence_name
from onewindow_kit.db import conninfo
from onewindow_kit.errors import Unavailable
from onewindow_kit.outbox import ROW_COLUMNS, Outbox, PendingEvent


def create_sequence_sql(name: str) -> str:
    """Creates a number sequence (run outside a transaction; losing a race to another process
    that creates it at the same moment is fine)."""
    return f'CREATE SEQUENCE IF NOT EXISTS "{SCHEMA}"."{name}"'


def take_block_sql(name: str, block: int) -> str:
    """The next ``block`` numbers of a sequence."""
    return f'SELECT nextval(\'"{SCHEMA}"."{name}"\') FROM generate_series(1, {int(block)})'


class PostgresCaseWriter:
    """Files new cases and bundles from the event loop."""

    def __init__(
        self, database_url: str, outbox: Outbox, *, connections: int = 4,
        block: int = 20, timeout_s: float = 5.0, batch_max: int = 32,
    ) -> None:  # fmt: skip
        self._outbox = outbox
        self._block = block
        self._batch_max = batch_max
        self._waiting: list[tuple[dict[str, Any], asyncio.Future[bool]]] = []
        self._writing = False
        self._sql = sql.case_statement()
        self._pool = AsyncConnectionPool(
            conninfo(database_url), min_size=1, max_size=connections, open=False,
            kwargs={"autocommit": True}, name="cases-submit", timeout=timeout_s,
        )  # fmt: skip
        self._opened = False
        self._free: dict[str, list[int]] = {}
        self._known: set[str] = set()
        self._lock = asyncio.Lock()  # one block fetch at a time
        self._open_lock = asyncio.Lock()

    async def _open(self) -> None:
        if not self._opened:
            async with self._open_lock:
                if not self._opened:
                    await self._pool.open()
                    self._opened = True

    async def next_number(self, department: str, year: int) -> int:
        """The next case number of ``department`` in ``year`` (a block per process: numbers
        are unique; a rolled-back submission or a restart leaves gaps, never duplicates)."""
        return await self._take(sequence_name(department, year))

    async def next_bundle_number(self, year: int) -> int:
        """The next bundle number of ``year``."""
        return await self._take(f"bundle_no_{year}")

    async def _take(self, name: str) -> int:
        free = self._free.setdefault(name, [])
        if not free:
            async with self._lock:
                if not free:
                    free.extend(sorted(await self._take_block(name), reverse=True))
        return free.pop()

    async def _take_block(self, name: str) -> list[int]:
        async with self._connection() as conn:
            if name not in self._known:
                # Created at the same moment by another process: fine.
                with contextlib.suppress(psycopg.errors.UniqueViolation):
                    await conn.execute(create_sequence_sql(name))
                self._known.add(name)
            cur = await conn.execute(take_block_sql(name, self._block))
            return [int(row[0]) for row in await cur.fetchall()]

    async def file_case(self, case: Case, key: dict[str, str], event: PendingEvent) -> bool:
        """True when the case was filed; False when the client key was used before (then
        nothing was written)."""
        params = sql.case_params(case, key, self._outbox.row(event))
        filed: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.append((params, filed))
        if not self._writing:
            self._writing = True
            asyncio.get_running_loop().create_task(self._write_waiting())
        inserted = await filed
        case.new_history.clear()
        return inserted

    async def file_bundle(
        self, bundle: dict[str, Any], parts: list[Case], key: dict[str, str],
        events: Sequence[PendingEvent],
    ) -> bool:  # fmt: skip
        """The bundle, its parts, their first history lines and ``events`` in one transaction;
        False (nothing written) when the client key was used before."""
        claim = {
            **key,
            "kind": "bundle",
            "target_id": bundle["id"],
            "created_at": bundle["created_at"],
        }
        async with self._connection() as conn, conn.transaction() as tx:
            cur = await conn.execute(sql.claim_key_statement(), claim)
            if await cur.fetchone() is None:
                raise psycopg.Rollback(tx)
            await conn.execute(
                sql.insert_statement(bundles, sql.BUNDLE_COLUMNS), sql.bundle_rows(bundle)
            )
            async with conn.cursor() as many:
                await many.executemany(
                    sql.insert_statement(cases, sql.CASE_COLUMNS), sql.case_rows(parts)
                )
                await many.executemany(
                    sql.insert_statement(case_history, sql.HISTORY_COLUMNS),
                    sql.history_rows(parts),
                )
                await many.executemany(
                    sql.insert_statement(self._outbox.table, ROW_COLUMNS),
                    [self._outbox.row(e) for e in events],
                )
            for p in parts:
                p.new_history.clear()
            return True
        return False

    def queued(self) -> int:
        """Submissions waiting for the next write (a gauge of the group commit)."""
        return len(self._waiting)

    async def _write_waiting(self) -> None:
        """Write what waits, a batch at a time, until nothing does."""
        try:
            while self._waiting:
                batch = self._waiting[: self._batch_max]
                del self._waiting[: len(batch)]
                await self._settle(batch)
        finally:
            self._writing = False

    async def _settle(self, batch: list[tuple[dict[str, Any], asyncio.Future[bool]]]) -> None:
        try:
            results = await self._write([params for params, _ in batch])
        except Unavailable as exc:
            for _, filed in batch:
                _fail(filed, exc)
            return
        except Exception as exc:  # e.g. a constraint: each row on its own decides who failed
            if len(batch) == 1:
                _fail(batch[0][1], exc)
                return
            for row in batch:
                await self._settle([row])
            return
        for (_, filed), inserted in zip(batch, results, strict=True):
            if not filed.done():
                filed.set_result(inserted)

    async def _write(self, rows: list[dict[str, Any]]) -> list[bool]:
        """One transaction, the statements pipelined: whether each row was filed."""
        async with self._connection() as conn:
            cursors = []
            async with conn.pipeline(), conn.transaction():  # BEGIN … COMMIT, one round trip
                for params in rows:
                    cursor = conn.cursor()
                    await cursor.execute(self._sql, params, prepare=True)
                    cursors.append(cursor)
            return [await cursor.fetchone() is not None for cursor in cursors]

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[psycopg.AsyncConnection]:
        """A pooled connection; a lost database becomes UNAVAILABLE (nothing was written)."""
        await self._open()
        try:
            async with self._pool.connection() as conn:
                yield conn
        except psycopg.OperationalError as exc:  # includes the pool's timeout
            raise Unavailable(
                "the cases database cannot be reached; nothing was filed, try again "
                "(repeating with the same client key is safe)"
            ) from exc

    async def close(self) -> None:
        """Close the pool."""
        if self._opened:
            await self._pool.close()


def _fail(filed: asyncio.Future[bool], exc: BaseException) -> None:
    if not filed.done():
        filed.set_exception(exc)
