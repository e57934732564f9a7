"""Documents settings: the kit's common settings plus storage, signing key and upload limit."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from onewindow_documents.domain.retention import RetentionPolicy
from onewindow_documents.domain.retention import parse_policy as parse_retention
from onewindow_documents.service_layer.content_check import ContentPolicy, parse_policy
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


STORES = ("fs", "s3")
DEV_S3_SECRET = "dev-only-s3-secret"  # infra/s3.sh's development default


@dataclass(frozen=True)
class S3Settings:
    """Where the S3-compatible bucket is and how to sign for it."""

    endpoint: str
    bucket: str
    region: str
    access_key: str
    secret_key: str = field(repr=False)
    part_size: int = 8 * 1024 * 1024  # multipart above this size, one part in memory at a time


@dataclass(frozen=True)
class DocumentsSettings:
    """Everything the documents processes read from the environment."""

    common: CommonSettings
    storage_dir: Path
    signing_key_path: Path
    signing_key_configured: bool  # False: dev default path, generated on first start
    max_upload_bytes: int
    identity_addr: str
    store: str = "fs"  # ONEWINDOW_DOCUMENTS_STORE: fs | s3
    s3: S3Settings | None = None  # set when store == "s3"
    # certificate type -> days it stays valid (ONEWINDOW_DOCUMENTS_CERTIFICATE_VALIDITY_DAYS,
    # e.g. "food_business_licence=1825,health_certificate=365"); types not named never expire
    certificate_validity_days: dict[str, int] = field(default_factory=dict)
    # content types per document type (ONEWINDOW_DOCUMENTS_CONTENT_TYPES, e.g.
    # "*=application/pdf|image/jpeg|image/png,floor_plan=application/pdf"); default PDF/JPEG/PNG
    content_policy: ContentPolicy = field(default_factory=ContentPolicy)
    # days kept after the last change per kind or document type
    # (ONEWINDOW_DOCUMENTS_RETENTION_DAYS, e.g. "upload=1095,certificate=36500,floor_plan=365")
    retention: RetentionPolicy = field(default_factory=RetentionPolicy)


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
        store=_store(env),
        s3=s3_settings(env, environ) if _store(env) == "s3" else None,
        certificate_validity_days=validity_days(
            env.get_str("ONEWINDOW_DOCUMENTS_CERTIFICATE_VALIDITY_DAYS", "")
        ),
        content_policy=content_policy(env.get_str("ONEWINDOW_DOCUMENTS_CONTENT_TYPES", "")),
        retention=retention(env.get_str("ONEWINDOW_DOCUMENTS_RETENTION_DAYS", "")),
    )


def retention(value: str) -> RetentionPolicy:
    """The retention periods; SettingsError names the variable when malformed."""
    try:
        return parse_retention(value)
    except ValueError as e:
        raise SettingsError(f"ONEWINDOW_DOCUMENTS_RETENTION_DAYS: {e}") from None


def content_policy(value: str) -> ContentPolicy:
    """The accepted content types; SettingsError names the variable when malformed."""
    try:
        return parse_policy(value)
    except ValueError as e:
        raise SettingsError(f"ONEWINDOW_DOCUMENTS_CONTENT_TYPES: {e}") from None


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


def _store(env: Env) -> str:
    store = env.get_str("ONEWINDOW_DOCUMENTS_STORE", "fs")
    if store not in STORES:
        raise SettingsError(f"ONEWINDOW_DOCUMENTS_STORE must be one of {', '.join(STORES)}")
    return store


def s3_settings(env: Env, environ: Mapping[str, str] | None = None) -> S3Settings:
    """The S3 settings (the same variables infra/s3.sh reads)."""
    secret = env.get_str("ONEWINDOW_S3_SECRET_KEY", DEV_S3_SECRET)
    refuse_dev_default(environ, "ONEWINDOW_S3_SECRET_KEY", secret == DEV_S3_SECRET)
    part_mib = env.get_int("ONEWINDOW_S3_PART_MIB", 8)
    if part_mib < 5:
        raise SettingsError("ONEWINDOW_S3_PART_MIB must be at least 5 (S3's smallest part)")
    return S3Settings(
        endpoint=env.get_str("ONEWINDOW_S3_ENDPOINT", "http://127.0.0.1:9100"),
        bucket=env.get_str("ONEWINDOW_S3_BUCKET", "onewindow-documents"),
        region=env.get_str("ONEWINDOW_S3_REGION", "us-east-1"),
        access_key=env.get_str("ONEWINDOW_S3_ACCESS_KEY", "onewindow-dev"),
        secret_key=secret,
        part_size=part_mib * 1024 * 1024,
    )
