"""Shared set-up for the kit's integration tests: a throw-away schema and topic per test."""

from __future__ import annotations

import os
import uuid

from kafka import KafkaAdminClient, KafkaConsumer
from kafka.admin import NewTopic
from sqlalchemy import Column, Integer, MetaData, Table, Text, create_engine, text

from onewindow.events.v1 import envelope_pb2
from onewindow_kit.outbox import kit_tables

BOOTSTRAP = os.environ.get("ONEWINDOW_KAFKA_BOOTSTRAP", "127.0.0.1:9092")


def db_url() -> str:
    host = os.environ.get("ONEWINDOW_PG_HOST", "127.0.0.1")
    port = os.environ.get("ONEWINDOW_PG_PORT", "5432")
    return f"postgresql+psycopg://ow_kit:ow_kit@{host}:{port}/ow_kit_test"


def effects_table(metadata: MetaData, schema: str) -> Table:
    """What the test handlers do: one row per applied event (no uniqueness: doubles show)."""
    return Table(
        "effects",
        metadata,
        Column("n", Integer, primary_key=True, autoincrement=True),
        Column("consumer", Text, nullable=False),
        Column("event_id", Text, nullable=False),
        Column("subject", Text, nullable=False),
        Column("seq", Integer, nullable=False),
        schema=schema,
    )


def create_schema(schema: str):
    engine = create_engine(db_url(), pool_size=5)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    metadata = kit_tables(schema)
    effects_table(metadata, schema)
    metadata.create_all(engine)
    return engine


def drop_schema(engine, schema: str) -> None:
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def create_topic(partitions: int) -> str:
    name = f"test.kit.{uuid.uuid4().hex[:10]}"
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    admin.create_topics([NewTopic(name, partitions, 1), NewTopic(f"{name}.dlt", 1, 1)])
    admin.close()
    return name


def delete_topic(name: str) -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    admin.delete_topics([name, f"{name}.dlt"])
    admin.close()


def read_topic(topic: str, expected: int, timeout_ms: int = 15000) -> list:
    """Every record on ``topic`` from the start (stops at ``expected`` or the timeout)."""
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=BOOTSTRAP,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=timeout_ms,
    )
    records = []
    for record in consumer:
        records.append(record)
        if len(records) >= expected:
            break
    consumer.close()
    return records


def envelope_ids(records) -> list[str]:
    out = []
    for record in records:
        env = envelope_pb2.EventEnvelope()
        env.ParseFromString(record.value)
        out.append(env.id)
    return out
