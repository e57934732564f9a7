"""Transactional outbox: events written in the same commit as the change they describe."""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from google.protobuf import any_pb2
from google.protobuf.message import Message
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    Table,
    Text,
    func,
    insert,
    text,
)
from sqlalchemy.orm import Session

from onewindow.events.v1 import envelope_pb2
from onewindow_kit.logging import correlation_id
from onewindow_kit.principal import Principal

# Relay instances share work by bucket: one bucket (and so one aggregate) is relayed by
# one instance at a time, which keeps each aggregate's events in order.
BUCKETS = 16

# The columns of an outbox row as Outbox.row fills them (the rest have server defaults): the
# one list a service's own statement (a batched or multi-row write) names them by.
ROW_COLUMNS = ("event_id", "topic", "key", "bucket", "event_type", "correlation_id", "envelope")


def outbox_table(metadata: MetaData, schema: str) -> Table:
    """The outbox table of one service schema."""
    return Table(
        "outbox",
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        Column("event_id", Text, nullable=False, unique=True),
        Column("topic", Text, nullable=False),
        Column("key", Text, nullable=False),
        Column("bucket", SmallInteger, nullable=False),
        Column("event_type", Text, nullable=False),
        Column("correlation_id", Text, nullable=False, server_default=""),
        Column("envelope", LargeBinary, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("published_at", DateTime(timezone=True)),
        Column("attempts", Integer, nullable=False, server_default="0"),
        Index(
            "ix_outbox_unpublished",
            "bucket",
            "id",
            postgresql_where=text("published_at IS NULL"),
        ),
        Index("ix_outbox_published_at", "published_at"),
        schema=schema,
    )


def processed_events_table(metadata: MetaData, schema: str) -> Table:
    """Consumer dedupe: one row per (consumer, event id), written with the consumer's effect."""
    return Table(
        "processed_events",
        metadata,
        Column("consumer", Text, nullable=False),
        Column("event_id", Text, nullable=False),
        Column("outcome", Text, nullable=False, server_default="applied"),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        PrimaryKeyConstraint("consumer", "event_id"),
        schema=schema,
    )


def kit_tables(schema: str) -> MetaData:
    """A MetaData holding the kit's tables for ``schema`` (for migrations and tests)."""
    metadata = MetaData()
    outbox_table(metadata, schema)
    processed_events_table(metadata, schema)
    return metadata


def event_type(source: str, name: str, version: int = 1) -> str:
    """Namespaced event type, e.g. ``onewindow.cases.case_submitted.v1``."""
    return f"onewindow.{source}.{name}.v{version}"


@dataclass
class PendingEvent:
    """An event a handler emits; becomes an envelope in the outbox on commit."""

    name: str  # e.g. case_submitted
    subject: str  # aggregate id: the Kafka key
    aggregate_type: str
    payload: Message
    actor: Principal | None = None
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def make_envelope(source: str, event: PendingEvent) -> envelope_pb2.EventEnvelope:
    """Wrap a pending event in the common envelope."""
    env = envelope_pb2.EventEnvelope(
        id=event.event_id,
        type=event_type(source, event.name),
        source=source,
        subject=event.subject,
        correlation_id=correlation_id(),
        aggregate_type=event.aggregate_type,
    )
    env.occurred_at.FromDatetime(event.occurred_at)
    if event.actor is not None:
        a = event.actor
        env.actor.CopyFrom(
            envelope_pb2.Actor(
                subject=a.subject,
                kind=a.kind,
                acting_for=a.acting_for,
                department=a.department,
                office=a.office,
            )
        )
    payload = any_pb2.Any()
    payload.Pack(event.payload, type_url_prefix="type.onewindow.org/")
    env.payload.CopyFrom(payload)
    return env


def bucket_of(key: str) -> int:
    """Stable bucket of an aggregate id."""
    return zlib.crc32(key.encode()) % BUCKETS


class Outbox:
    """Writes envelopes into a service's outbox table inside the caller's transaction."""

    def __init__(self, *, source: str, schema: str, topic: str) -> None:
        self.source = source
        self.topic = topic
        self.table = outbox_table(MetaData(), schema)

    def row(self, event: PendingEvent) -> dict[str, object]:
        """The outbox row of one event (for services that write it in a statement of their own)."""
        env = make_envelope(self.source, event)
        values = (
            env.id, self.topic, env.subject, bucket_of(env.subject), env.type,
            env.correlation_id, env.SerializeToString(),
        )  # fmt: skip
        return dict(zip(ROW_COLUMNS, values, strict=True))

    def write(self, session: Session, events: Sequence[PendingEvent]) -> None:
        """Insert one outbox row per event (no commit: the caller's transaction owns it)."""
        session.execute(insert(self.table), [self.row(event) for event in events])
