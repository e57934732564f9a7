"""Outbox → relay → Kafka against the real PostgreSQL and broker."""

import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from google.protobuf.wrappers_pb2 import Int32Value
from kit_support import BOOTSTRAP, effects_table, envelope_ids, read_topic
from sqlalchemy import MetaData, func, insert, select

from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.db import unit_of_work_factory
from onewindow_kit.outbox import Outbox, PendingEvent, outbox_table
from onewindow_kit.relay import OutboxRelay

pytestmark = pytest.mark.integration
PROCS = Path(__file__).parent / "procs.py"


def emit(engine, schema, topic, events: list[tuple[str, int]]) -> list[str]:
    """Commit one transaction per (subject, seq); returns the event ids."""
    uow_factory = unit_of_work_factory(engine, Outbox(source="kittest", schema=schema, topic=topic))
    ids = []
    for subject, seq in events:
        event = PendingEvent("thing_happened", subject, "thing", Int32Value(value=seq))
        with uow_factory() as uow:
            uow.emit(event)
            uow.commit()
        ids.append(event.event_id)
    return ids


def unpublished(engine, schema) -> int:
    table = outbox_table(MetaData(), schema)
    with engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(table).where(table.c.published_at.is_(None))
        ).scalar_one()


def drain(relay: OutboxRelay) -> int:
    total = 0
    while n := relay.relay_once():
        total += n
    return total


def test_event_of_a_rolled_back_transaction_is_never_published(schema, topic_factory):
    name, engine = schema
    topic = topic_factory()
    uow_factory = unit_of_work_factory(engine, Outbox(source="kittest", schema=name, topic=topic))
    lost = PendingEvent("thing_happened", "agg-1", "thing", Int32Value(value=1))
    with pytest.raises(RuntimeError), uow_factory() as uow:
        uow.emit(lost)
        raise RuntimeError("the business change failed")
    kept_id = emit(engine, name, topic, [("agg-1", 2)])[0]

    relay = OutboxRelay(engine=engine, schema=name, bootstrap=BOOTSTRAP)
    assert drain(relay) == 1
    relay.close()
    assert envelope_ids(read_topic(topic, expected=2, timeout_ms=4000)) == [kept_id]


def test_relay_killed_after_ack_republishes_and_consumer_applies_once(schema, topic_factory):
    name, engine = schema
    topic = topic_factory(partitions=3)
    ids = emit(engine, name, topic, [(f"agg-{i % 4}", i) for i in range(20)])

    crashed = subprocess.run([sys.executable, str(PROCS), "relay", name, "--crash-after-ack"])
    assert crashed.returncode == 137
    assert unpublished(engine, name) == 20  # acknowledged by Kafka, but never marked
    assert sorted(envelope_ids(read_topic(topic, expected=20))) == sorted(ids)

    subprocess.run([sys.executable, str(PROCS), "relay", name], check=True)
    assert unpublished(engine, name) == 0
    on_kafka = envelope_ids(read_topic(topic, expected=40))
    assert len(on_kafka) == 40 and set(on_kafka) == set(ids)  # at least once: twice here

    subprocess.run([sys.executable, str(PROCS), "consume", name, topic, "g1", "40"], check=True)
    effects = effects_table(MetaData(), name)
    with engine.connect() as conn:
        applied = conn.execute(select(effects.c.event_id)).scalars().all()
    assert sorted(applied) == sorted(ids)  # exactly once each


def test_consumer_killed_before_offset_commit_has_no_second_effect(schema, topic_factory):
    name, engine = schema
    topic = topic_factory(partitions=2)
    ids = emit(engine, name, topic, [(f"agg-{i}", i) for i in range(10)])
    relay = OutboxRelay(engine=engine, schema=name, bootstrap=BOOTSTRAP)
    drain(relay)
    relay.close()
    effects = effects_table(MetaData(), name)

    crashed = subprocess.run(
        [
            sys.executable,
            str(PROCS),
            "consume",
            name,
            topic,
            "g2",
            "10",
            "--crash-before-offset-commit",
        ]
    )
    assert crashed.returncode == 137
    with engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(effects)).scalar_one()
    assert before > 0  # the database commit happened before the crash

    subprocess.run([sys.executable, str(PROCS), "consume", name, topic, "g2", "10"], check=True)
    with engine.connect() as conn:
        applied = conn.execute(select(effects.c.event_id)).scalars().all()
    assert sorted(applied) == sorted(ids)


def test_two_relays_share_the_outbox_without_double_work(schema, topic_factory):
    name, engine = schema
    topic = topic_factory(partitions=3)
    ids = emit(engine, name, topic, [(f"agg-{i % 37}", i) for i in range(300)])
    relays = [
        OutboxRelay(engine=engine, schema=name, bootstrap=BOOTSTRAP, batch_size=20)
        for _ in range(2)
    ]
    counts = [0, 0]

    def work(i: int) -> None:
        counts[i] = drain(relays[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for relay in relays:
        relay.close()
    assert sum(counts) == 300
    assert sorted(envelope_ids(read_topic(topic, expected=300))) == sorted(ids)
    assert unpublished(engine, name) == 0


def test_events_of_one_aggregate_arrive_in_order_across_partitions_and_instances(
    schema, topic_factory
):
    name, engine = schema
    topic = topic_factory(partitions=4)
    subjects = [f"case-{i}" for i in range(8)]
    emit(engine, name, topic, [(s, seq) for seq in range(25) for s in subjects])
    relay = OutboxRelay(engine=engine, schema=name, bootstrap=BOOTSTRAP, batch_size=37)
    drain(relay)
    relay.close()

    effects = effects_table(MetaData(), name)
    stop = threading.Event()

    def runner(label: str) -> ConsumerRunner:
        def handler(session, envelope):
            seq = Int32Value()
            envelope.payload.Unpack(seq)
            session.execute(
                insert(effects).values(
                    consumer=label, event_id=envelope.id, subject=envelope.subject, seq=seq.value
                )
            )

        return ConsumerRunner(
            name="order-group",
            topics=[topic],
            engine=engine,
            schema=name,
            bootstrap=BOOTSTRAP,
            handler=handler,
        )

    runners = [runner("a"), runner("b")]
    threads = [threading.Thread(target=r.run, args=(stop,)) for r in runners]
    for t in threads:
        t.start()
    deadline = threading.Event()
    for _ in range(120):
        with engine.connect() as conn:
            if conn.execute(select(func.count()).select_from(effects)).scalar_one() >= 200:
                break
        deadline.wait(0.5)
    stop.set()
    for t in threads:
        t.join()
    for r in runners:
        r.close()

    with engine.connect() as conn:
        rows = conn.execute(
            select(effects.c.consumer, effects.c.subject, effects.c.seq).order_by(effects.c.n)
        ).all()
    assert len(rows) == 200
    for s in subjects:
        assert [r.seq for r in rows if r.subject == s] == list(range(25))
    assert {r.consumer for r in rows} == {"a", "b"}  # both instances did share the work


def test_published_rows_are_pruned_after_retention_and_unpublished_never(schema, topic_factory):
    name, engine = schema
    topic = topic_factory()
    emit(engine, name, topic, [("agg-1", 1), ("agg-2", 2)])
    relay = OutboxRelay(engine=engine, schema=name, bootstrap=BOOTSTRAP)
    drain(relay)
    emit(engine, name, topic, [("agg-3", 3)])  # not yet published
    table = outbox_table(MetaData(), name)
    with engine.begin() as conn:
        conn.execute(
            table.update()
            .where(table.c.published_at.is_not(None))
            .values(published_at=func.now() - timedelta(days=8))
        )
    assert relay.prune(timedelta(days=7)) == 2
    assert relay.prune(timedelta(days=7)) == 0
    assert unpublished(engine, name) == 1
    relay.close()
