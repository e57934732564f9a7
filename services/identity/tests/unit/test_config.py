"""Identity settings: the onewindow-identity admin client, and production refusals."""

from __future__ import annotations

import pytest

from onewindow_identity import config
from onewindow_kit.settings import SettingsError

PRODUCTION = {
    "ONEWINDOW_ENV": "production",
    "ONEWINDOW_IDENTITY_DB_PASSWORD": "db-secret",
    "ONEWINDOW_KEYCLOAK_IDENTITY_SECRET": "a-real-secret",
    "ONEWINDOW_DEV_SEED": "0",
}


def test_the_admin_api_client_is_onewindow_identity_not_the_gateway() -> None:
    settings = config.load(environ={})
    assert settings.keycloak_admin_client_id == "onewindow-identity"
    assert settings.keycloak_admin_client_secret.value == config.DEV_IDENTITY_SECRET


def test_production_with_real_values_loads() -> None:
    settings = config.load(environ=PRODUCTION)
    assert settings.keycloak_admin_client_secret.value == "a-real-secret"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"ONEWINDOW_KEYCLOAK_IDENTITY_SECRET": ""}, "ONEWINDOW_KEYCLOAK_IDENTITY_SECRET"),
        (
            {"ONEWINDOW_KEYCLOAK_IDENTITY_SECRET": "dev-only-onewindow-identity-secret"},
            "ONEWINDOW_KEYCLOAK_IDENTITY_SECRET",
        ),
        ({"ONEWINDOW_DEV_SEED": "1"}, "ONEWINDOW_DEV_SEED"),
        ({"ONEWINDOW_DEV_SEED": ""}, "ONEWINDOW_DEV_SEED"),
        ({"ONEWINDOW_IDENTITY_DB_PASSWORD": ""}, "ONEWINDOW_IDENTITY_DB_PASSWORD"),
    ],
)
def test_production_refuses_each_development_default(change: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        config.load(environ={**PRODUCTION, **change})
