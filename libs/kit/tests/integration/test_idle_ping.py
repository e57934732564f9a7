"""Against the real PostgreSQL: a pooled connection whose backend was cut while it sat idle (as a
database restart cuts every one) is replaced on checkout, and the caller sees no error; under
load (no idle spell) no ping is sent."""

from __future__ import annotations

from kit_support import db_url
from sqlalchemy import create_engine, text

from onewindow_kit.db import make_engine, ping_when_idle


class Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_connection_cut_while_idle_is_replaced_and_the_caller_sees_no_error() -> None:
    clock, pings = Clock(), []
    engine = make_engine(db_url(), pool_size=1, ping_after_idle_s=None)
    ping_when_idle(engine, 2.0, clock)
    real = engine.dialect.do_ping
    engine.dialect.do_ping = lambda c: pings.append(1) or real(c)  # type: ignore[method-assign]
    admin = create_engine(db_url())
    try:
        with engine.connect() as conn:
            cut = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        clock.now += 0.1
        with engine.connect() as conn:  # busy: the same backend, no ping
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() == cut
        assert pings == []

        with admin.begin() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": cut}).scalar_one()
        clock.now += 3.0
        with engine.connect() as conn:
            now = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        assert now != cut
        assert pings == [1]
    finally:
        engine.dispose()
        admin.dispose()
