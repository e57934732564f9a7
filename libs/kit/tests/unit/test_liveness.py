"""Relays, consumers and workers answer /healthz from their loop's heartbeat, and wait for Kafka
at start instead of exiting."""

import json
import signal
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from kafka.errors import KafkaConnectionError, KafkaTimeoutError

from onewindow_kit.entrypoint import ServiceSpec, main
from onewindow_kit.kafka_clients import build_when_broker_answers
from onewindow_kit.liveness import (
    HealthServer,
    HeartbeatEvent,
    LivenessSettings,
    load_liveness_settings,
)
from onewindow_kit.settings import SettingsError


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _get(port: int, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_healthz_answers_503_once_the_loop_stops_checking_its_stop_flag():
    clock = Clock()
    heartbeat = HeartbeatEvent(clock)
    server = HealthServer("127.0.0.1", 0, heartbeat, stale_s=60)
    try:
        heartbeat.is_set()  # one turn of the loop
        clock.now += 59
        status, body = _get(server.port, "/healthz")
        assert status == 200 and json.loads(body) == {"status": "alive", "heartbeat_age_s": 59.0}
        clock.now += 2  # the loop hangs (a stuck database call): no check for 61 s
        status, body = _get(server.port, "/healthz")
        assert status == 503 and json.loads(body)["status"] == "stuck"
        heartbeat.is_set()  # it turns again
        assert _get(server.port, "/healthz")[0] == 200
        status, body = _get(server.port, "/metrics")
        assert status == 200 and b"python_info" in body
        assert _get(server.port, "/other")[0] == 404
    finally:
        server.close()


def test_readyz_answers_whether_the_server_serves_and_its_loop_turns():
    clock = Clock()
    heartbeat = HeartbeatEvent(clock)
    serving = threading.Event()
    server = HealthServer("127.0.0.1", 0, heartbeat, stale_s=60, ready=serving.is_set)
    plain = HealthServer("127.0.0.1", 0, heartbeat, stale_s=60)
    try:
        status, body = _get(server.port, "/readyz")  # started, not serving yet
        assert status == 503 and json.loads(body)["status"] == "not serving"
        serving.set()
        status, body = _get(server.port, "/readyz")
        assert status == 200 and json.loads(body) == {"status": "ready", "heartbeat_age_s": 0.0}
        clock.now += 61  # its event loop hangs
        status, body = _get(server.port, "/readyz")
        assert status == 503 and json.loads(body)["status"] == "stuck"
        heartbeat.beat()
        serving.clear()  # shutting down
        assert _get(server.port, "/readyz")[0] == 503
        assert _get(plain.port, "/readyz")[0] == 404  # relays, consumers: no readiness
    finally:
        server.close()
        plain.close()


def test_a_long_wait_keeps_beating_and_a_set_flag_ends_it():
    heartbeat = HeartbeatEvent()
    heartbeat.last_beat -= 3600
    assert heartbeat.wait(0.05) is False
    assert heartbeat.age() < 1
    threading.Timer(0.05, heartbeat.set).start()
    assert heartbeat.wait(30) is True


def test_ports_bind_address_and_bad_settings_name_the_variable():
    assert load_liveness_settings({}) == LivenessSettings("127.0.0.1", 0, 60.0)
    pod = load_liveness_settings(
        {"ONEWINDOW_METRICS_ADDR": "0.0.0.0", "ONEWINDOW_HEALTH_PORT": "9400"}
    )
    assert pod.addr == "0.0.0.0"
    assert pod.port_for(9462, 0, 1) == 9462  # serve keeps the service's metrics port
    assert pod.port_for(9462, 3, 2) == 9400  # every other process: the pod's health port
    one_box = LivenessSettings()
    assert [one_box.port_for(9462, place, 1) for place in range(3)] == [9462, 9472, 9482]
    assert one_box.port_for(9462, 1, 2) == 9572  # relay.2
    assert one_box.port_for(0, 1, 1) == 0
    for name, value in [
        ("ONEWINDOW_HEALTH_PORT", "70000"),
        ("ONEWINDOW_HEALTH_PORT", "x"),
        ("ONEWINDOW_LIVENESS_STALE_S", "0"),
    ]:
        with pytest.raises(SettingsError, match=name):
            load_liveness_settings({name: value})


def test_metrics_bind_to_the_configured_address():
    server = HealthServer("0.0.0.0", 0, None, stale_s=60)
    try:
        assert server._server.server_address[0] == "0.0.0.0"
        assert _get(server.port, "/healthz")[0] == 200  # no heartbeat: alive while it answers
    finally:
        server.close()


def test_building_a_client_waits_while_no_broker_answers():
    attempts = []

    def build() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise KafkaConnectionError() if len(attempts) == 1 else KafkaTimeoutError("bootstrap")
        return "client"

    waits = iter([0.01, 0.02, 0.04])
    assert build_when_broker_answers(build, process="p", stop=threading.Event(), delays=waits) == (
        "client"
    )
    assert len(attempts) == 3
    assert next(waits) == 0.04  # two waits were taken, one per failure

    stop = threading.Event()
    stop.set()
    assert build_when_broker_answers(build, process="p", stop=stop, delays=iter([0.01])) is None


@pytest.fixture
def restore_signals():
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def test_a_consumer_process_started_before_kafka_waits_then_runs_with_a_health_endpoint(
    monkeypatch, restore_signals
):
    port = _free_port()
    monkeypatch.setenv("ONEWINDOW_HEALTH_PORT", str(port))
    monkeypatch.setenv("ONEWINDOW_RELAY_RETRY_FIRST_S", "0.01")
    monkeypatch.setenv("ONEWINDOW_RELAY_RETRY_MAX_S", "0.01")
    seen: dict[str, object] = {"builds": 0}

    class Consumer:
        def partitions_for_topic(self, topic: str) -> set[int]:
            seen.setdefault("metadata_before_join", []).append(topic)  # type: ignore[union-attr]
            return {0}

    class Runner:
        topics = ["onewindow.cases.v1"]
        consumer = Consumer()

        def run(self, stop: threading.Event) -> None:
            seen["healthz"] = _get(port, "/healthz")[0]
            seen["stop_is_heartbeat"] = isinstance(stop, HeartbeatEvent)

        def close(self) -> None:
            seen["closed"] = True

    def consumer(settings, engine) -> Runner:
        seen["builds"] = int(seen["builds"]) + 1  # type: ignore[call-overload]
        if seen["builds"] == 1:
            raise KafkaTimeoutError("Unable to bootstrap from 127.0.0.1:9092")
        return Runner()

    spec = ServiceSpec(
        name="probe",
        migrations_dir=Path("/nonexistent"),
        grpc_service_names=["probe.v1.Probe"],
        build_grpc=lambda settings, engine: (lambda server: None, None),
        consumers={"consume": consumer},
    )
    assert main(spec, ["consume"]) == 0
    assert seen == {
        "builds": 2,
        "metadata_before_join": ["onewindow.cases.v1"],
        "healthz": 200,
        "stop_is_heartbeat": True,
        "closed": True,
    }


def test_each_heartbeat_is_exported_for_the_scanner_silence_alert():
    from onewindow_kit.ops_metrics import heartbeat_at

    heartbeat = HeartbeatEvent(on_beat=heartbeat_at().labels("unit-scan").set_to_current_time)
    server = HealthServer("127.0.0.1", 0, heartbeat, stale_s=60)
    try:
        before = time.time()
        heartbeat.is_set()
        _, body = _get(server.port, "/metrics")
        line = next(
            row
            for row in body.decode().splitlines()
            if row.startswith('onewindow_process_heartbeat_timestamp_seconds{process="unit-scan"}')
        )
        assert float(line.split()[-1]) >= before - 1
    finally:
        server.close()
