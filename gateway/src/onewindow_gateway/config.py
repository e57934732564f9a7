"""The gateway's settings, read once at start-up from ONEWINDOW_* variables (never at import)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from onewindow_kit.settings import DEFAULT_GRPC_PORTS, Env, Secret, SettingsError

DEV_GATEWAY_SECRET = "dev-only-onewindow-gateway-secret"
SERVICES = ("identity", "cases", "documents", "notifications")


@dataclass(frozen=True)
class RateLimits:
    """Token-bucket shapes: a sustained rate per second and the burst a client may spend at once."""

    principal_rate: float = 20.0
    principal_burst: int = 40
    service_rate: float = 200.0
    service_burst: int = 400
    anonymous_rate: float = 10.0
    anonymous_burst: int = 20
    verify_rate: float = 5.0
    verify_burst: int = 10
    registration_rate: float = 1.0
    registration_burst: int = 20


@dataclass(frozen=True)
class GatewaySettings:
    """Where the gateway listens, which services it calls, and how it checks tokens."""

    addr: str
    workers: int
    keycloak_url: str
    keycloak_realm: str
    token_audience: str
    client_id: str
    client_secret: Secret
    service_addrs: Mapping[str, str]
    deadline_s: float
    dashboard_deadline_s: float
    cors_origins: tuple[str, ...]
    tls: bool
    ratelimit_storage: str
    limits: RateLimits
    log_level: str
    environment: str
    kafka_bootstrap: str = "127.0.0.1:9092"  # identity's lock events (revoked tokens)
    web_dir: str = ""  # the built web/ front end, served as static files under /portal/

    @property
    def issuer(self) -> str:
        """The realm's token issuer."""
        return f"{self.keycloak_url.rstrip('/')}/realms/{self.keycloak_realm}"

    @property
    def jwks_url(self) -> str:
        """Where the realm publishes its signing keys."""
        return f"{self.issuer}/protocol/openid-connect/certs"

    @property
    def token_url(self) -> str:
        """The realm's token endpoint (client credentials for the anonymous routes)."""
        return f"{self.issuer}/protocol/openid-connect/token"

    @property
    def host(self) -> str:
        """The address part of ``addr``."""
        return self.addr.rpartition(":")[0]

    @property
    def port(self) -> int:
        """The port part of ``addr``."""
        return int(self.addr.rpartition(":")[2])

    def describe(self) -> dict[str, Any]:
        """Settings safe to log (the secret masked)."""
        return {f.name: str(getattr(self, f.name)) for f in fields(self)}


def _limits(env: Env) -> RateLimits:
    base = RateLimits()
    values: dict[str, Any] = {}
    for f in fields(RateLimits):
        name = f"ONEWINDOW_GATEWAY_RATE_{f.name.upper()}"
        default = getattr(base, f.name)
        value = (
            env.get_float(name, default)
            if isinstance(default, float)
            else env.get_int(name, default)
        )
        if value <= 0:
            raise SettingsError(f"environment variable {name} must be positive, got {value!r}")
        values[f.name] = value
    return RateLimits(**values)


def _secret(env: Env, production: bool) -> Secret:
    value = env.get_str(
        "ONEWINDOW_GATEWAY_CLIENT_SECRET",
        env.get_str("ONEWINDOW_KEYCLOAK_GATEWAY_SECRET", DEV_GATEWAY_SECRET),
    )
    if production and value.startswith("dev-only-"):
        raise SettingsError(
            "environment variable ONEWINDOW_GATEWAY_CLIENT_SECRET holds the development default;"
            " set the real secret of the onewindow-gateway client with ONEWINDOW_ENV=production"
        )
    return Secret(value)


def load(environ: Mapping[str, str] | None = None) -> GatewaySettings:
    """Read the gateway's settings; SettingsError names the bad variable."""
    env = Env(environ)
    environment = env.get_str("ONEWINDOW_ENV", "development")
    origins = env.get_str("ONEWINDOW_GATEWAY_CORS_ORIGINS", "-")
    return GatewaySettings(
        addr=env.get_address("ONEWINDOW_GATEWAY_ADDR", "127.0.0.1:8000"),
        workers=env.get_int("ONEWINDOW_GATEWAY_WORKERS", os.cpu_count() or 1),
        keycloak_url=env.get_str("ONEWINDOW_KEYCLOAK_URL", "http://127.0.0.1:8080"),
        keycloak_realm=env.get_str("ONEWINDOW_KEYCLOAK_REALM", "onewindow"),
        token_audience=env.get_str("ONEWINDOW_TOKEN_AUDIENCE", "onewindow-api"),
        client_id=env.get_str("ONEWINDOW_GATEWAY_CLIENT_ID", "onewindow-gateway"),
        client_secret=_secret(env, environment == "production"),
        service_addrs={
            svc: env.get_address(
                f"ONEWINDOW_{svc.upper()}_GRPC_ADDR", f"127.0.0.1:{DEFAULT_GRPC_PORTS[svc]}"
            )
            for svc in SERVICES
        },
        deadline_s=env.get_float("ONEWINDOW_GATEWAY_DEADLINE_S", 10.0),
        dashboard_deadline_s=env.get_float("ONEWINDOW_GATEWAY_DASHBOARD_DEADLINE_S", 0.8),
        cors_origins=tuple(o.strip() for o in origins.split(",") if o.strip() not in ("", "-")),
        tls=env.get_bool("ONEWINDOW_GATEWAY_TLS", False),
        ratelimit_storage=env.get_str(
            "ONEWINDOW_GATEWAY_RATELIMIT_STORAGE",
            f"async+redis://{env.get_address('ONEWINDOW_REDIS_ADDR', '127.0.0.1:6379')}/0",
        ),
        limits=_limits(env),
        log_level=env.get_str("ONEWINDOW_LOG_LEVEL", "INFO"),
        environment=environment,
        kafka_bootstrap=env.get_str("ONEWINDOW_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
        web_dir=_web_dir(env),
    )


def _web_dir(env: Env) -> str:
    """Where the built web/ front end is: the setting ("-" for none), else this checkout's
    web/dist when `make up` built it, else none."""
    value = env.get_str("ONEWINDOW_GATEWAY_WEB_DIR", "")
    if value:
        return "" if value == "-" else value
    built = Path(__file__).resolve().parents[3] / "web" / "dist"
    return str(built) if (built / "index.html").is_file() else ""
