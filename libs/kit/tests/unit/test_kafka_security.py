"""SASL/SCRAM and TLS for every Kafka client the kit builds, from ONEWINDOW_KAFKA_SECURITY_*:
the relay's producer, a consumer and its dead-letter producer get the same options."""

from __future__ import annotations

import kafka
import pytest
from sqlalchemy import create_engine

from onewindow_kit import consumer as consumer_module
from onewindow_kit import relay as relay_module
from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.kafka_security import KafkaSecurity, load_kafka_security
from onewindow_kit.relay import OutboxRelay
from onewindow_kit.settings import SettingsError

PINNED = {"api_version": (3, 9)}  # built without asking a broker for its version


class _Producer(kafka.KafkaProducer):
    def __init__(self, **configs):
        super().__init__(**{**PINNED, **configs})


class _Consumer(kafka.KafkaConsumer):
    def __init__(self, *topics, **configs):
        super().__init__(*topics, **{**PINNED, **configs})


SASL_SSL = {
    "ONEWINDOW_KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
    "ONEWINDOW_KAFKA_USERNAME": "cases",
    "ONEWINDOW_KAFKA_PASSWORD": "cases-secret",
    "ONEWINDOW_KAFKA_CA": "/etc/onewindow/kafka-ca.pem",
}


def test_plaintext_by_default_adds_nothing():
    assert load_kafka_security({}) == KafkaSecurity()
    assert KafkaSecurity().options() == {}


def test_every_client_of_a_service_authenticates_as_its_own_scram_user(monkeypatch):
    monkeypatch.setattr(relay_module, "KafkaProducer", _Producer)
    monkeypatch.setattr(consumer_module, "KafkaConsumer", _Consumer)
    for name, value in SASL_SSL.items():
        monkeypatch.setenv(name, value)
    # Built exactly as the entrypoint's relay process and the services' consumers build them.
    relay = OutboxRelay(engine=create_engine("sqlite://"), schema="unit", bootstrap="127.0.0.1:1")
    runner = ConsumerRunner(
        name="cases-unit",
        topics=["onewindow.documents.v1"],
        engine=create_engine("sqlite://"),
        schema="unit",
        bootstrap="127.0.0.1:1",
        handler=lambda session, envelope: None,
    )
    configs = [client.config for client in (relay.producer, runner.consumer, runner.dlt)]
    relay.close()
    runner.close()
    for config in configs:
        assert config["security_protocol"] == "SASL_SSL"
        assert config["sasl_mechanism"] == "SCRAM-SHA-512"
        assert config["sasl_plain_username"] == "cases"
        assert config["sasl_plain_password"] == "cases-secret"
        assert config["ssl_cafile"] == "/etc/onewindow/kafka-ca.pem"
        assert config["ssl_check_hostname"] is True


def test_the_password_never_prints():
    assert "cases-secret" not in repr(load_kafka_security(SASL_SSL))


@pytest.mark.parametrize(
    ("environ", "words"),
    [
        ({"ONEWINDOW_KAFKA_SECURITY_PROTOCOL": "TLS"}, "SECURITY_PROTOCOL must be one of"),
        ({**SASL_SSL, "ONEWINDOW_KAFKA_SASL_MECHANISM": "PLAIN"}, "SASL_MECHANISM must be one of"),
        ({**SASL_SSL, "ONEWINDOW_KAFKA_PASSWORD": ""}, "ONEWINDOW_KAFKA_PASSWORD is required"),
        ({**SASL_SSL, "ONEWINDOW_KAFKA_USERNAME": ""}, "ONEWINDOW_KAFKA_USERNAME is required"),
    ],
)
def test_bad_or_missing_settings_name_the_variable(environ, words):
    with pytest.raises(SettingsError, match=words):
        load_kafka_security(environ)
