"""Operators' tool for the dead-letter topics: ``python -m onewindow_kit dlt list|replay``.

``list TOPIC`` prints one JSON line per dead-lettered record (where it came from, which consumer
gave up, the error, the event's id and type). ``replay TOPIC --service SVC --offset P:O`` (or
``--all``) sends each chosen record back to its original topic — after the cause is fixed —
and first forgets the consumer's "dead_lettered" mark in SVC's processed_events, so that the
consumer applies it this time (and, thanks to the same dedupe row, never twice)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from sqlalchemy import Engine, create_engine, text

from onewindow.events.v1 import envelope_pb2
from onewindow_kit.kafka_security import load_kafka_security
from onewindow_kit.relay import make_producer
from onewindow_kit.settings import Env, load_common
from onewindow_kit.topics import dead_letter_topic


@dataclass(frozen=True)
class DeadLetter:
    """One record of a dead-letter topic."""

    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: dict[str, str]

    @property
    def event(self) -> envelope_pb2.EventEnvelope | None:
        """The envelope, when the record is one."""
        envelope = envelope_pb2.EventEnvelope()
        try:
            envelope.ParseFromString(self.value)
        except Exception:
            return None
        return envelope if envelope.id else None

    def describe(self) -> dict[str, object]:
        """What ``list`` prints."""
        event = self.event
        return {
            "position": f"{self.partition}:{self.offset}",
            "consumer": self.headers.get("dlt.consumer", ""),
            "error": self.headers.get("dlt.error", ""),
            "attempts": self.headers.get("dlt.attempts", ""),
            "original": "{}/{}:{}".format(
                self.headers.get("dlt.original.topic", ""),
                self.headers.get("dlt.original.partition", ""),
                self.headers.get("dlt.original.offset", ""),
            ),
            "event_id": event.id if event else "",
            "event_type": event.type if event else "",
        }


def read(bootstrap: str, topic: str, timeout_ms: int = 3000) -> Iterator[DeadLetter]:
    """Every record on the dead-letter ``topic``, oldest first per partition."""
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        **load_kafka_security().options(),
    )
    try:
        parts = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        if not parts:
            return
        consumer.assign(parts)
        consumer.seek_to_end(*parts)
        end = {tp: consumer.position(tp) for tp in parts}
        consumer.seek_to_beginning(*parts)
        while any(consumer.position(tp) < end[tp] for tp in parts):
            batch = consumer.poll(timeout_ms=timeout_ms)
            if not batch:
                break
            for records in batch.values():
                for r in records:
                    headers = {k: v.decode(errors="replace") for k, v in r.headers or []}
                    yield DeadLetter(r.partition, r.offset, r.key, r.value or b"", headers)
    finally:
        consumer.close()


def replay(
    letters: Sequence[DeadLetter], *, engine: Engine, schema: str, producer: KafkaProducer
) -> int:
    """Send ``letters`` back to their original topics after forgetting each consumer's
    dead-letter mark; returns how many were sent."""
    forget = text(
        f'DELETE FROM "{schema}".processed_events '
        "WHERE consumer = :consumer AND event_id = :event_id AND outcome = 'dead_lettered'"
    )
    sent = 0
    for letter in letters:
        event = letter.event
        original = letter.headers.get("dlt.original.topic", "")
        if event is None or not original:
            continue  # not an event (undecodable): nothing a consumer could apply
        with engine.begin() as conn:
            conn.execute(
                forget, {"consumer": letter.headers.get("dlt.consumer", ""), "event_id": event.id}
            )
        headers = [
            ("event_type", event.type.encode()),
            ("correlation_id", event.correlation_id.encode()),
            ("dlt.replayed_from", f"{letter.partition}:{letter.offset}".encode()),
        ]
        producer.send(original, key=letter.key, value=letter.value, headers=headers).get(30)
        sent += 1
    return sent


def _chosen(letters: list[DeadLetter], positions: list[str], every: bool) -> list[DeadLetter]:
    if every:
        return letters
    wanted = set(positions)
    return [letter for letter in letters if f"{letter.partition}:{letter.offset}" in wanted]


def main(argv: Sequence[str] | None = None) -> int:
    """The ``dlt`` command line."""
    parser = argparse.ArgumentParser(prog="python -m onewindow_kit dlt")
    sub = parser.add_subparsers(dest="command", required=True)
    listing = sub.add_parser("list", help="print the dead-lettered records as JSON lines")
    listing.add_argument("topic", help="a topic (its .dlt is read) or a .dlt topic")
    again = sub.add_parser("replay", help="send records back to their original topic")
    again.add_argument("topic")
    again.add_argument("--service", required=True, help="whose consumer dead-lettered them")
    choice = again.add_mutually_exclusive_group(required=True)
    choice.add_argument("--offset", action="append", default=[], help="PARTITION:OFFSET")
    choice.add_argument("--all", action="store_true")
    args = parser.parse_args(argv)
    topic = args.topic if args.topic.endswith(".dlt") else dead_letter_topic(args.topic)
    bootstrap = Env().get_str("ONEWINDOW_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    letters = list(read(bootstrap, topic))
    if args.command == "list":
        for letter in letters:
            print(json.dumps(letter.describe(), ensure_ascii=False))
        return 0
    chosen = _chosen(letters, args.offset, args.all)
    if not chosen:
        print(f"no such record on {topic}", file=sys.stderr)
        return 1
    engine = create_engine(load_common(args.service).database_url)
    producer = make_producer(bootstrap, "dlt-replay")
    try:
        sent = replay(chosen, engine=engine, schema=args.service, producer=producer)
    finally:
        producer.close(timeout=10)
        engine.dispose()
    print(json.dumps({"replayed": sent, "topic": topic}))
    return 0
