"""python -m onewindow_kit dlt: an operator lists what a consumer gave up on, fixes the cause and
replays it; the consumer then applies it exactly once."""

import json
import subprocess
import sys

import pytest
from google.protobuf.wrappers_pb2 import Int32Value
from kafka import KafkaProducer
from kit_support import BOOTSTRAP, effects_table
from sqlalchemy import MetaData, insert, select

from onewindow_kit import dlt
from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.outbox import PendingEvent, make_envelope
from onewindow_kit.relay import make_producer

pytestmark = pytest.mark.integration


def _drain(runner: ConsumerRunner, wanted: int) -> None:
    handled = 0
    for _ in range(40):
        handled += runner.poll_once(timeout_ms=500)
        if handled >= wanted:
            return


def test_a_dead_lettered_event_is_listed_replayed_and_applied_once(schema, topic_factory):
    name, engine = schema
    topic = topic_factory()
    event = make_envelope("kittest", PendingEvent("thing_happened", "s-1", "thing", Int32Value()))
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, acks="all")
    producer.send(topic, key=b"s-1", value=event.SerializeToString()).get(10)
    producer.close()
    effects = effects_table(MetaData(), name)
    broken = {"now": True}

    def handler(session, envelope):
        if broken["now"]:
            raise ValueError("the department system is misconfigured")
        session.execute(
            insert(effects).values(consumer="g", event_id=envelope.id, subject="s-1", seq=0)
        )

    runner = ConsumerRunner(
        name=f"{name}-group", topics=[topic], engine=engine, schema=name,
        bootstrap=BOOTSTRAP, handler=handler, max_attempts=2, backoff_s=0.01,
    )  # fmt: skip
    try:
        _drain(runner, 1)
        listed = subprocess.run(
            [sys.executable, "-m", "onewindow_kit", "dlt", "list", topic],
            capture_output=True, check=True, timeout=60,
        )  # fmt: skip
        [line] = [json.loads(row) for row in listed.stdout.decode().splitlines()]
        assert line["event_id"] == event.id and line["consumer"] == f"{name}-group"
        assert "misconfigured" in line["error"] and line["original"] == f"{topic}/0:0"

        broken["now"] = False  # the operator fixed the cause
        letters = [d for d in dlt.read(BOOTSTRAP, f"{topic}.dlt") if d.event is not None]
        sender = make_producer(BOOTSTRAP, "dlt-test")
        assert dlt.replay(letters, engine=engine, schema=name, producer=sender) == 1
        assert dlt.replay(letters, engine=engine, schema=name, producer=sender) == 1  # twice
        sender.close()
        _drain(runner, 2)
    finally:
        runner.close()
    with engine.connect() as conn:
        applied = conn.execute(select(effects.c.event_id)).scalars().all()
    assert applied == [event.id]  # replayed twice, applied once
