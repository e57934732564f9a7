"""Document metadata read from the event loop (the ``DocumentReader`` port): one plain SELECT
on a small pool of autocommit psycopg connections, rows straight into ``Document`` — no worker
thread, no ORM session. It serves the reads that write nothing: a citizen's own documents, which
cases asks for with the citizen's token on every submission."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields

import psycopg
from psycopg_pool import AsyncConnectionPool
from sqlalchemy import Uuid

from onewindow_documents.adapters.orm import SCHEMA, DocumentRow
from onewindow_documents.adapters.repositories import is_uuid
from onewindow_documents.domain.model import Document
from onewindow_kit.db import conninfo
from onewindow_kit.errors import Unavailable

_FIELDS = tuple(f.name for f in fields(Document))
_UUIDS = {c.name for c in DocumentRow.__table__.columns if isinstance(c.type, Uuid)}
assert set(_FIELDS) <= set(DocumentRow.__table__.columns.keys()), "Document fields are columns"
_SELECT = (
    "SELECT "
    + ", ".join(f"{n}::text" if n in _UUIDS else n for n in _FIELDS)
    + f' FROM "{SCHEMA}".documents WHERE id = ANY(%s::uuid[])'
)


class PostgresDocumentReader:
    """Documents by id, read on the event loop."""

    def __init__(self, database_url: str, *, connections: int = 4, timeout_s: float = 5.0):
        self._pool = AsyncConnectionPool(
            conninfo(database_url), min_size=1, max_size=connections, open=False,
            kwargs={"autocommit": True}, name="documents-metadata", timeout=timeout_s,
        )  # fmt: skip
        self._opened = False

    async def get_many(self, document_ids: Sequence[str]) -> list[Document]:
        """Those of ``document_ids`` that exist; UNAVAILABLE when the database cannot answer."""
        ids = [i for i in document_ids if is_uuid(i)]
        if not ids:
            return []
        if not self._opened:  # on the serving loop, at its first call
            self._opened = True
            await self._pool.open()
        try:
            async with self._pool.connection() as conn:
                cursor = await conn.execute(_SELECT, (ids,), prepare=True)
                rows = await cursor.fetchall()
        except psycopg.OperationalError as exc:  # includes the pool's timeout
            raise Unavailable("the documents database cannot be reached; try again") from exc
        return [Document(*row) for row in rows]

    async def close(self) -> None:
        """Close the pool."""
        if self._opened:
            await self._pool.close()
