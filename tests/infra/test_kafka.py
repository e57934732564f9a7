"""The real Kafka broker: acks=all produce, consumer-group consume, offsets survive a restart."""

import os
import uuid

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic

pytestmark = pytest.mark.integration
BOOTSTRAP = os.environ.get("ONEWINDOW_KAFKA_BOOTSTRAP", "127.0.0.1:9092")


@pytest.fixture()
def topic():
    name = f"test.infra.{uuid.uuid4().hex[:12]}"
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    admin.create_topics([NewTopic(name, 1, 1)])
    yield name
    admin.delete_topics([name])
    admin.close()


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


def test_produced_messages_are_consumed_and_offsets_survive_restart(topic):
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

    # A new consumer in the same group starts after the committed offset, not from the start.
    second = _consumer(topic, group)
    assert _read(second, 2) == [b"m2", b"m3"]
    second.close()
