"""The production profile (issue 15), switched on by configuration alone and run once with
self-made certificates against components of the test's own (infra/production_profile.py):
PostgreSQL that accepts TLS only (port 25442), a KRaft broker with one SASL_SSL listener,
SCRAM users per service and the ACLs of infra/kafka/acls.yaml (25092/25093), and the cases
service's real processes with TLS on gRPC (mutual TLS, 25052). The shared stack is not touched.

- PostgreSQL: cases' migrations run over TLS (verify-full), a query sees its connection
  encrypted, and the submit writer's own pool too; a plaintext connection and a connection
  that does not trust the server's CA are refused.
- Kafka: cases' producer writes onewindow.cases.v1 and is refused on identity's topic;
  documents (whose ACL reads the cases topic) consumes the event in its group; identity (no
  such ACL) is refused; a wrong password is refused.
- gRPC: cases `serve` listens with TLS only and requires a client certificate of the CA; its
  health answers a client with one, refuses plaintext, a client without a certificate and one
  signed by another CA. Cases `relay` publishes an outbox row from the TLS database to the
  SASL_SSL broker.
- ONEWINDOW_ENV=production: cases' processes above run with it (all three secured, they start);
  a real cases or gateway process with one of the three off exits at once with status 2 and one
  line naming the setting (no component needed for that).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import psycopg
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from kafka import KafkaAdminClient, KafkaConsumer
from kafka.errors import (
    GroupAuthorizationFailedError,
    KafkaError,
    TopicAuthorizationFailedError,
)
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from onewindow.cases.v1 import events_pb2
from onewindow_kit.certs import Issued
from onewindow_kit.db import conninfo
from onewindow_kit.grpc_tls import GrpcTls, open_channel
from onewindow_kit.kafka_clients import load_kafka_client_settings
from onewindow_kit.outbox import Outbox, PendingEvent
from onewindow_kit.relay import make_producer
from onewindow_kit.settings import load_common

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "infra"))
import production_profile as pp  # noqa: E402

CASES_GRPC_PORT = 25052
PROCESS_START_S = 60


@pytest.fixture(autouse=True)
def restored() -> None:
    """Nothing of the shared stack is broken here: the suite's restore check (conftest) is
    not needed after these tests."""


@dataclass
class Profile:
    pki: dict[str, Issued]
    pg: pp.PrivatePostgres
    kafka: pp.PrivateKafka
    cases: dict[str, str]  # the cases service's settings in the profile
    documents: dict[str, str]
    identity: dict[str, str]


@pytest.fixture(scope="module")
def profile() -> Iterator[Profile]:
    started = time.monotonic()
    directory = Path(tempfile.mkdtemp(prefix="ow-production-profile-"))
    os.chmod(directory, 0o755)  # the postgres user reaches its data directory below
    pki = pp.make_pki(directory / "pki")
    pg = pp.PrivatePostgres(directory / "postgres", pki)
    kafka = pp.PrivateKafka(directory / "kafka", pki)
    try:
        pg.start()
        kafka.start()
        envs = {}
        for service in ("cases", "documents", "identity"):
            password = secrets.token_urlsafe(16)
            pg.add_service(service, password)
            envs[service] = pp.service_env(
                service, pki, pg=pg, kafka=kafka, db_password=password,
                grpc_port=CASES_GRPC_PORT, client_auth=True,
            )  # fmt: skip
        print(f"\n[production-profile] components up in {time.monotonic() - started:.1f} s")
        yield Profile(pki, pg, kafka, envs["cases"], envs["documents"], envs["identity"])
    finally:
        kafka.stop()
        pg.stop()
        shutil.rmtree(directory, ignore_errors=True)
        print(f"[production-profile] done in {time.monotonic() - started:.1f} s")


def _run_env(settings: dict[str, str]) -> dict[str, str]:
    """The process environment: the profile's settings over this one's, no metrics ports (the
    shared stack's cases processes hold them) and the downstream services on unused ports."""
    return {
        **os.environ,
        **settings,
        "ONEWINDOW_ENV": "production",  # refuses to start unless all three are secured
        "ONEWINDOW_CASES_METRICS_PORT": "0",
        "ONEWINDOW_IDENTITY_GRPC_ADDR": "127.0.0.1:25051",
        "ONEWINDOW_DOCUMENTS_GRPC_ADDR": "127.0.0.1:25053",
    }


def _cases(*args: str, settings: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "onewindow_cases", *args],
        env=_run_env(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _stop(proc: subprocess.Popen[bytes]) -> str:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
    out = proc.stdout.read() if proc.stdout else b""
    return out.decode(errors="replace")[-3000:]


@pytest.fixture(scope="module")
def migrated(profile: Profile) -> subprocess.CompletedProcess[bytes]:
    """cases' real `migrate` process, with the profile's settings (database TLS verify-full)."""
    return subprocess.run(
        [sys.executable, "-m", "onewindow_cases", "migrate"],
        env=_run_env(profile.cases),
        capture_output=True,
        timeout=120,
    )


def test_cases_migrates_and_queries_over_tls_only(
    profile: Profile, migrated: subprocess.CompletedProcess[bytes]
) -> None:
    assert migrated.returncode == 0, migrated.stderr.decode()[-3000:]
    settings = load_common("cases", profile.cases)
    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            ssl = conn.execute(
                text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            ).scalar_one()
            version = conn.execute(text("SELECT version_num FROM cases.alembic_version")).scalar()
    finally:
        engine.dispose()
    assert ssl is True
    assert version  # the migrations ran, over TLS
    # the submit writer's own psycopg pool connects from the same URL: encrypted as well
    with psycopg.connect(conninfo(settings.database_url)) as conn:
        assert conn.info.pgconn.ssl_in_use


@pytest.mark.parametrize(
    ("mode", "words"),
    [("disable", "no encryption"), ("verify-full", "certificate verify failed")],
)
def test_a_plaintext_or_untrusting_database_connection_is_refused(
    profile: Profile, mode: str, words: str
) -> None:
    settings = {**profile.cases, "ONEWINDOW_DB_SSLMODE": mode}
    if mode == "verify-full":  # trusting another CA than the one that signed the server
        settings["ONEWINDOW_DB_SSLROOTCERT"] = str(profile.pki["intruder"].cert.parent / "ca.pem")
    engine = create_engine(load_common("cases", settings).database_url)
    try:
        with pytest.raises(OperationalError, match=words), engine.connect():
            pass
    finally:
        engine.dispose()


def _send(settings: dict[str, str], topic: str, value: bytes) -> None:
    clients = load_kafka_client_settings(settings)
    producer = make_producer(settings["ONEWINDOW_KAFKA_BOOTSTRAP"], "profile-test", clients)
    try:
        producer.send(topic, key=b"k", value=value).get(timeout=30)
    finally:
        producer.close(timeout=5)


def _consume(settings: dict[str, str], group: str, topic: str, want: bytes) -> bool:
    clients = load_kafka_client_settings(settings)
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=settings["ONEWINDOW_KAFKA_BOOTSTRAP"],
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        **clients.consumer_options(),
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=1000).values():
                if any(r.value == want for r in records):
                    consumer.commit()
                    return True
        return False
    finally:
        consumer.close()


def test_each_service_writes_only_its_own_topic_and_reads_what_its_acl_allows(
    profile: Profile,
) -> None:
    marker = secrets.token_bytes(12)
    _send(profile.cases, "onewindow.cases.v1", marker)
    with pytest.raises(TopicAuthorizationFailedError):
        _send(profile.cases, "onewindow.identity.v1", b"forged")
    assert _consume(profile.documents, "documents-certificates", "onewindow.cases.v1", marker)
    with pytest.raises((TopicAuthorizationFailedError, GroupAuthorizationFailedError)):
        _consume(profile.identity, "identity-snoop", "onewindow.cases.v1", marker)
    wrong = {**profile.cases, "ONEWINDOW_KAFKA_PASSWORD": "not-the-password"}
    with pytest.raises(KafkaError):  # the client cannot get past the handshake
        _admin(wrong).close()
    log = profile.kafka.directory / "logs" / "server.log"
    assert "due to invalid credentials with SASL mechanism SCRAM-SHA-512" in log.read_text()
    _admin(profile.cases).close()  # the right password passes the same handshake


def _admin(settings: dict[str, str]) -> KafkaAdminClient:
    return KafkaAdminClient(
        bootstrap_servers=settings["ONEWINDOW_KAFKA_BOOTSTRAP"],
        bootstrap_timeout_ms=5000,
        request_timeout_ms=5000,
        **load_kafka_client_settings(settings).options(),
    )


def _health(tls: GrpcTls) -> grpc.StatusCode:
    with open_channel(f"127.0.0.1:{CASES_GRPC_PORT}", tls=tls) as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service="onewindow.cases.v1.Cases"), timeout=3
            )
        except grpc.RpcError as exc:
            return exc.code()  # type: ignore[attr-defined,no-any-return]
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
    return grpc.StatusCode.OK


def test_cases_serve_speaks_mutual_tls_and_its_relay_publishes_over_sasl_ssl(
    profile: Profile, migrated: subprocess.CompletedProcess[bytes]
) -> None:
    assert migrated.returncode == 0, migrated.stderr.decode()[-3000:]
    pki, ca = profile.pki, str(profile.pki["ca"].cert)
    gateway = GrpcTls(True, cert=str(pki["gateway"].cert), key=str(pki["gateway"].key), ca=ca)
    intruder = GrpcTls(True, cert=str(pki["intruder"].cert), key=str(pki["intruder"].key), ca=ca)
    serve = _cases("serve", settings=profile.cases)
    try:
        deadline = time.monotonic() + PROCESS_START_S
        while _health(gateway) != grpc.StatusCode.OK:
            assert serve.poll() is None, _stop(serve)
            assert time.monotonic() < deadline, _stop(serve)
            time.sleep(0.5)
        assert _health(GrpcTls()) == grpc.StatusCode.UNAVAILABLE  # plaintext
        assert _health(GrpcTls(True, ca=ca)) == grpc.StatusCode.UNAVAILABLE  # no certificate
        assert _health(intruder) == grpc.StatusCode.UNAVAILABLE  # another CA's certificate
    finally:
        log = _stop(serve)
    assert "Traceback" not in log, log

    event = PendingEvent(
        name="case_withdrawn",
        subject=f"case-{secrets.token_hex(4)}",
        aggregate_type="case",
        payload=events_pb2.CaseWithdrawn(),
    )
    engine = create_engine(load_common("cases", profile.cases).database_url)
    try:
        with Session(engine) as session:
            Outbox(source="cases", schema="cases", topic="onewindow.cases.v1").write(
                session, [event]
            )
            session.commit()
    finally:
        engine.dispose()
    relay = _cases("relay", settings=profile.cases)
    try:
        seen = _consume_event(profile.documents, event.event_id)
    finally:
        log = _stop(relay)
    assert seen, log


def _consume_event(settings: dict[str, str], event_id: str) -> bool:
    from onewindow.events.v1 import envelope_pb2

    clients = load_kafka_client_settings(settings)
    consumer = KafkaConsumer(
        "onewindow.cases.v1",
        bootstrap_servers=settings["ONEWINDOW_KAFKA_BOOTSTRAP"],
        group_id=None,
        auto_offset_reset="earliest",
        **clients.options(),
    )
    try:
        deadline = time.monotonic() + PROCESS_START_S
        while time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=1000).values():
                for record in records:
                    envelope = envelope_pb2.EventEnvelope()
                    try:
                        envelope.ParseFromString(record.value)
                    except Exception:  # the raw marker of the ACL test
                        continue
                    if envelope.id == event_id:
                        return True
        return False
    finally:
        consumer.close()


# What production wants, without the files: the refusal comes before anything is read or dialled.
SECURED = {
    "ONEWINDOW_ENV": "production",
    "ONEWINDOW_GRPC_TLS": "1",
    "ONEWINDOW_DB_SSLMODE": "verify-full",
    "ONEWINDOW_DB_SSLROOTCERT": "/nonexistent/ca.pem",
    "ONEWINDOW_KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
    "ONEWINDOW_KAFKA_USERNAME": "cases",
    "ONEWINDOW_KAFKA_PASSWORD": "from-the-vault",
    "ONEWINDOW_CASES_DB_PASSWORD": "from-the-vault",
    "ONEWINDOW_GATEWAY_CLIENT_SECRET": "from-the-vault",
    # were a process let through, it would serve here (and the test time out), not on the stack
    "ONEWINDOW_CASES_GRPC_ADDR": f"127.0.0.1:{CASES_GRPC_PORT}",
    "ONEWINDOW_CASES_METRICS_PORT": "0",
    "ONEWINDOW_GATEWAY_ADDR": "127.0.0.1:25000",
    "ONEWINDOW_PG_PORT": "25442",
    "ONEWINDOW_KAFKA_BOOTSTRAP": "127.0.0.1:25092",
}


@pytest.mark.parametrize(
    ("module", "command", "off"),
    [
        ("onewindow_cases", "serve", {"ONEWINDOW_GRPC_TLS": "0"}),
        ("onewindow_cases", "migrate", {"ONEWINDOW_DB_SSLMODE": "require"}),
        ("onewindow_cases", "relay", {"ONEWINDOW_KAFKA_SECURITY_PROTOCOL": "PLAINTEXT"}),
        ("onewindow_gateway", "serve", {"ONEWINDOW_GRPC_TLS": "0"}),
        ("onewindow_gateway", "serve", {"ONEWINDOW_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT"}),
    ],
)
def test_production_refuses_to_start_a_process_on_a_plaintext_connection(
    module: str, command: str, off: dict[str, str]
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEWINDOW_")}
    # its own process group: a process let through (a gateway's uvicorn workers) goes with it
    proc = subprocess.Popen(
        [sys.executable, "-m", module, command],
        env={**env, **SECURED, **off},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, stderr = proc.communicate(timeout=PROCESS_START_S)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    [name] = off
    lines = stderr.strip().splitlines()
    assert proc.returncode == 2, stderr[-3000:]
    assert len(lines) == 1, lines  # one clear line, no traceback
    assert "ONEWINDOW_ENV=production refuses to start" in lines[0]
    assert f"{name} is {off[name] if name != 'ONEWINDOW_GRPC_TLS' else 'off'}" in lines[0]
    named = [n for n in ("ONEWINDOW_GRPC_TLS ", "ONEWINDOW_DB_SSLMODE", "ONEWINDOW_KAFKA_SEC")
             if n in lines[0]]  # fmt: skip
    assert len(named) == 1, lines[0]  # only the one that is off
