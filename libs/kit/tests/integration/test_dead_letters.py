"""Poison messages go to the dead-letter topic after bounded attempts; consumption continues."""

import pytest
from google.protobuf.wrappers_pb2 import Int32Value
from kafka import KafkaProducer
from kit_support import BOOTSTRAP, effects_table, read_topic
from sqlalchemy import MetaData, insert, select

from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.logging import correlation_id, reset_correlation_id, set_correlation_id
from onewindow_kit.outbox import PendingEvent, make_envelope

pytestmark = pytest.mark.integration


def envelope_bytes(subject: str, seq: int) -> tuple[str, bytes]:
    token = set_correlation_id(f"corr-{subject}-{seq}")
    env = make_envelope(
        "kittest", PendingEvent("thing_happened", subject, "thing", Int32Value(value=seq))
    )
    reset_correlation_id(token)
    return env.id, env.SerializeToString()


def test_undecodable_and_always_failing_events_are_dead_lettered(schema, topic_factory):
    name, engine = schema
    topic = topic_factory()
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, acks="all")
    producer.send(topic, key=b"x", value=b"\x00\xffnot protobuf at all").get(10)
    bad_id, bad = envelope_bytes("always-fails", 1)
    producer.send(topic, key=b"always-fails", value=bad).get(10)
    good = [envelope_bytes("fine", i) for i in range(3)]
    for _, value in good:
        producer.send(topic, key=b"fine", value=value).get(10)
    producer.close()

    effects = effects_table(MetaData(), name)
    attempts = []
    seen_correlation = []

    def handler(session, envelope):
        if envelope.subject == "always-fails":
            attempts.append(envelope.id)
            raise ValueError("this department system rejects the event")
        seen_correlation.append(correlation_id())
        session.execute(
            insert(effects).values(
                consumer="dlt", event_id=envelope.id, subject=envelope.subject, seq=0
            )
        )

    runner = ConsumerRunner(
        name="dlt-group",
        topics=[topic],
        engine=engine,
        schema=name,
        bootstrap=BOOTSTRAP,
        handler=handler,
        max_attempts=3,
        backoff_s=0.01,
    )
    handled = 0
    for _ in range(30):
        handled += runner.poll_once(timeout_ms=500)
        if handled >= 5:
            break
    runner.close()

    assert attempts == [bad_id] * 3
    # The producer's correlation id is the consumer's while it applies the event.
    assert seen_correlation == ["corr-fine-0", "corr-fine-1", "corr-fine-2"]
    with engine.connect() as conn:
        applied = conn.execute(select(effects.c.event_id)).scalars().all()
    assert sorted(applied) == sorted(i for i, _ in good)

    dead = read_topic(f"{topic}.dlt", expected=2)
    assert len(dead) == 2
    headers = [dict(r.headers) for r in dead]
    assert headers[0][b"dlt.attempts".decode()] == b"1"
    assert b"UndecodableEvent" in headers[0]["dlt.error"]
    assert headers[1]["dlt.attempts"] == b"3"
    assert b"rejects the event" in headers[1]["dlt.error"]
    assert [h["dlt.original.offset"] for h in headers] == [b"0", b"1"]
    assert {h["dlt.original.topic"] for h in headers} == {topic.encode()}
    assert dead[1].value == bad  # the original bytes, for replay
