"""Settings from the environment, read once at start-up into frozen objects (never at import)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import quote, urlencode


class SettingsError(RuntimeError):
    """A required variable is missing or malformed; the message names it."""


class Env:
    """Typed reads of ONEWINDOW_* variables that fail with the variable's name."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ

    def get_str(self, name: str, default: str | None = None) -> str:
        """A string; SettingsError when missing and no default."""
        value = self._environ.get(name)
        if value is None or value == "":
            if default is None:
                raise SettingsError(f"environment variable {name} is required but not set")
            return default
        return value

    def get_int(self, name: str, default: int | None = None) -> int:
        """An integer; SettingsError naming the variable when malformed."""
        raw = self._environ.get(name)
        if raw is None or raw == "":
            if default is None:
                raise SettingsError(f"environment variable {name} is required but not set")
            return default
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(
                f"environment variable {name} must be an integer, got {raw!r}"
            ) from None

    def get_float(self, name: str, default: float) -> float:
        """A float; SettingsError naming the variable when malformed."""
        raw = self._environ.get(name)
        if raw is None or raw == "":
            return default
        try:
            return float(raw)
        except ValueError:
            raise SettingsError(
                f"environment variable {name} must be a number, got {raw!r}"
            ) from None

    def get_bool(self, name: str, default: bool) -> bool:
        """true/false/1/0/yes/no."""
        raw = self._environ.get(name)
        if raw is None or raw == "":
            return default
        lowered = raw.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"environment variable {name} must be true or false, got {raw!r}")

    def get_address(self, name: str, default: str) -> str:
        """host:port, the port 1-65535 (gRPC would quietly listen on 99999 mod 65536)."""
        value = self.get_str(name, default)
        host, sep, port = value.rpartition(":")
        if not sep or not host or not port.isdigit():
            raise SettingsError(f"environment variable {name} must be host:port, got {value!r}")
        if not 0 < int(port) < 65536:
            raise SettingsError(
                f"environment variable {name} must have a port from 1 to 65535, got {value!r}"
            )
        return value


@dataclass(frozen=True)
class Secret:
    """A value that never prints."""

    value: str

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__


@dataclass(frozen=True)
class CommonSettings:
    """What every service process reads: where PostgreSQL, Kafka and Keycloak are, and who it is."""

    service: str
    pg_host: str
    pg_port: int
    db_name: str
    db_user: str
    db_password: Secret
    kafka_bootstrap: str
    keycloak_url: str
    keycloak_realm: str
    token_audience: str
    grpc_addr: str
    grpc_workers: int
    metrics_port: int
    log_level: str
    # the largest request the gRPC server accepts (a streamed upload: one chunk)
    grpc_max_message_bytes: int = 4 * 1024 * 1024
    # libpq's sslmode and the CA that signs the server's certificate (empty: libpq's defaults)
    db_sslmode: str = ""
    db_sslrootcert: str = ""

    @property
    def database_url(self) -> str:
        """SQLAlchemy URL for this service's own database (TLS parameters in its query, which
        psycopg hands to libpq, so every engine and pool built from it uses them)."""
        pw = quote(self.db_password.value, safe="")
        tls = {"sslmode": self.db_sslmode, "sslrootcert": self.db_sslrootcert}
        query = urlencode({k: v for k, v in tls.items() if v}, quote_via=quote)
        return (
            f"postgresql+psycopg://{self.db_user}:{pw}@{self.pg_host}:{self.pg_port}/{self.db_name}"
            + (f"?{query}" if query else "")
        )

    @property
    def issuer(self) -> str:
        """The realm's token issuer."""
        return f"{self.keycloak_url.rstrip('/')}/realms/{self.keycloak_realm}"

    @property
    def jwks_url(self) -> str:
        """Where the realm publishes its signing keys."""
        return f"{self.issuer}/protocol/openid-connect/certs"

    def describe(self) -> dict[str, Any]:
        """Settings safe to log (secrets masked)."""
        return {f.name: str(getattr(self, f.name)) for f in fields(self)}


def is_production(environ: Mapping[str, str] | None = None) -> bool:
    """ONEWINDOW_ENV=production: every development default is refused at start."""
    return Env(environ).get_str("ONEWINDOW_ENV", "development").strip().lower() == "production"


def refuse_dev_default(environ: Mapping[str, str] | None, name: str, is_dev_default: bool) -> None:
    """With ONEWINDOW_ENV=production, SettingsError naming ``name`` when it holds a dev default."""
    if is_dev_default and is_production(environ):
        raise SettingsError(
            f"environment variable {name} holds a development default, refused with"
            " ONEWINDOW_ENV=production; set the real value"
        )


SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
# What production accepts: libpq checks the server's certificate against the CA (and, with
# verify-full, its name); "require" encrypts but talks to whoever answers.
PRODUCTION_SSLMODES = ("verify-full", "verify-ca")


def plaintext_transports(
    environ: Mapping[str, str] | None = None, *, database: bool = True
) -> list[str]:
    """The transport settings that leave a connection unencrypted or unverified, each named with
    what production wants instead (``database``: the process has a database of its own)."""
    env = Env(environ)
    found = []
    if not env.get_bool("ONEWINDOW_GRPC_TLS", False):
        found.append(
            "ONEWINDOW_GRPC_TLS is off (want 1, with ONEWINDOW_GRPC_TLS_CERT, _KEY and _CA)"
        )
    mode = env.get_str("ONEWINDOW_DB_SSLMODE", "").strip()
    if database and mode not in PRODUCTION_SSLMODES:
        found.append(
            f"ONEWINDOW_DB_SSLMODE is {mode or 'unset'}"
            " (want verify-full or verify-ca, with ONEWINDOW_DB_SSLROOTCERT)"
        )
    protocol = env.get_str("ONEWINDOW_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT").strip().upper()
    if protocol != "SASL_SSL":
        found.append(
            f"ONEWINDOW_KAFKA_SECURITY_PROTOCOL is {protocol}"
            " (want SASL_SSL, with ONEWINDOW_KAFKA_USERNAME and _PASSWORD)"
        )
    return found


def refuse_plaintext_in_production(
    environ: Mapping[str, str] | None = None, *, database: bool = True
) -> None:
    """With ONEWINDOW_ENV=production, one SettingsError naming every transport setting that is
    off: gRPC TLS, PostgreSQL TLS that verifies the server, Kafka SASL_SSL. Development keeps
    its plaintext defaults."""
    if not is_production(environ):
        return
    found = plaintext_transports(environ, database=database)
    if found:
        raise SettingsError(
            "ONEWINDOW_ENV=production refuses to start with unencrypted or unverified"
            " connections: " + "; ".join(found)
        )


def _db_tls(env: Env) -> tuple[str, str]:
    """ONEWINDOW_DB_SSLMODE and ONEWINDOW_DB_SSLROOTCERT, checked."""
    mode = env.get_str("ONEWINDOW_DB_SSLMODE", "")
    root = env.get_str("ONEWINDOW_DB_SSLROOTCERT", "")
    if mode and mode not in SSLMODES:
        raise SettingsError(
            f"environment variable ONEWINDOW_DB_SSLMODE must be one of {', '.join(SSLMODES)},"
            f" got {mode!r}"
        )
    if mode.startswith("verify-") and not root:
        raise SettingsError(
            "environment variable ONEWINDOW_DB_SSLROOTCERT is required with"
            f" ONEWINDOW_DB_SSLMODE={mode} (the CA that signs the server's certificate,"
            " or 'system')"
        )
    return mode, root


DEFAULT_GRPC_PORTS = {"identity": 50051, "cases": 50052, "documents": 50053, "notifications": 50054}
DEFAULT_METRICS_PORTS = {"identity": 9461, "cases": 9462, "documents": 9463, "notifications": 9464}


def load_common(
    service: str, environ: Mapping[str, str] | None = None, *, test: bool = False
) -> CommonSettings:
    """Read the common settings of ``service``; ``test`` selects its test database."""
    env = Env(environ)
    svc = service.upper()
    db_name = env.get_str(f"ONEWINDOW_{svc}_DB_NAME", f"ow_{service}" + ("_test" if test else ""))
    db_password = env.get_str(f"ONEWINDOW_{svc}_DB_PASSWORD", f"ow_{service}")
    refuse_dev_default(environ, f"ONEWINDOW_{svc}_DB_PASSWORD", db_password == f"ow_{service}")
    db_sslmode, db_sslrootcert = _db_tls(env)
    return CommonSettings(
        service=service,
        pg_host=env.get_str("ONEWINDOW_PG_HOST", "127.0.0.1"),
        pg_port=env.get_int("ONEWINDOW_PG_PORT", 5432),
        db_name=db_name,
        db_user=env.get_str(f"ONEWINDOW_{svc}_DB_USER", f"ow_{service}"),
        db_password=Secret(db_password),
        kafka_bootstrap=env.get_str("ONEWINDOW_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
        keycloak_url=env.get_str("ONEWINDOW_KEYCLOAK_URL", "http://127.0.0.1:8080"),
        keycloak_realm=env.get_str("ONEWINDOW_KEYCLOAK_REALM", "onewindow"),
        token_audience=env.get_str("ONEWINDOW_TOKEN_AUDIENCE", "onewindow-api"),
        grpc_addr=env.get_address(
            f"ONEWINDOW_{svc}_GRPC_ADDR", f"127.0.0.1:{DEFAULT_GRPC_PORTS.get(service, 50050)}"
        ),
        grpc_workers=env.get_int(f"ONEWINDOW_{svc}_GRPC_WORKERS", 16),
        metrics_port=env.get_int(
            f"ONEWINDOW_{svc}_METRICS_PORT", DEFAULT_METRICS_PORTS.get(service, 0)
        ),
        log_level=env.get_str("ONEWINDOW_LOG_LEVEL", "INFO"),
        grpc_max_message_bytes=env.get_int(
            f"ONEWINDOW_{svc}_GRPC_MAX_MESSAGE_BYTES", 4 * 1024 * 1024
        ),
        db_sslmode=db_sslmode,
        db_sslrootcert=db_sslrootcert,
    )
