"""Idempotent consumers: effect + dedupe row in one transaction, offsets committed after it."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable, Collection, Iterable
from typing import Any, TypeVar

from google.protobuf.message import DecodeError, Message
from kafka import KafkaConsumer, KafkaProducer, OffsetAndMetadata, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from sqlalchemy import Engine, text
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from onewindow.events.v1 import envelope_pb2
from onewindow_kit.classification import protect, unprotect
from onewindow_kit.kafka_clients import KafkaClientSettings, load_kafka_client_settings
from onewindow_kit.logging import get_logger, reset_correlation_id, set_correlation_id
from onewindow_kit.ops_metrics import dead_lettered
from onewindow_kit.relay import make_producer
from onewindow_kit.topics import dead_letter_topic

log = get_logger("onewindow.consumer")
Handler = Callable[[Session, envelope_pb2.EventEnvelope], None]
# Applies many events with few statements (e.g. one multi-row INSERT); same contract as Handler.
BatchHandler = Callable[[Session, list[envelope_pb2.EventEnvelope]], None]
M = TypeVar("M", bound=Message)
# Consumer settings (consumer_config) for a consumer that need not act within milliseconds: a
# fetch is answered once 64 KiB of events are there or 250 ms have passed, so under a wave of
# submissions one poll brings the events of many cases (one transaction, one offset commit)
# instead of one or two each; a quiet hour costs at most 250 ms of delay per event.
BATCHED_FETCH: dict[str, Any] = {"fetch_min_bytes": 64 * 1024, "fetch_max_wait_ms": 250}


class DatabaseUnavailable(Exception):
    """The database cannot be reached: not the event's fault, so it is neither retried to
    exhaustion nor dead-lettered; the batch is consumed again once the database is back."""


class UndecodableEvent(Exception):
    """The record is not an EventEnvelope; retrying cannot help."""


def unpack(envelope: envelope_pb2.EventEnvelope, message_class: type[M]) -> M:
    """The typed payload of an envelope."""
    message = message_class()
    if not envelope.payload.Unpack(message):
        raise UndecodableEvent(
            f"payload is {envelope.payload.type_url}, not {message_class.DESCRIPTOR.full_name}"
        )
    return message


def decode(value: bytes | None) -> envelope_pb2.EventEnvelope:
    """Parse a Kafka value as an envelope, or raise UndecodableEvent."""
    envelope = envelope_pb2.EventEnvelope()
    try:
        envelope.ParseFromString(value or b"")
    except DecodeError as exc:
        raise UndecodableEvent(f"not an EventEnvelope: {exc}") from exc
    if not envelope.id or not envelope.type:
        raise UndecodableEvent("envelope has no id or type")
    return envelope


def _one_by_one(handler: Handler) -> BatchHandler:
    """A batch handler calling ``handler`` per event, each under its own correlation id."""

    def apply(session: Session, envelopes: list[envelope_pb2.EventEnvelope]) -> None:
        for envelope in envelopes:
            token = set_correlation_id(envelope.correlation_id)
            try:
                handler(session, envelope)
            except Exception as exc:
                exc.onewindow_event_id = envelope.id  # type: ignore[attr-defined]
                raise
            finally:
                reset_correlation_id(token)

    return apply


class ConsumerRunner:
    """One consumer group member applying events with exactly-once effects."""

    def __init__(
        self,
        *,
        name: str,
        topics: Iterable[str],
        engine: Engine,
        schema: str,
        bootstrap: str,
        handler: Handler | None = None,
        batch_handler: BatchHandler | None = None,
        max_attempts: int = 3,
        backoff_s: float = 0.2,
        consumer: KafkaConsumer | None = None,
        dlt_producer: KafkaProducer | None = None,
        before_offset_commit: Callable[[], None] | None = None,
        consumer_config: dict[str, Any] | None = None,
        clients: KafkaClientSettings | None = None,
        event_types: Collection[str] | None = None,
    ) -> None:
        self.name = name
        # The event types this consumer acts on (None: all). Others are passed over by their
        # ``event_type`` header, unparsed and without a transaction or dedupe row: a consumer
        # of receipts has nothing to do for the other events of the cases topic.
        self.event_types = frozenset(event_types) if event_types is not None else None
        self.topics = list(topics)
        if (handler is None) == (batch_handler is None):
            raise ValueError("give exactly one of handler or batch_handler")
        self.batch_handler: BatchHandler = batch_handler or _one_by_one(handler)  # type: ignore[arg-type]
        self.max_attempts = max_attempts
        self.backoff_s = backoff_s
        self._sessions = sessionmaker(bind=engine)
        self._schema = schema
        clients = clients or load_kafka_client_settings()
        config: dict[str, Any] = {
            **clients.consumer_options(),
            "bootstrap_servers": bootstrap,
            "group_id": name,
            "client_id": name,
            "enable_auto_commit": False,
            "auto_offset_reset": "earliest",
            "max_poll_records": 500,
            **(consumer_config or {}),
        }
        self.consumer = consumer or KafkaConsumer(*self.topics, **config)
        self.dlt = dlt_producer or make_producer(bootstrap, f"{name}-dlt", clients)
        # Test hook: runs after the database commit and before the offset commit.
        self._before_offset_commit = before_offset_commit
        self._dedupe = text(
            f'INSERT INTO "{schema}".processed_events (consumer, event_id, outcome) '
            "VALUES (:consumer, :event_id, :outcome) ON CONFLICT DO NOTHING RETURNING 1"
        )
        self._dedupe_many = text(
            f'INSERT INTO "{schema}".processed_events (consumer, event_id, outcome) '
            "SELECT :consumer, ids.id, 'applied' FROM unnest(CAST(:ids AS text[])) AS ids(id) "
            "ON CONFLICT DO NOTHING RETURNING event_id"
        )

    def poll_once(self, timeout_ms: int = 1000) -> int:
        """Apply one polled batch; returns how many records were handled."""
        batches = self.consumer.poll(timeout_ms=timeout_ms)
        records = [record for tp_records in batches.values() for record in tp_records]
        if not records:
            return 0
        decoded: list[tuple[ConsumerRecord, envelope_pb2.EventEnvelope]] = []
        for record in records:
            if not self._wanted_header(record):
                continue
            try:
                envelope = decode(record.value)
            except UndecodableEvent as exc:
                self._dead_letter(record, None, exc, attempts=1)
                continue
            if self.event_types is None or envelope.type in self.event_types:
                decoded.append((record, envelope))
        failed = self._apply_batch([env for _, env in decoded]) if decoded else None
        if failed is not None:
            # Something in the batch failed: apply one by one, so only the bad event is
            # retried and, in the end, dead-lettered. Its batch try counts as attempt 1.
            for record, envelope in decoded:
                self._handle(record, envelope, first_attempt=2 if envelope.id == failed else 1)
        offsets = {
            TopicPartition(r.topic, r.partition): OffsetAndMetadata(r.offset + 1, "", -1)
            for r in records
        }
        if self._before_offset_commit is not None:
            self._before_offset_commit()
        self.consumer.commit(offsets)
        return len(records)

    def _wanted_header(self, record: ConsumerRecord) -> bool:
        """False when the record's ``event_type`` header names a type this consumer does not
        act on; a record without the header is decoded and its envelope's type decides."""
        if self.event_types is None:
            return True
        for key, value in record.headers or ():
            if key == "event_type":
                return bytes(value).decode("utf-8", "replace") in self.event_types
        return True

    def _apply_batch(self, envelopes: list[envelope_pb2.EventEnvelope]) -> str | None:
        """All events in one transaction (the fast path); the failing event's id, or None.
        An error text (the database's, a handler's) may quote a payload: the batch's personal
        values are kept out of the log lines (``onewindow_kit.classification``)."""
        protection = protect(*envelopes)
        try:
            return self._apply_batch_now(envelopes)
        finally:
            unprotect(protection)

    def _apply_batch_now(self, envelopes: list[envelope_pb2.EventEnvelope]) -> str | None:
        try:
            with self._sessions() as session, session.begin():
                fresh = set(
                    session.execute(
                        self._dedupe_many,
                        {"consumer": self.name, "ids": [e.id for e in envelopes]},
                    ).scalars()
                )
                todo = []
                for envelope in envelopes:
                    if envelope.id in fresh:  # else applied before, or twice in this batch
                        fresh.discard(envelope.id)
                        todo.append(envelope)
                if todo:
                    self._run_handler(session, todo)
            return None
        except (OperationalError, InterfaceError) as exc:
            raise DatabaseUnavailable(str(exc)) from exc
        except Exception as exc:
            current = getattr(exc, "onewindow_event_id", "")
            log.info("event_batch_fallback", consumer=self.name, event_id=current, error=str(exc))
            return current

    def _run_handler(self, session: Session, envelopes: list[envelope_pb2.EventEnvelope]) -> None:
        """Call the handler; a failure is tagged with the event it failed on, when known."""
        token = set_correlation_id(envelopes[0].correlation_id)
        try:
            self.batch_handler(session, envelopes)
        except Exception as exc:
            if len(envelopes) == 1:
                exc.onewindow_event_id = envelopes[0].id  # type: ignore[attr-defined]
            raise
        finally:
            reset_correlation_id(token)

    def _claim(self, session: Session, event_id: str, outcome: str) -> bool:
        """Record (consumer, event id); False when it was already there."""
        row = session.execute(
            self._dedupe, {"consumer": self.name, "event_id": event_id, "outcome": outcome}
        ).first()
        return row is not None

    def _handle(
        self, record: ConsumerRecord, envelope: envelope_pb2.EventEnvelope, first_attempt: int
    ) -> None:
        token = set_correlation_id(envelope.correlation_id)
        protection = protect(envelope)  # its personal values stay out of the log lines
        try:
            self._apply_with_retries(record, envelope, first_attempt)
        finally:
            unprotect(protection)
            reset_correlation_id(token)

    def _apply_with_retries(
        self, record: ConsumerRecord, envelope: envelope_pb2.EventEnvelope, first_attempt: int
    ) -> None:
        if first_attempt > 1:
            time.sleep(self.backoff_s)
        for attempt in range(first_attempt, self.max_attempts + 1):
            try:
                self._apply(envelope)
                return
            except UndecodableEvent as exc:
                self._dead_letter(record, envelope, exc, attempts=attempt)
                return
            except (OperationalError, InterfaceError) as exc:
                raise DatabaseUnavailable(str(exc)) from exc
            except Exception as exc:
                log.warning(
                    "event_apply_failed",
                    consumer=self.name,
                    event_id=envelope.id,
                    event_type=envelope.type,
                    attempt=attempt,
                    error=str(exc),
                )
                if attempt == self.max_attempts:
                    self._dead_letter(record, envelope, exc, attempts=attempt)
                    return
                time.sleep(self.backoff_s * 2 ** (attempt - 1))

    def _apply(self, envelope: envelope_pb2.EventEnvelope) -> None:
        with self._sessions() as session, session.begin():
            if not self._claim(session, envelope.id, "applied"):
                log.debug("event_duplicate_skipped", consumer=self.name, event_id=envelope.id)
                return
            self._run_handler(session, [envelope])

    def _dead_letter(
        self,
        record: ConsumerRecord,
        envelope: envelope_pb2.EventEnvelope | None,
        exc: BaseException,
        *,
        attempts: int,
    ) -> None:
        headers = [
            ("dlt.consumer", self.name.encode()),
            ("dlt.error", f"{type(exc).__name__}: {exc}".encode()[:2000]),
            ("dlt.stack", "".join(traceback.format_exception(exc)).encode()[-4000:]),
            ("dlt.attempts", str(attempts).encode()),
            ("dlt.original.topic", record.topic.encode()),
            ("dlt.original.partition", str(record.partition).encode()),
            ("dlt.original.offset", str(record.offset).encode()),
        ]
        self.dlt.send(
            dead_letter_topic(record.topic), key=record.key, value=record.value, headers=headers
        ).get(timeout=30)
        if envelope is not None:
            with self._sessions() as session, session.begin():
                self._claim(session, envelope.id, "dead_lettered")
        dead_lettered().labels(self.name).inc()
        log.error(
            "event_dead_lettered",
            consumer=self.name,
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            error=str(exc),
        )

    def run(self, stop: threading.Event) -> None:
        """Consume until ``stop`` is set."""
        while not stop.is_set():
            try:
                self.poll_once()
            except Exception as exc:
                log.warning("consumer_poll_failed", consumer=self.name, error=str(exc))
                stop.wait(1.0)
                self._rewind()

    def _rewind(self) -> None:
        """Go back to the last committed offsets: uncommitted records come again (deduped)."""
        try:
            for tp in self.consumer.assignment():
                committed = self.consumer.committed(tp)
                if committed is None:
                    self.consumer.seek_to_beginning(tp)
                else:
                    self.consumer.seek(tp, committed)
        except Exception as exc:
            log.warning("consumer_rewind_failed", consumer=self.name, error=str(exc))

    def close(self) -> None:
        """Leave the group without committing anything further."""
        self.consumer.close(autocommit=False)
        self.dlt.close(timeout=10)
