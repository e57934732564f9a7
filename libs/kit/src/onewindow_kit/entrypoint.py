"""The commands every service process understands: migrate | serve | relay | consume | health |
address | processes (used by infra/services.sh and `make up`)."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
from sqlalchemy import Engine

from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.db import connection_lost, make_engine
from onewindow_kit.faults import CONSUMER_DIE_BEFORE_COMMIT, RELAY_DIE_AFTER_ACK, die_hook
from onewindow_kit.grpc_server import create_server, serve
from onewindow_kit.grpc_tls import load_grpc_tls
from onewindow_kit.health_probe import serving
from onewindow_kit.heap import freeze_start_up
from onewindow_kit.kafka_clients import build_when_broker_answers
from onewindow_kit.liveness import HealthServer, HeartbeatEvent, load_liveness_settings
from onewindow_kit.logging import configure_logging, get_logger
from onewindow_kit.migrations import upgrade
from onewindow_kit.ops_metrics import heartbeat_at
from onewindow_kit.relay import OutboxRelay, load_retry_backoff
from onewindow_kit.settings import (
    CommonSettings,
    Env,
    SettingsError,
    load_common,
    refuse_plaintext_in_production,
)
from onewindow_kit.storage_errors import storage_full

log = get_logger("onewindow.entrypoint")


@dataclass(frozen=True)
class ServiceSpec:
    """How a service wires itself; the kit runs the processes."""

    name: str  # e.g. "cases"; also its schema
    migrations_dir: Path
    grpc_service_names: Sequence[str]  # full names, e.g. "onewindow.cases.v1.Cases"
    # (settings, engine) -> (register(server), authenticator)
    build_grpc: Callable[[CommonSettings, Engine], tuple[Callable[[Any], None], Any]]
    # consumer process name -> (settings, engine) -> ConsumerRunner
    consumers: dict[str, Callable[[CommonSettings, Engine], ConsumerRunner]] = field(
        default_factory=dict
    )
    # other long-running processes, e.g. a deadline scanner: name -> (settings, engine, stop)
    workers: dict[str, Callable[[CommonSettings, Engine, threading.Event], None]] = field(
        default_factory=dict
    )
    # maximum lengths of request fields (see onewindow_kit.grpc_server_decoding)
    text_limits: Mapping[str, int] = field(default_factory=dict)

    @property
    def schema(self) -> str:
        """The service's own schema."""
        return self.name

    def processes(self) -> list[str]:
        """Long-running processes that `make up` starts."""
        return ["serve", "relay", *self.consumers, *self.workers]


def _stop_event(process: str) -> HeartbeatEvent:
    stop = HeartbeatEvent(on_beat=heartbeat_at().labels(process).set_to_current_time)
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    return stop


def _copy_index() -> int:
    """Which copy of its process this is (1, 2 … when infra/services.sh runs several)."""
    env = Env()
    return env.get_int("ONEWINDOW_PROCESS_INDEX", env.get_int("ONEWINDOW_SERVE_INDEX", 1))


def _health_server(
    settings: CommonSettings,
    spec: ServiceSpec,
    process: str,
    heartbeat: HeartbeatEvent | None,
    ready: Callable[[], bool] | None = None,
) -> HealthServer | None:
    """/healthz and /metrics of this process (see onewindow_kit.liveness); None when the service
    has no metrics port. A taken port is logged, not fatal: the work matters more than the probe."""
    liveness = load_liveness_settings()
    port = liveness.port_for(settings.metrics_port, spec.processes().index(process), _copy_index())
    if not port:
        return None
    try:
        server = HealthServer(liveness.addr, port, heartbeat, liveness.stale_s, ready)
    except OSError as exc:
        log.warning("health_endpoint_unavailable", process=process, port=port, error=str(exc))
        return None
    log.info("health_endpoint_listening", process=process, address=f"{liveness.addr}:{port}")
    return server


def _health(settings: CommonSettings, spec: ServiceSpec) -> int:
    return 0 if serving(settings.grpc_addr, spec.grpc_service_names[0]) else 1


def _serve(settings: CommonSettings, spec: ServiceSpec, engine: Engine) -> int:
    register, authenticator = spec.build_grpc(settings, engine)
    tls = load_grpc_tls()
    # Copies of `serve` share the gRPC port; each has a metrics (and health) endpoint of its own:
    # /healthz while its event loop turns, /readyz while its gRPC server is up, not stopping.
    beat_gauge = heartbeat_at().labels(f"{spec.name}-serve")
    heartbeat = HeartbeatEvent(on_beat=beat_gauge.set_to_current_time)
    serving = threading.Event()
    _health_server(settings, spec, "serve", heartbeat, serving.is_set)

    def build() -> grpc.aio.Server:
        server, port = create_server(
            service_name=spec.name,
            register=register,
            service_names=spec.grpc_service_names,
            authenticator=authenticator,
            address=settings.grpc_addr,
            max_workers=settings.grpc_workers,
            text_limits=spec.text_limits,
            translate_errors=(connection_lost, storage_full),
            max_message_bytes=settings.grpc_max_message_bytes,
            tls=tls,
        )
        log.info(
            "grpc_listening",
            service=spec.name,
            address=settings.grpc_addr,
            port=port,
            tls=tls.enabled,
        )
        return server

    asyncio.run(serve(build, heartbeat=heartbeat, serving=serving))
    return 0


def _relay(settings: CommonSettings, spec: ServiceSpec, engine: Engine) -> int:
    stop = _stop_event(f"{spec.name}-relay")
    _health_server(settings, spec, "relay", stop)
    after_ack = die_hook(RELAY_DIE_AFTER_ACK)
    relay = build_when_broker_answers(
        lambda: OutboxRelay(
            engine=engine,
            schema=spec.schema,
            bootstrap=settings.kafka_bootstrap,
            after_ack=after_ack,
        ),
        process=f"{spec.name}-relay",
        stop=stop,
        delays=load_retry_backoff().delays(),
    )
    if relay is None:
        return 0
    log.info("relay_started", service=spec.name)
    freeze_start_up()
    try:
        relay.run(stop)
    finally:
        relay.close()
    return 0


def _consume(settings: CommonSettings, spec: ServiceSpec, engine: Engine, name: str) -> int:
    stop = _stop_event(f"{spec.name}-{name}")
    _health_server(settings, spec, name, stop)
    runner = build_when_broker_answers(
        lambda: spec.consumers[name](settings, engine),
        process=f"{spec.name}-{name}",
        stop=stop,
        delays=load_retry_backoff().delays(),
    )
    if runner is None:
        return 0
    # Know the topics' partitions before the first poll joins the group: kafka-python's leader
    # can otherwise compute the assignment without metadata ("No partition metadata for topic")
    # and leave this member idle, holding no partition, until the next rebalance.
    for topic in runner.topics:
        runner.consumer.partitions_for_topic(topic)
    before_commit = die_hook(CONSUMER_DIE_BEFORE_COMMIT)
    if before_commit is not None:
        runner._before_offset_commit = before_commit  # the runner's test hook (tests/faults)
    freeze_start_up()
    try:
        runner.run(stop)
    finally:
        runner.close()
    return 0


def _work(settings: CommonSettings, spec: ServiceSpec, engine: Engine, name: str) -> int:
    stop = _stop_event(f"{spec.name}-{name}")
    _health_server(settings, spec, name, stop)
    freeze_start_up()
    spec.workers[name](settings, engine, stop)
    return 0


def main(spec: ServiceSpec, argv: Sequence[str] | None = None) -> int:
    """Run one command of a service."""
    parser = argparse.ArgumentParser(prog=f"python -m onewindow_{spec.name}")
    parser.add_argument(
        "command",
        choices=["migrate", "address", "processes", "health", "describe", *spec.processes()],
    )
    args = parser.parse_args(argv)
    try:
        settings = load_common(spec.name)
        # every command, before it connects anywhere: production never falls back to plaintext
        refuse_plaintext_in_production()
    except SettingsError as exc:
        print(f"onewindow_{spec.name}: {exc}", file=sys.stderr)
        return 2
    if args.command == "processes":
        print(" ".join(spec.processes()))
        return 0
    if args.command == "address":
        print(settings.grpc_addr)
        return 0
    if args.command == "describe":  # for infra/services.sh: one interpreter start, not three
        print(" ".join(spec.processes()))
        print(settings.grpc_addr)
        print(spec.grpc_service_names[0])
        return 0
    if args.command == "health":
        return _health(settings, spec)
    configure_logging(settings.log_level)
    if args.command == "migrate":
        upgrade(spec.migrations_dir, settings.database_url, spec.schema)
        log.info("migrated", service=spec.name)
        return 0
    # Connections are pinged only after an idle spell (make_engine), not on every checkout.
    # One pooled connection per gRPC worker thread: a smaller pool opens and closes overflow
    # connections under load, and each new connection costs a backend start and SCRAM auth.
    engine = make_engine(settings.database_url, pool_size=max(10, settings.grpc_workers + 2))
    if args.command == "serve":
        return _serve(settings, spec, engine)
    if args.command == "relay":
        return _relay(settings, spec, engine)
    if args.command in spec.consumers:
        return _consume(settings, spec, engine, args.command)
    return _work(settings, spec, engine, args.command)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(2)
