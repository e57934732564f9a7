"""A consumer's log lines never carry the personal values of the events it works on (issue 16
§4), even when a handler's or the database's error text quotes them."""

from __future__ import annotations

import io
import json
import logging
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

from google.protobuf import any_pb2
from sqlalchemy import create_engine

from onewindow.events.v1 import envelope_pb2
from onewindow.identity.v1 import events_pb2
from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.logging import JsonFormatter

EMAIL = "wang.fang.consumer@example.org"


class _Session:
    """Enough of a SQLAlchemy session for the consumer: every event is new."""

    def execute(self, _statement: Any, params: dict[str, Any]) -> Any:
        return SimpleNamespace(scalars=lambda: list(params.get("ids", [])), first=lambda: (1,))

    @contextmanager
    def begin(self) -> Any:
        yield self


@contextmanager
def _sessions() -> Any:
    yield _Session()


class _Sent:
    def get(self, timeout: float) -> None:
        return None


def _envelope() -> envelope_pb2.EventEnvelope:
    payload = any_pb2.Any()
    payload.Pack(events_pb2.PersonRegistered(person_id="p-1", email=EMAIL, given_name="Fang"))
    return envelope_pb2.EventEnvelope(id="e-1", type="onewindow.identity.person_registered.v1",
                                      payload=payload)  # fmt: skip


def _failing(_session: Any, envelope: envelope_pb2.EventEnvelope) -> None:
    raise ValueError(f"duplicate key value violates unique constraint: (email)=({EMAIL})")


@contextmanager
def _written_lines() -> Any:
    """What the consumer's logger writes, formatted as it is written (in the work's context)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("onewindow.consumer")
    logger.addHandler(handler)
    level, logger.level = logger.level, logging.DEBUG
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_failures_of_a_batch_and_of_one_event_are_logged_without_its_personal_values():
    runner = ConsumerRunner(
        name="probe", topics=["onewindow.identity.v1"], engine=create_engine("sqlite://"),
        schema="probe", bootstrap="127.0.0.1:1", handler=_failing, max_attempts=1, backoff_s=0,
        consumer=SimpleNamespace(), dlt_producer=SimpleNamespace(send=lambda *a, **k: _Sent()),
    )  # fmt: skip
    runner._sessions = _sessions  # type: ignore[assignment]
    envelope = _envelope()
    record = SimpleNamespace(topic="onewindow.identity.v1", partition=0, offset=7, key=b"p-1",
                             value=envelope.SerializeToString())  # fmt: skip

    with _written_lines() as written:
        assert runner._apply_batch([envelope]) == "e-1"
        runner._handle(record, envelope, first_attempt=1)  # type: ignore[arg-type]

    lines = {json.loads(line)["event"]: line for line in written.getvalue().splitlines()}
    assert {"event_batch_fallback", "event_apply_failed", "event_dead_lettered"} <= set(lines)
    assert all(EMAIL not in line for line in lines.values()), lines
    assert "(email)=([redacted])" in lines["event_dead_lettered"]
