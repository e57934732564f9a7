"""Every Kafka client the kit builds retries a lost broker within a second, not 30 s."""

from __future__ import annotations

import kafka
import pytest
from sqlalchemy import create_engine

from onewindow_kit import consumer as consumer_module
from onewindow_kit import relay as relay_module
from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.kafka_clients import KafkaClientSettings, load_kafka_client_settings
from onewindow_kit.relay import OutboxRelay
from onewindow_kit.settings import SettingsError

NO_BROKER = "127.0.0.1:1"  # nothing listens: the clients are built, never connected
# kafka-python asks the broker for its version while it builds a client, unless told; the real
# constructors run here with the version pinned so no broker is needed.
PINNED = {"api_version": (3, 9)}


class _Producer(kafka.KafkaProducer):
    def __init__(self, **configs):
        super().__init__(**{**PINNED, **configs})


class _Consumer(kafka.KafkaConsumer):
    def __init__(self, *topics, **configs):
        super().__init__(*topics, **{**PINNED, **configs})


@pytest.fixture()
def built(monkeypatch):
    """Real kafka-python clients, built by the kit's own code, closed afterwards."""
    monkeypatch.setattr(relay_module, "KafkaProducer", _Producer)
    monkeypatch.setattr(consumer_module, "KafkaConsumer", _Consumer)
    made: list = []
    yield made
    for thing in made:
        thing.close()


def _runner(**kwargs) -> ConsumerRunner:
    return ConsumerRunner(
        name="unit-group",
        topics=["onewindow.cases.v1"],
        engine=create_engine("sqlite://"),
        schema="unit",
        bootstrap=NO_BROKER,
        handler=lambda session, envelope: None,
        **kwargs,
    )


def test_relay_and_consumer_clients_cap_the_reconnect_backoff_at_one_second(built, monkeypatch):
    monkeypatch.delenv("ONEWINDOW_KAFKA_RECONNECT_BACKOFF_MAX_MS", raising=False)
    monkeypatch.delenv("ONEWINDOW_KAFKA_RECONNECT_BACKOFF_MS", raising=False)
    # Built exactly as the entrypoint's relay process and the services' consumers build them.
    relay = OutboxRelay(engine=create_engine("sqlite://"), schema="unit", bootstrap=NO_BROKER)
    runner = _runner()
    built.extend([relay, runner])
    for client in (relay.producer, runner.consumer, runner.dlt):
        assert client.config["reconnect_backoff_max_ms"] == 1000
        assert client.config["reconnect_backoff_ms"] == 50
    # kafka-python's own default, which the kit must not inherit.
    assert kafka.KafkaProducer.DEFAULT_CONFIG["reconnect_backoff_max_ms"] == 30000


def test_the_backoff_is_read_from_the_environment(built, monkeypatch):
    monkeypatch.setenv("ONEWINDOW_KAFKA_RECONNECT_BACKOFF_MS", "20")
    monkeypatch.setenv("ONEWINDOW_KAFKA_RECONNECT_BACKOFF_MAX_MS", "400")
    relay = OutboxRelay(engine=create_engine("sqlite://"), schema="unit", bootstrap=NO_BROKER)
    runner = _runner()
    built.extend([relay, runner])
    for client in (relay.producer, runner.consumer, runner.dlt):
        assert client.config["reconnect_backoff_ms"] == 20
        assert client.config["reconnect_backoff_max_ms"] == 400


def test_explicit_settings_win_and_a_consumer_override_still_applies(built):
    clients = KafkaClientSettings(reconnect_backoff_ms=10, reconnect_backoff_max_ms=250)
    runner = _runner(clients=clients, consumer_config={"session_timeout_ms": 6000})
    built.append(runner)
    assert runner.consumer.config["reconnect_backoff_max_ms"] == 250
    assert runner.consumer.config["session_timeout_ms"] == 6000
    assert runner.dlt.config["reconnect_backoff_max_ms"] == 250


MAX = "ONEWINDOW_KAFKA_RECONNECT_BACKOFF_MAX_MS"
FIRST = "ONEWINDOW_KAFKA_RECONNECT_BACKOFF_MS"


@pytest.mark.parametrize(
    ("environ", "named", "words"),
    [
        ({MAX: "soon"}, MAX, "must be an integer"),
        ({FIRST: "0"}, FIRST, "must be positive"),
        ({FIRST: "500", MAX: "100"}, MAX, "must be at least"),
    ],
)
def test_a_bad_backoff_variable_names_itself(environ, named, words):
    with pytest.raises(SettingsError) as err:
        load_kafka_client_settings(environ)
    assert f"environment variable {named} {words}" in str(err.value)


def test_a_dead_consumers_partitions_move_after_ten_seconds_not_45(built, monkeypatch):
    monkeypatch.delenv("ONEWINDOW_KAFKA_SESSION_TIMEOUT_MS", raising=False)
    runner = _runner()
    built.append(runner)
    assert runner.consumer.config["session_timeout_ms"] == 10000
    assert runner.consumer.config["heartbeat_interval_ms"] == 3333
    assert kafka.KafkaConsumer.DEFAULT_CONFIG["session_timeout_ms"] == 45000  # not inherited
    monkeypatch.setenv("ONEWINDOW_KAFKA_SESSION_TIMEOUT_MS", "20000")
    other = _runner()
    built.append(other)
    assert other.consumer.config["session_timeout_ms"] == 20000


def test_a_session_timeout_below_the_brokers_minimum_names_itself():
    with pytest.raises(SettingsError, match="ONEWINDOW_KAFKA_SESSION_TIMEOUT_MS must be at least"):
        load_kafka_client_settings({"ONEWINDOW_KAFKA_SESSION_TIMEOUT_MS": "1000"})
