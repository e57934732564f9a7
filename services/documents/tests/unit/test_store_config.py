"""Store settings: filesystem by default, S3 from the same variables infra/s3.sh reads."""

from __future__ import annotations

import pytest

from onewindow_documents import config
from onewindow_documents.adapters.content import FilesystemContentStore, build_store
from onewindow_kit.settings import SettingsError

DEV = {"ONEWINDOW_VAR": "/tmp/ow-var"}
PRODUCTION = {
    "ONEWINDOW_ENV": "production",
    "ONEWINDOW_DOCUMENTS_DB_PASSWORD": "db-secret",
    "ONEWINDOW_DOCUMENTS_SIGNING_KEY": "/etc/ow/signing.pem",
    "ONEWINDOW_DOCUMENTS_STORE": "s3",
}


def test_filesystem_is_the_default_store() -> None:
    settings = config.load(environ=DEV)
    assert (settings.store, settings.s3) == ("fs", None)
    assert isinstance(build_store(settings), FilesystemContentStore)


def test_s3_settings_come_from_the_environment() -> None:
    settings = config.load(
        environ={
            **DEV,
            "ONEWINDOW_DOCUMENTS_STORE": "s3",
            "ONEWINDOW_S3_ENDPOINT": "http://s3.example:9000",
            "ONEWINDOW_S3_BUCKET": "city-docs",
            "ONEWINDOW_S3_PART_MIB": "16",
        }
    )
    assert settings.s3 is not None
    assert (settings.s3.endpoint, settings.s3.bucket, settings.s3.part_size) == (
        "http://s3.example:9000",
        "city-docs",
        16 * 1024 * 1024,
    )
    assert "dev-only" not in repr(settings.s3)  # the secret never reaches a log line


def test_unknown_store_and_tiny_parts_are_refused_by_name() -> None:
    with pytest.raises(SettingsError, match="ONEWINDOW_DOCUMENTS_STORE"):
        config.load(environ={**DEV, "ONEWINDOW_DOCUMENTS_STORE": "ftp"})
    with pytest.raises(SettingsError, match="ONEWINDOW_S3_PART_MIB"):
        config.load(
            environ={**DEV, "ONEWINDOW_DOCUMENTS_STORE": "s3", "ONEWINDOW_S3_PART_MIB": "4"}
        )


def test_production_refuses_the_development_s3_secret() -> None:
    with pytest.raises(SettingsError, match="ONEWINDOW_S3_SECRET_KEY"):
        config.load(environ=PRODUCTION)
    settings = config.load(environ={**PRODUCTION, "ONEWINDOW_S3_SECRET_KEY": "real-secret"})
    assert settings.s3 is not None and settings.s3.secret_key == "real-secret"
