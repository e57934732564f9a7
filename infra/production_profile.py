"""The production profile's components on one box, for its test and for trying it out: a private
CA, a PostgreSQL cluster that accepts only TLS (``hostssl`` with SCRAM), and a KRaft broker with
one SASL_SSL listener (SCRAM-SHA-512 users per service, StandardAuthorizer with the ACLs of
infra/kafka/acls.yaml, the controller listener on mutual TLS). Neither touches the stack's own
PostgreSQL cluster or broker: other ports (25442; 25092/25093) and own data directories. Every
port here lies below the kernel's ephemeral range (32768-60999), so no client socket of a busy
test run can hold one when a component binds it.

Usage: python infra/production_profile.py DIR
  makes a CA and certificates in DIR, starts both components, writes DIR/<service>.env (the
  ONEWINDOW_* settings each service runs with against them: `set -a; . DIR/cases.env`), and
  runs until interrupted (Ctrl-C), then stops both and removes their data.
The production-profile test (tests/faults/test_production_profile.py) uses the same classes.
"""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509 import load_pem_x509_certificate

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "infra"))
from kafka_acls import apply as apply_acls  # noqa: E402
from kafka_acls import load_table  # noqa: E402

from onewindow_kit.certs import Issued, make_ca, make_leaf  # noqa: E402
from onewindow_kit.topics import all_topics  # noqa: E402

PG_BIN = Path("/usr/lib/postgresql/15/bin")
KAFKA_LIBS = ROOT / "var" / "cache" / f"kafka-{os.environ.get('KAFKA_VERSION', '4.1.1')}" / "libs"
SERVICES = ("identity", "cases", "documents", "notifications")
PRINCIPALS = (*SERVICES, "gateway")


# The test broker's fixed settings (one node; SCRAM on the client listener; the controller,
# which cannot use SCRAM (its users live in the metadata it serves), on mutual TLS).
BROKER_SETTINGS = {
    "process.roles": "broker,controller",
    "node.id": "1",
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "SASL_SSL",
    # the controller cannot use SCRAM (its users live in the metadata it serves): mTLS
    "listener.security.protocol.map": "SASL_SSL:SASL_SSL,CONTROLLER:SSL",
    "listener.name.controller.ssl.client.auth": "required",
    "sasl.enabled.mechanisms": "SCRAM-SHA-512",
    "sasl.mechanism.inter.broker.protocol": "SCRAM-SHA-512",
    "ssl.keystore.type": "PKCS12",
    "ssl.truststore.type": "PEM",
    "ssl.principal.mapping.rules": "RULE:^CN=([^,]+),.*$/$1/,DEFAULT",
    "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
    "super.users": "User:admin;User:kafka-broker",
    "allow.everyone.if.no.acl.found": "false",
    "num.partitions": "1",
    "offsets.topic.replication.factor": "1",
    "offsets.topic.num.partitions": "3",
    "transaction.state.log.replication.factor": "1",
    "transaction.state.log.min.isr": "1",
    "share.coordinator.state.topic.replication.factor": "1",
    "share.coordinator.state.topic.min.isr": "1",
    "min.insync.replicas": "1",
    "auto.create.topics.enable": "false",
    "group.initial.rebalance.delay.ms": "0",
}


def _wait(check: Callable[[], bool], what: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # a component on its way up answers with errors first
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{what} did not come up within {seconds:.0f} s")


def _free(port: int) -> None:
    with socket.socket() as sock:
        if sock.connect_ex(("127.0.0.1", port)) == 0:
            raise RuntimeError(f"port {port} on 127.0.0.1 is taken; stop what listens there")


def make_pki(directory: Path) -> dict[str, Issued]:
    """A CA and a certificate per component and principal (each valid for 127.0.0.1 and
    localhost), plus one from another CA (an intruder's)."""
    ca = make_ca(directory)
    issued = {"ca": ca}
    for name in ("postgres", "kafka-broker", *PRINCIPALS):
        issued[name] = make_leaf(ca, name)
    stranger = make_ca(directory / "stranger", "someone else's CA")
    issued["intruder"] = make_leaf(stranger, "intruder")
    return issued


@dataclass
class PrivatePostgres:
    """PostgreSQL 15 in ``directory``: TLS only (pg_hba has hostssl lines only), on ``port``."""

    directory: Path
    pki: dict[str, Issued]
    port: int = 25442

    @property
    def data(self) -> Path:
        return self.directory / "pgdata"

    def _as_postgres(self, *args: str, **kw: object) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(  # type: ignore[call-overload,no-any-return]
            ["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True, **kw
        )

    def start(self) -> None:
        """initdb (first time), certificate, TLS-only configuration, start; waits until ready."""
        _free(self.port)
        self.directory.mkdir(parents=True, exist_ok=True)
        os.chmod(self.directory, 0o755)
        shutil.chown(self.directory, "postgres", "postgres")  # its log and socket live here
        if not (self.data / "PG_VERSION").exists():
            self.data.mkdir(exist_ok=True)
            shutil.chown(self.data, "postgres", "postgres")
            self._as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "peer")
        for src, dst in (
            (self.pki["postgres"].cert, "server.crt"),
            (self.pki["postgres"].key, "server.key"),
        ):
            shutil.copy(src, self.data / dst)
            shutil.chown(self.data / dst, "postgres", "postgres")
            os.chmod(self.data / dst, 0o600)
        (self.data / "pg_hba.conf").write_text(
            "local all postgres peer\n"
            "hostssl all all 127.0.0.1/32 scram-sha-256\n",  # no `host` line: plaintext refused
            encoding="utf-8",
        )
        conf = (
            f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{self.directory}'\nssl = on\n"
            "ssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n"
            "password_encryption = 'scram-sha-256'\nshared_buffers = 32MB\nmax_connections = 40\n"
            "fsync = off\n"  # a throw-away cluster; keeps the shared disk quiet
        )
        (self.data / "postgresql.auto.conf").write_text(conf, encoding="utf-8")
        self._as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.directory / "pg.log"),
            "-w", "-t", "30", "start",
        )  # fmt: skip

    def psql(self, sql: str) -> str:
        """Run ``sql`` as the superuser over the private socket."""
        out = self._as_postgres(
            str(PG_BIN / "psql"), "-h", str(self.directory), "-p", str(self.port),
            "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-Atc", sql,
        )  # fmt: skip
        return out.stdout.decode().strip()

    def add_service(self, service: str, password: str) -> None:
        """Role and database ow_<service>, as infra/postgres.sh makes them."""
        role = f"ow_{service}"
        self.psql(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
        self.psql(f"CREATE DATABASE {role} OWNER {role}")

    def stop(self) -> None:
        """Stop (fast) and remove the data directory."""
        if (self.data / "postmaster.pid").exists():
            self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")
        shutil.rmtree(self.data, ignore_errors=True)


@dataclass
class PrivateKafka:
    """A KRaft broker in ``directory`` with one SASL_SSL listener for clients and brokers."""

    directory: Path
    pki: dict[str, Issued]
    # not 19092/29092: tests/faults/private-stack.sh's brokers listen there
    port: int = 25092
    controller_port: int = 25093
    admin_password: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    passwords: dict[str, str] = field(
        default_factory=lambda: {p: secrets.token_urlsafe(16) for p in PRINCIPALS}
    )
    process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _keystore(self) -> tuple[Path, str]:
        """The broker's certificate and key as PKCS#12 (Java reads it as is)."""
        issued, password = self.pki["kafka-broker"], secrets.token_urlsafe(12)
        key = serialization.load_pem_private_key(issued.key.read_bytes(), password=None)
        cert = load_pem_x509_certificate(issued.cert.read_bytes())
        data = pkcs12.serialize_key_and_certificates(
            b"kafka-broker", key, cert, None,  # type: ignore[arg-type]
            serialization.BestAvailableEncryption(password.encode()),
        )  # fmt: skip
        path = self.directory / "broker.p12"
        path.write_bytes(data)
        os.chmod(path, 0o600)
        return path, password

    def _properties(self) -> Path:
        keystore, store_password = self._keystore()
        jaas = (
            "org.apache.kafka.common.security.scram.ScramLoginModule required "
            f'username="admin" password="{self.admin_password}";'
        )
        lines = {
            **BROKER_SETTINGS,
            "controller.quorum.bootstrap.servers": f"127.0.0.1:{self.controller_port}",
            "listeners": f"SASL_SSL://127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}",
            "advertised.listeners": f"SASL_SSL://127.0.0.1:{self.port}",
            "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config": jaas,
            "ssl.keystore.location": str(keystore),
            "ssl.keystore.password": store_password,
            "ssl.key.password": store_password,
            "ssl.truststore.location": str(self.pki["ca"].cert),
            "log.dirs": str(self.directory / "data"),
        }
        path = self.directory / "server.properties"
        path.write_text("".join(f"{k}={v}\n" for k, v in lines.items()), encoding="utf-8")
        return path

    def _java(self, *args: str) -> list[str]:
        log4j = ROOT / "infra" / "kafka" / "log4j2.yaml"
        return [
            # a short-lived broker: start-up time matters more than peak throughput
            "java", "-Xms128m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            f"-Dlog4j2.configurationFile={log4j}",
            f"-Dkafka.logs.dir={self.directory / 'logs'}", "-cp", f"{KAFKA_LIBS}/*", *args,
        ]  # fmt: skip

    def client_options(self, user: str, password: str) -> dict[str, object]:
        """kafka-python options of ``user`` against this broker."""
        return {
            "security_protocol": "SASL_SSL",
            "sasl_mechanism": "SCRAM-SHA-512",
            "sasl_plain_username": user,
            "sasl_plain_password": password,
            "ssl_cafile": str(self.pki["ca"].cert),
        }

    def start(self) -> None:
        """Format with the SCRAM users, start, create the topics and apply infra/kafka/acls.yaml."""
        _free(self.port)
        _free(self.controller_port)
        if not KAFKA_LIBS.is_dir():
            raise RuntimeError(f"no broker jars in {KAFKA_LIBS}: run `bash infra/kafka.sh up` once")
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "logs").mkdir(exist_ok=True)
        props = self._properties()
        users = {"admin": self.admin_password, **self.passwords}
        scram = [
            arg
            for user, password in users.items()
            for arg in ("--add-scram", f"SCRAM-SHA-512=[name={user},password={password}]")
        ]
        cid = "-"
        while cid.startswith("-"):  # a leading '-' would read as an option (Kafka avoids it too)
            cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        subprocess.run(
            self._java("kafka.tools.StorageTool", "format", "--standalone", "-t", cid,
                       "-c", str(props), *scram),
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        with (self.directory / "kafka.out").open("wb") as out:
            self.process = subprocess.Popen(
                self._java("kafka.Kafka", str(props)), stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        # its own log says when it listens: no client knocking (each failed TLS handshake costs
        # CPU the starting broker needs on a busy box)
        _wait(self._started, "the SASL_SSL broker", 180)
        admin = self.client_options("admin", self.admin_password)
        _wait(lambda: self._create_topics(admin), "the broker's admin API", 60)
        apply_acls(self.bootstrap, load_table(), **admin)

    def _started(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise SystemExit(f"the broker exited; see {self.directory / 'kafka.out'}")
        log = self.directory / "logs" / "server.log"
        return log.exists() and "Kafka Server started" in log.read_text(errors="replace")

    def _create_topics(self, admin: dict[str, object]) -> bool:
        from kafka import KafkaAdminClient
        from kafka.admin import NewTopic

        client = KafkaAdminClient(
            bootstrap_servers=self.bootstrap,
            request_timeout_ms=5000,
            bootstrap_timeout_ms=5000,
            **admin,
        )
        try:
            existing = set(client.list_topics())
            missing = [t.name for t in all_topics() if t.name not in existing]
            if missing:
                client.create_topics([NewTopic(name, 1, 1) for name in missing])
            return True
        finally:
            client.close()

    def stop(self) -> None:
        """Stop the broker (SIGTERM, then SIGKILL after 5 s: its data is thrown away) and
        remove its data."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        shutil.rmtree(self.directory / "data", ignore_errors=True)


def service_env(
    service: str, pki: dict[str, Issued], *, pg: PrivatePostgres, kafka: PrivateKafka,
    db_password: str, grpc_port: int, client_auth: bool = False,
) -> dict[str, str]:  # fmt: skip
    """The ONEWINDOW_* settings of ``service`` in the production profile against these
    components: TLS to PostgreSQL (verify-full), SASL_SSL to Kafka as its own user, TLS gRPC."""
    svc = service.upper()
    own = pki[service]
    return {
        "ONEWINDOW_PG_HOST": "127.0.0.1",
        "ONEWINDOW_PG_PORT": str(pg.port),
        f"ONEWINDOW_{svc}_DB_PASSWORD": db_password,
        "ONEWINDOW_DB_SSLMODE": "verify-full",
        "ONEWINDOW_DB_SSLROOTCERT": str(pki["ca"].cert),
        "ONEWINDOW_KAFKA_BOOTSTRAP": kafka.bootstrap,
        "ONEWINDOW_KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
        "ONEWINDOW_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "ONEWINDOW_KAFKA_USERNAME": service,
        "ONEWINDOW_KAFKA_PASSWORD": kafka.passwords[service],
        "ONEWINDOW_KAFKA_CA": str(pki["ca"].cert),
        f"ONEWINDOW_{svc}_GRPC_ADDR": f"127.0.0.1:{grpc_port}",
        "ONEWINDOW_GRPC_TLS": "1",
        "ONEWINDOW_GRPC_TLS_CERT": str(own.cert),
        "ONEWINDOW_GRPC_TLS_KEY": str(own.key),
        "ONEWINDOW_GRPC_TLS_CA": str(pki["ca"].cert),
        "ONEWINDOW_GRPC_TLS_CLIENT_AUTH": "1" if client_auth else "0",
    }


def main(argv: list[str]) -> int:
    """Start both components in DIR until interrupted."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    directory = Path(argv[0]).resolve()
    pki = make_pki(directory / "pki")
    pg = PrivatePostgres(directory / "postgres", pki)
    kafka = PrivateKafka(directory / "kafka", pki)
    try:
        pg.start()
        kafka.start()
        for number, service in enumerate(SERVICES, start=1):
            password = secrets.token_urlsafe(16)
            pg.add_service(service, password)
            env = service_env(
                service, pki, pg=pg, kafka=kafka, db_password=password, grpc_port=25050 + number
            )
            path = directory / f"{service}.env"
            path.write_text("".join(f"{k}={v}\n" for k, v in env.items()), encoding="utf-8")
            os.chmod(path, 0o600)
        print(f"PostgreSQL (TLS only) 127.0.0.1:{pg.port}; Kafka (SASL_SSL) {kafka.bootstrap}")
        print(f"settings per service: {directory}/<service>.env; Ctrl-C stops both")
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        kafka.stop()
        pg.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
