"""The real Kafka broker: acks=all produce, consumer-group consume, and both the log and the
group's committed offsets survive a restart of the broker itself."""

import os
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic

pytestmark = pytest.mark.integration
BOOTSTRAP = os.environ.get("ONEWINDOW_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
ROOT = Path(__file__).resolve().parents[2]
KAFKA_PID = Path(os.environ.get("ONEWINDOW_VAR", ROOT / "var")) / "run" / "kafka.pid"


@pytest.fixture()
def topic() -> Iterator[str]:
    name = f"test.infra.{uuid.uuid4().hex[:12]}"
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    admin.create_topics([NewTopic(name, 1, 1)])
    admin.close()
    yield name
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)  # a new client: the broker restarted
    admin.delete_topics([name])
    admin.close()


def _kafka_sh(command: str) -> None:
    subprocess.run(["bash", str(ROOT / "infra" / "kafka.sh"), command], check=True, timeout=150)


def _answers() -> bool:
    host, _, port = BOOTSTRAP.rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture()
def restart_broker() -> Iterator:
    """Stops and starts the shared broker as `make down`/`make up` do (SIGTERM, then start and
    wait until it answers). The broker is started again even when the test fails."""
    assert KAFKA_PID.exists(), f"no {KAFKA_PID}: start the broker with `make up` (infra/kafka.sh)"

    def restart() -> None:
        before = KAFKA_PID.read_text().strip()
        _kafka_sh("down")
        assert not _answers(), "the broker still answers after it was stopped"
        _kafka_sh("up")
        assert KAFKA_PID.read_text().strip() != before  # a new broker process

    try:
        yield restart
    finally:
        if not _answers():
            _kafka_sh("up")


def _consumer(topic: str, group: str) -> KafkaConsumer:
    return KafkaConsumer(
        topic,
        bootstrap_servers=BOOTSTRAP,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        consumer_timeout_ms=10000,
    )


def _read(consumer: KafkaConsumer, count: int) -> list[bytes]:
    values = []
    for record in consumer:
        values.append(record.value)
        if len(values) == count:
            break
    return values


def _read_to_end(consumer: KafkaConsumer, tp: TopicPartition) -> list[bytes]:
    """Everything from the consumer's position to the log's end (so extra records show)."""
    end = consumer.end_offsets([tp])[tp]
    values: list[bytes] = []
    deadline = time.monotonic() + 60  # a fuse only: the loop ends at the end offset
    while consumer.position(tp) < end:
        assert time.monotonic() < deadline, "the topic could not be read to its end"
        for records in consumer.poll(timeout_ms=500).values():
            values.extend(r.value for r in records)
    return values


def test_produced_messages_are_consumed_and_offsets_survive_a_broker_restart(topic, restart_broker):
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, acks="all")
    for i in range(4):
        # .get() waits for the broker's acknowledgement from all in-sync replicas.
        meta = producer.send(topic, key=b"k", value=f"m{i}".encode()).get(timeout=10)
        assert meta.offset == i
    producer.close()

    group = f"g-{uuid.uuid4().hex[:8]}"
    first = _consumer(topic, group)
    assert _read(first, 2) == [b"m0", b"m1"]
    first.commit()
    first.close()

    restart_broker()

    # The new broker still has the log and the group's committed offset: a new member of the
    # group resumes after m1 and gets exactly the rest.
    tp = TopicPartition(topic, 0)
    second = KafkaConsumer(bootstrap_servers=BOOTSTRAP, group_id=group, enable_auto_commit=False)
    try:
        second.assign([tp])
        assert second.committed(tp) == 2
        assert second.end_offsets([tp])[tp] == 4
        assert _read_to_end(second, tp) == [b"m2", b"m3"]
    finally:
        second.close()
