"""Outbox → relay → Kafka against the real PostgreSQL and broker."""

import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from google.protobuf.wrappers_pb2 import Int32Value
from kafka import KafkaConsumer, TopicPartition
from kit_support import BOOTSTRAP, effects_table, envelope_ids
from sqlalchemy import MetaData, func, insert, select, text

from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.db import unit_of_work_factory
from onewindow_kit.outbox import BUCKETS, Outbox, PendingEvent, bucket_of, outbox_table
from onewindow_kit.relay import ADVISORY_NAMESPACE, OutboxRelay

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


def everything_on(topic: str) -> list:
    """Every record on ``topic``, up to the end offsets the broker reports: exactly what was
    published, duplicates included (reading stops at the log's end, not at an expected count)."""
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, group_id=None, enable_auto_commit=False)
    try:
        parts = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic)]
        consumer.assign(parts)
        consumer.seek_to_beginning(*parts)
        ends = consumer.end_offsets(parts)
        records: list = []
        deadline = time.monotonic() + 30  # a fuse only: the loop ends at the end offsets
        while any(consumer.position(tp) < ends[tp] for tp in parts):
            assert time.monotonic() < deadline, "the topic could not be read to its end"
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
        return records
    finally:
        consumer.close()


def publish_counts(engine, schema) -> Counter:
    """How many times the relays marked each outbox row published (1 = no double work)."""
    table = outbox_table(MetaData(), schema)
    with engine.connect() as conn:
        return Counter(conn.execute(select(table.c.attempts)).scalars())


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
    assert envelope_ids(everything_on(topic)) == [kept_id]


def test_relay_killed_after_ack_republishes_and_consumer_applies_once(schema, topic_factory):
    name, engine = schema
    topic = topic_factory(partitions=3)
    ids = emit(engine, name, topic, [(f"agg-{i % 4}", i) for i in range(20)])

    crashed = subprocess.run([sys.executable, str(PROCS), "relay", name, "--crash-after-ack"])
    assert crashed.returncode == 137
    assert unpublished(engine, name) == 20  # acknowledged by Kafka, but never marked
    assert Counter(envelope_ids(everything_on(topic))) == Counter(ids)  # each once so far

    subprocess.run([sys.executable, str(PROCS), "relay", name], check=True)
    assert unpublished(engine, name) == 0
    # At least once: the unmarked batch went out again, exactly once more (not a third time).
    assert Counter(envelope_ids(everything_on(topic))) == Counter(ids * 2)

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


def hold_buckets(engine, schema: str, buckets: list[int]):
    """A transaction holding the relays' advisory locks of ``buckets`` (commit to release)."""
    conn = engine.connect()
    conn.begin()
    for b in buckets:
        conn.execute(
            text("SELECT pg_advisory_xact_lock(:ns, hashtext(:schema) # :b)"),
            {"ns": ADVISORY_NAMESPACE, "schema": schema, "b": b},
        )
    return conn


def relay_until_empty(relay: OutboxRelay, engine, schema: str) -> int:
    """Relay until the outbox is empty; a round finding every bucket taken just tries again."""
    total = 0
    while unpublished(engine, schema):
        published = relay.relay_once()
        total += published
        if not published:
            time.sleep(0.01)
    return total


def test_two_relays_share_the_outbox_without_double_work(schema, topic_factory):
    name, engine = schema
    topic = topic_factory(partitions=3)
    subjects = [f"agg-{i % 37}" for i in range(300)]
    ids = emit(engine, name, topic, [(s, i) for i, s in enumerate(subjects)])
    high = list(range(BUCKETS // 2, BUCKETS))
    assert {bucket_of(s) < BUCKETS // 2 for s in subjects} == {True, False}

    # Relay A's first batch pauses after the broker's ack, holding its buckets, until relay B
    # has published a batch of its own: both take part whatever the scheduling.
    a_holding, b_published = threading.Event(), threading.Event()

    def pause_first_batch(_ids: list[int]) -> None:
        if not a_holding.is_set():
            a_holding.set()
            assert b_published.wait(30), "relay B never published while A held its buckets"

    a = OutboxRelay(
        engine=engine, schema=name, bootstrap=BOOTSTRAP, batch_size=20, after_ack=pause_first_batch
    )
    b = OutboxRelay(engine=engine, schema=name, bootstrap=BOOTSTRAP, batch_size=20)
    counts = {"a": 0, "b": 0}
    errors: list[BaseException] = []

    def run(label: str, relay: OutboxRelay) -> None:
        try:
            counts[label] += relay_until_empty(relay, engine, name)
        except BaseException as exc:  # surfaced below: a thread's failure must fail the test
            errors.append(exc)
            b_published.set()

    blocker = hold_buckets(engine, name, high)  # A can claim only the low buckets
    thread_a = threading.Thread(target=run, args=("a", a))
    thread_a.start()
    try:
        assert a_holding.wait(30)
        blocker.commit()  # the high buckets are free; A still holds the low ones
        counts["b"] += b.relay_once()
        b_alone = counts["b"]
    finally:
        blocker.close()
        b_published.set()
    thread_b = threading.Thread(target=run, args=("b", b))
    thread_b.start()
    for t in (thread_a, thread_b):
        t.join()
    for relay in (a, b):
        relay.close()

    assert errors == []
    assert b_alone > 0  # B published while A was in the middle of its batch
    assert counts["a"] > 0 and counts["b"] > 0  # both relays did publish
    assert counts["a"] + counts["b"] == 300
    assert publish_counts(engine, name) == Counter({1: 300})  # every row marked once
    assert Counter(envelope_ids(everything_on(topic))) == Counter(ids)  # each event once on Kafka
    assert unpublished(engine, name) == 0


def wait_for(condition, attempts: int = 120) -> bool:
    """Poll ``condition`` every half second; False when it never held (a fuse, not a timing)."""
    pause = threading.Event()
    for _ in range(attempts):
        if condition():
            return True
        pause.wait(0.5)
    return False


def share_partitions(runners: list[ConsumerRunner], partitions: int) -> bool:
    """Every runner owns partitions, none owns another's, and together they own all."""
    owned = [set(r.consumer.assignment()) for r in runners]
    together = set().union(*owned)
    return all(owned) and sum(map(len, owned)) == len(together) == partitions


def count_rows(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_events_of_one_aggregate_arrive_in_order_across_partitions_and_instances(
    schema, topic_factory
):
    name, engine = schema
    topic = topic_factory(partitions=4)
    subjects = [f"case-{i}" for i in range(8)]
    emit(engine, name, topic, [(s, seq) for seq in range(25) for s in subjects])
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
    try:
        # Publish only once the group has given each member partitions of its own: the first
        # member to join cannot take all the work before the second one arrives.
        assert wait_for(lambda: share_partitions(runners, 4)), "the consumers never shared"
        relay = OutboxRelay(engine=engine, schema=name, bootstrap=BOOTSTRAP, batch_size=37)
        drain(relay)
        relay.close()
        wait_for(lambda: count_rows(engine, effects) >= 200)
    finally:
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
