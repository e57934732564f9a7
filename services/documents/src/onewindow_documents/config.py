"""Documents settings: the kit's common settings plus storage, signing key and upload limit."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from onewindow_kit.settings import (
    CommonSettings,
    Env,
    SettingsError,
    load_common,
    refuse_dev_default,
)

SERVICE = "documents"
REPO_ROOT = Path(__file__).resolve().parents[4]
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def var_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Runtime state of the stack (infra/env.sh's ONEWINDOW_VAR, else var/ at the repo root)."""
    env = os.environ if environ is None else environ
    return Path(env.get("ONEWINDOW_VAR") or REPO_ROOT / "var")


@dataclass(frozen=True)
class DocumentsSettings:
    """Everything the documents processes read from the environment."""

    common: CommonSettings
    storage_dir: Path
    signing_key_path: Path
    signing_key_configured: bool  # False: dev default path, generated on first start
    max_upload_bytes: int
    identity_addr: str
    # certificate type -> days it stays valid (ONEWINDOW_DOCUMENTS_CERTIFICATE_VALIDITY_DAYS,
    # e.g. "food_business_licence=1825,health_certificate=365"); types not named never expire
    certificate_validity_days: dict[str, int] = field(default_factory=dict)


def load(
    common: CommonSettings | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    test: bool = False,
) -> DocumentsSettings:
    """Read the settings; SettingsError names a missing or malformed variable."""
    env = Env(environ)
    var = var_dir(environ)
    key_path = env.get_str("ONEWINDOW_DOCUMENTS_SIGNING_KEY", "")
    # Unset: a key generated on first start under var/, fit for development only.
    refuse_dev_default(environ, "ONEWINDOW_DOCUMENTS_SIGNING_KEY", not key_path)
    return DocumentsSettings(
        common=common or load_common(SERVICE, environ, test=test),
        storage_dir=Path(env.get_str("ONEWINDOW_DOCUMENTS_STORAGE_DIR", str(var / "documents"))),
        signing_key_path=Path(key_path or var / "documents-signing" / "ed25519-dev.pem"),
        signing_key_configured=bool(key_path),
        max_upload_bytes=env.get_int(
            "ONEWINDOW_DOCUMENTS_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES
        ),
        identity_addr=env.get_address("ONEWINDOW_IDENTITY_GRPC_ADDR", "127.0.0.1:50051"),
        certificate_validity_days=validity_days(
            env.get_str("ONEWINDOW_DOCUMENTS_CERTIFICATE_VALIDITY_DAYS", "")
        ),
    )


def validity_days(value: str) -> dict[str, int]:
    """``type=days,type=days`` → {type: days}; SettingsError names the variable when malformed."""
    out: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        name, _, days = item.partition("=")
        if not name.strip() or not days.strip().isdigit() or int(days) <= 0:
            raise SettingsError(
                "ONEWINDOW_DOCUMENTS_CERTIFICATE_VALIDITY_DAYS: expected type=days[,type=days], "
                f"got {item!r}"
            )
        out[name.strip()] = int(days)
    return out
