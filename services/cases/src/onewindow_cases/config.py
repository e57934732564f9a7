"""The cases service's own settings (the kit's CommonSettings cover database, Kafka, Keycloak)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from onewindow_cases.domain.transfer import CONTINUE, TRANSFER_CLOCKS
from onewindow_cases.resources import shipped_catalogue
from onewindow_kit.settings import DEFAULT_GRPC_PORTS, Env, SettingsError


@dataclass(frozen=True)
class CasesSettings:
    """Read once at start-up, never at import."""

    documents_addr: str
    identity_addr: str
    timezone: str
    warn_percent: int
    seed_catalogue: str  # a catalogue file published on first start ("" = none)
    scan_interval_s: float
    downstream_timeout_s: float
    submit_connections: int  # database connections of the asyncio SubmitCase path
    transfer_clock: str  # continue | restart: the statutory clock of a transferred case
    open_data_k: int  # open data: non-zero counts below it are suppressed


def load_settings(environ: Mapping[str, str] | None = None) -> CasesSettings:
    """ONEWINDOW_CASES_* variables (and where the documents and identity services listen)."""
    env = Env(environ)
    return CasesSettings(
        documents_addr=env.get_address(
            "ONEWINDOW_DOCUMENTS_GRPC_ADDR", f"127.0.0.1:{DEFAULT_GRPC_PORTS['documents']}"
        ),
        identity_addr=env.get_address(
            "ONEWINDOW_IDENTITY_GRPC_ADDR", f"127.0.0.1:{DEFAULT_GRPC_PORTS['identity']}"
        ),
        timezone=env.get_str("ONEWINDOW_CASES_TIMEZONE", "Asia/Shanghai"),
        warn_percent=env.get_int("ONEWINDOW_CASES_WARN_PERCENT", 80),
        seed_catalogue=env.get_str("ONEWINDOW_CASES_SEED_CATALOGUE", str(shipped_catalogue())),
        scan_interval_s=env.get_float("ONEWINDOW_CASES_SCAN_INTERVAL_S", 30.0),
        downstream_timeout_s=env.get_float("ONEWINDOW_CASES_DOWNSTREAM_TIMEOUT_S", 3.0),
        submit_connections=env.get_int("ONEWINDOW_CASES_SUBMIT_CONNECTIONS", 4),
        transfer_clock=_transfer_clock(env),
        open_data_k=_open_data_k(env),
    )


def _transfer_clock(env: Env) -> str:
    value = env.get_str("ONEWINDOW_CASES_TRANSFER_CLOCK", CONTINUE)
    if value not in TRANSFER_CLOCKS:
        raise SettingsError(
            f"ONEWINDOW_CASES_TRANSFER_CLOCK must be one of {', '.join(TRANSFER_CLOCKS)}"
        )
    return value


def _open_data_k(env: Env) -> int:
    value = env.get_int("ONEWINDOW_CASES_OPEN_DATA_K", 5)
    if value < 2:
        raise SettingsError(
            "ONEWINDOW_CASES_OPEN_DATA_K must be at least 2 (1 would publish every count)"
        )
    return value
