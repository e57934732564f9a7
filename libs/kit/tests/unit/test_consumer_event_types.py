"""A consumer that names the event types it acts on passes over the others of its topic: no
transaction, no dedupe row, no handler call — and their offsets are still committed."""

from __future__ import annotations

from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

from google.protobuf import any_pb2
from google.protobuf.wrappers_pb2 import StringValue
from kafka import TopicPartition
from sqlalchemy import create_engine

from onewindow.events.v1 import envelope_pb2
from onewindow_kit.consumer import ConsumerRunner

TOPIC = "onewindow.cases.v1"
SUBMITTED = "onewindow.cases.case_submitted.v1"
ASSIGNED = "onewindow.cases.case_assigned.v1"


class _Database:
    """Counts the transactions the consumer opens; every event is new to it."""

    def __init__(self) -> None:
        self.transactions = 0
        self.dedupe_ids: list[str] = []

    @contextmanager
    def session(self) -> Any:
        database = self

        class _Session:
            def execute(self, _statement: Any, params: dict[str, Any]) -> Any:
                database.dedupe_ids += params.get("ids", [])
                ids = list(params.get("ids", []))
                return SimpleNamespace(scalars=lambda: ids, first=lambda: (1,))

            @contextmanager
            def begin(self) -> Any:
                database.transactions += 1
                yield self

        yield _Session()


class _Consumer:
    def __init__(self, records: list[Any]) -> None:
        self.records = records
        self.committed: dict[Any, Any] = {}

    def poll(self, timeout_ms: int) -> dict[Any, list[Any]]:
        records, self.records = self.records, []
        return {TopicPartition(TOPIC, 0): records} if records else {}

    def commit(self, offsets: dict[Any, Any]) -> None:
        self.committed.update(offsets)


def _record(offset: int, event_type: str, *, header: bool = True, value: bytes | None = None):
    payload = any_pb2.Any()
    payload.Pack(StringValue(value="x"))
    envelope = envelope_pb2.EventEnvelope(id=f"e-{offset}", type=event_type, payload=payload)
    headers = [("event_type", event_type.encode()), ("correlation_id", b"c")] if header else []
    return SimpleNamespace(
        topic=TOPIC, partition=0, offset=offset, key=b"k", headers=headers,
        value=envelope.SerializeToString() if value is None else value,
    )  # fmt: skip


def _runner(records: list[Any], **kwargs: Any) -> tuple[ConsumerRunner, _Database, list[str]]:
    handled: list[str] = []
    database = _Database()
    runner = ConsumerRunner(
        name="receipts", topics=[TOPIC], engine=create_engine("sqlite://"), schema="probe",
        bootstrap="127.0.0.1:1", handler=lambda _s, env: handled.append(env.id),
        consumer=_Consumer(records), dlt_producer=SimpleNamespace(), **kwargs,
    )  # fmt: skip
    runner._sessions = database.session  # type: ignore[assignment]
    return runner, database, handled


def test_a_poll_of_other_event_types_opens_no_transaction_and_commits_their_offsets():
    runner, database, handled = _runner(
        [_record(1, ASSIGNED), _record(2, ASSIGNED)], event_types={SUBMITTED}
    )
    assert runner.poll_once() == 2
    assert handled == []
    assert database.transactions == 0
    assert runner.consumer.committed[TopicPartition(TOPIC, 0)].offset == 3


def test_only_the_named_types_are_deduped_and_handled_header_or_not():
    records = [
        _record(1, SUBMITTED),
        _record(2, ASSIGNED),
        _record(3, SUBMITTED, header=False),  # an older producer: the envelope's type decides
        _record(4, ASSIGNED, header=False),
    ]
    runner, database, handled = _runner(records, event_types={SUBMITTED})
    runner.poll_once()
    assert handled == ["e-1", "e-3"]
    assert database.dedupe_ids == ["e-1", "e-3"]
    assert database.transactions == 1
    assert runner.consumer.committed[TopicPartition(TOPIC, 0)].offset == 5


def test_without_event_types_every_event_is_handled():
    runner, database, handled = _runner([_record(1, SUBMITTED), _record(2, ASSIGNED)])
    runner.poll_once()
    assert handled == ["e-1", "e-2"]
    assert database.dedupe_ids == ["e-1", "e-2"]


def test_an_undecodable_record_without_the_header_is_still_dead_lettered():
    sent: list[bytes] = []
    dlt = SimpleNamespace(
        send=lambda topic, key, value, headers: (
            sent.append(value) or SimpleNamespace(get=lambda timeout: None)
        )
    )
    runner, _database, handled = _runner(
        [_record(1, SUBMITTED, header=False, value=b"\x00\xffnot protobuf")],
        event_types={SUBMITTED},
    )
    runner.dlt = dlt  # type: ignore[assignment]
    runner.poll_once()
    assert sent == [b"\x00\xffnot protobuf"]
    assert handled == []
