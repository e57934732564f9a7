"""Against the real PostgreSQL: driver_rows and driver_scalar run in the session's own
transaction (they see what it wrote and not yet committed), answer rows as dicts, and a
rollback undoes what the transaction wrote before them."""

from __future__ import annotations

import uuid

from kit_support import db_url
from sqlalchemy import text
from sqlalchemy.orm import Session

from onewindow_kit.db import driver_rows, driver_scalar, make_engine


def test_driver_reads_run_in_the_sessions_transaction() -> None:
    engine = make_engine(db_url(), pool_size=1)
    table = f"driver_reads_{uuid.uuid4().hex[:8]}"
    try:
        with engine.begin() as conn:
            conn.execute(text(f"CREATE TABLE {table} (id int PRIMARY KEY, name text)"))
        with Session(engine) as session:
            session.execute(text(f"INSERT INTO {table} VALUES (1, 'one'), (2, 'two')"))
            rows = driver_rows(session, f"SELECT id, name FROM {table} WHERE id > %(above)s "
                               "ORDER BY id", {"above": 0})  # fmt: skip
            assert rows == [{"id": 1, "name": "one"}, {"id": 2, "name": "two"}]
            count = f"SELECT count(*) FROM {table} WHERE name = %(name)s"
            assert driver_scalar(session, count, {"name": "two"}) == 1
            assert driver_scalar(session, f"SELECT id FROM {table} WHERE id = 9", {}) is None
            session.rollback()
            assert driver_scalar(session, f"SELECT count(*) FROM {table}", {}) == 0
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP TABLE IF EXISTS {table}"))
        engine.dispose()
