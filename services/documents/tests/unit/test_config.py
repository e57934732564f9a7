"""Documents settings: production refuses the generated development signing key."""

from __future__ import annotations

import pytest

from onewindow_documents import config
from onewindow_kit.settings import SettingsError

PRODUCTION = {"ONEWINDOW_ENV": "production", "ONEWINDOW_DOCUMENTS_DB_PASSWORD": "db-secret"}


def test_production_refuses_the_generated_development_signing_key() -> None:
    with pytest.raises(SettingsError, match="ONEWINDOW_DOCUMENTS_SIGNING_KEY"):
        config.load(environ=PRODUCTION)


def test_production_with_a_configured_key_loads(tmp_path) -> None:
    key = tmp_path / "signing.pem"
    settings = config.load(environ={**PRODUCTION, "ONEWINDOW_DOCUMENTS_SIGNING_KEY": str(key)})
    assert (settings.signing_key_path, settings.signing_key_configured) == (key, True)


def test_development_generates_its_own_key() -> None:
    settings = config.load(environ={"ONEWINDOW_VAR": "/tmp/ow-var"})
    assert not settings.signing_key_configured
    assert settings.signing_key_path.name == "ed25519-dev.pem"
