"""`make bench-kit`: relay and consumer throughput on the real stack -> var/bench/kit.json."""

from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path

from google.protobuf.wrappers_pb2 import StringValue
from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from sqlalchemy import Column, Table, Text, func, insert, select, text

from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.db import make_engine, unit_of_work_factory
from onewindow_kit.outbox import Outbox, PendingEvent, kit_tables
from onewindow_kit.relay import OutboxRelay
from onewindow_kit.settings import load_common

EVENTS = int(os.environ.get("ONEWINDOW_BENCH_KIT_EVENTS", "50000"))
SCHEMA = "kit_bench"


def _setup(engine, topic: str, bootstrap: str) -> Table:
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    metadata = kit_tables(SCHEMA)
    effects = Table("effects", metadata, Column("event_id", Text), schema=SCHEMA)
    metadata.create_all(engine)
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    admin.create_topics([NewTopic(topic, 6, 1), NewTopic(f"{topic}.dlt", 1, 1)])
    admin.close()
    return effects


def _fill_outbox(engine, topic: str) -> float:
    uow_factory = unit_of_work_factory(engine, Outbox(source="bench", schema=SCHEMA, topic=topic))
    start = time.perf_counter()
    per_tx = 500
    for base in range(0, EVENTS, per_tx):
        with uow_factory() as uow:
            for i in range(base, min(base + per_tx, EVENTS)):
                payload = StringValue(value=f"case {i} changed status to in_review")
                uow.emit(PendingEvent("case_status_changed", f"case-{i % 5000}", "case", payload))
            uow.commit()
    return EVENTS / (time.perf_counter() - start)


def _relay(engine, bootstrap: str) -> float:
    relay = OutboxRelay(engine=engine, schema=SCHEMA, bootstrap=bootstrap, batch_size=2000)
    relay.relay_once()  # connect and warm up outside the clock
    start = time.perf_counter()
    published = 0
    while n := relay.relay_once():
        published += n
    elapsed = time.perf_counter() - start
    relay.close()
    return published / elapsed


def _consume(engine, topic: str, bootstrap: str, effects: Table) -> float:
    def apply(session, envelopes) -> None:
        # One multi-row INSERT per batch, as an inbox or read-model projection would do.
        session.execute(insert(effects), [{"event_id": e.id} for e in envelopes])

    runner = ConsumerRunner(
        name=f"bench-{topic}",
        topics=[topic],
        engine=engine,
        schema=SCHEMA,
        bootstrap=bootstrap,
        batch_handler=apply,
    )
    # Join the group and take the first batch before the clock starts.
    first = 0
    while not first:
        first = runner.poll_once(timeout_ms=2000)
    start = time.perf_counter()
    deadline = start + 300
    while time.perf_counter() < deadline:
        runner.poll_once(timeout_ms=1000)
        with engine.connect() as conn:
            done = conn.execute(select(func.count()).select_from(effects)).scalar_one()
        if done >= EVENTS:
            break
    elapsed = time.perf_counter() - start
    runner.close()
    return done / elapsed


def main() -> None:
    """Run the kit benchmark and write its figures."""
    settings = load_common("kit")
    engine = make_engine(settings.database_url)
    topic = f"bench.kit.{uuid.uuid4().hex[:8]}"
    effects = _setup(engine, topic, settings.kafka_bootstrap)
    figures = {
        "events": EVENTS,
        "outbox_writes_per_s": round(_fill_outbox(engine, topic)),
        "relay_events_per_s": round(_relay(engine, settings.kafka_bootstrap)),
        "consumer_events_per_s": round(_consume(engine, topic, settings.kafka_bootstrap, effects)),
        "cores": os.cpu_count(),
    }
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap)
    admin.delete_topics([topic, f"{topic}.dlt"])
    admin.close()
    out = Path("var/bench/kit.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
