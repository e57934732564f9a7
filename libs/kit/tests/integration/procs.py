"""Relay and consumer processes for the crash tests: they really die (os._exit) at a chosen point.

Usage: python procs.py relay SCHEMA [--crash-after-ack]
       python procs.py consume SCHEMA TOPIC GROUP EXPECTED [--crash-before-offset-commit]
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import MetaData, create_engine, insert

sys.path.insert(0, str(Path(__file__).parent))
from kit_support import BOOTSTRAP, db_url, effects_table

from onewindow.events.v1 import envelope_pb2
from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.relay import OutboxRelay


def crash(*_args) -> None:
    """Die like SIGKILL would: no cleanup, no commit, no flush."""
    os._exit(137)


def relay(schema: str, crash_after_ack: bool) -> None:
    engine = create_engine(db_url())
    worker = OutboxRelay(
        engine=engine,
        schema=schema,
        bootstrap=BOOTSTRAP,
        after_ack=crash if crash_after_ack else None,
    )
    while worker.relay_once():
        pass
    worker.close()


def consume(schema: str, topic: str, group: str, expected: int, crash_early: bool) -> None:
    engine = create_engine(db_url())
    effects = effects_table(MetaData(), schema)

    def handler(session, envelope: envelope_pb2.EventEnvelope) -> None:
        session.execute(
            insert(effects).values(
                consumer=group, event_id=envelope.id, subject=envelope.subject, seq=0
            )
        )

    runner = ConsumerRunner(
        name=group,
        topics=[topic],
        engine=engine,
        schema=schema,
        bootstrap=BOOTSTRAP,
        handler=handler,
        before_offset_commit=crash if crash_early else None,
        # The killed member never says goodbye: a short session lets the group move on soon.
        consumer_config={"session_timeout_ms": 6000, "heartbeat_interval_ms": 1000},
    )
    deadline = time.monotonic() + 30
    seen = 0
    while seen < expected and time.monotonic() < deadline:
        seen += runner.poll_once(timeout_ms=500)
    # Stay a moment so no rebalance races the final commit.
    threading.Event().wait(0.2)
    runner.close()


if __name__ == "__main__":
    if sys.argv[1] == "relay":
        relay(sys.argv[2], "--crash-after-ack" in sys.argv)
    else:
        consume(
            sys.argv[2],
            sys.argv[3],
            sys.argv[4],
            int(sys.argv[5]),
            "--crash-before-offset-commit" in sys.argv,
        )
