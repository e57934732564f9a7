"""Pooled connections are pinged on checkout only after an idle spell: a busy process pays no
round trip per transaction, and a connection that died while idle is replaced before use. SQLite
files stand in for the database here (the same pool and events); the integration test cuts a
real PostgreSQL backend."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from onewindow_kit.db import make_engine


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _engine(tmp_path: Path, clock: Clock, pings: list[int], pool_size: int = 1):
    from onewindow_kit import db

    url = f"sqlite:///{tmp_path / 'idle.db'}"
    engine = make_engine(url, pool_size=pool_size, ping_after_idle_s=None)
    db.ping_when_idle(engine, 2.0, clock)
    real = engine.dialect.do_ping

    def counted(dbapi_connection):
        pings.append(1)
        return real(dbapi_connection)

    engine.dialect.do_ping = counted  # type: ignore[method-assign]
    return engine


def _select_one(engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT 1")).scalar_one())


def test_a_busy_connection_is_not_pinged_an_idle_one_is(tmp_path: Path) -> None:
    clock, pings = Clock(), []
    engine = _engine(tmp_path, clock, pings)

    assert _select_one(engine) == 1  # fresh: no ping
    clock.now += 0.5
    assert _select_one(engine) == 1  # back in the pool for half a second: no ping
    assert pings == []

    clock.now += 2.0
    assert _select_one(engine) == 1
    assert pings == [1]
    engine.dispose()


def test_a_connection_that_died_while_idle_is_replaced_before_use(tmp_path: Path) -> None:
    clock, pings = Clock(), []
    engine = _engine(tmp_path, clock, pings)
    with engine.connect() as conn:
        first = conn.connection.dbapi_connection
    first.close()  # the database went away while the connection sat in the pool
    clock.now += 5.0

    assert _select_one(engine) == 1  # no error reaches the caller
    with engine.connect() as conn:
        assert conn.connection.dbapi_connection is not first
    assert pings == [1]
    engine.dispose()


def test_calls_a_second_apart_keep_one_connection_warm_and_unpinged(tmp_path: Path) -> None:
    """The pool gives back the connection returned last: after a burst opened three, calls a
    second apart reuse one of them (a queue would hand out each in turn, idle three seconds
    and pinged every time)."""
    clock, pings = Clock(), []
    engine = _engine(tmp_path, clock, pings, pool_size=3)
    burst = [engine.connect() for _ in range(3)]
    for conn in burst:
        conn.exec_driver_sql("SELECT 1")
        conn.close()
    used = set()
    for _ in range(6):
        clock.now += 1.0
        with engine.connect() as conn:
            used.add(id(conn.connection.dbapi_connection))
            conn.exec_driver_sql("SELECT 1")

    assert pings == []
    assert len(used) == 1
    engine.dispose()


def test_the_default_engine_pings_only_after_idle_spells(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'default.db'}")
    assert engine.pool._pre_ping is False  # no round trip on every checkout
    assert engine.pool.dispatch.checkout and engine.pool.dispatch.checkin
    engine.dispose()
