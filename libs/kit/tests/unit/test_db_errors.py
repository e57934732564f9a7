"""A database that cannot be reached answers UNAVAILABLE (503 at the gateway, retried by clients
with the same key), never INTERNAL: the errors are real ones, from psycopg against a closed port."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from onewindow_kit.db import connection_lost
from onewindow_kit.errors import Unavailable


def _closed_port() -> int:
    with socket.socket() as sock:  # bound and closed again: nothing listens there now
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_refused_connection_is_unavailable() -> None:
    engine = create_engine(f"postgresql+psycopg://u:p@127.0.0.1:{_closed_port()}/x")
    with pytest.raises(DBAPIError) as refused, engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    engine.dispose()

    assert isinstance(connection_lost(refused.value), Unavailable)


def test_other_database_errors_are_not_translated() -> None:
    duplicate = IntegrityError("INSERT …", {}, Exception("duplicate key value"))
    assert connection_lost(duplicate) is None
    assert connection_lost(ValueError("not a database error")) is None
