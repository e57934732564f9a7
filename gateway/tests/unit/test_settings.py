"""Settings: the production refusal of the development secret, and bad values named."""

import pytest

from onewindow_gateway import config
from onewindow_kit.settings import SettingsError


def test_production_refuses_the_development_client_secret():
    with pytest.raises(SettingsError, match="ONEWINDOW_GATEWAY_CLIENT_SECRET"):
        config.load({"ONEWINDOW_ENV": "production"})
    ok = config.load(
        {"ONEWINDOW_ENV": "production", "ONEWINDOW_GATEWAY_CLIENT_SECRET": "s3cret-from-vault"}
    )
    assert ok.client_secret.value == "s3cret-from-vault" and "s3cret" not in str(ok.describe())


def test_bad_values_are_named():
    with pytest.raises(SettingsError, match="ONEWINDOW_GATEWAY_ADDR"):
        config.load({"ONEWINDOW_GATEWAY_ADDR": "nowhere"})
    with pytest.raises(SettingsError, match="ONEWINDOW_GATEWAY_RATE_PRINCIPAL_BURST"):
        config.load({"ONEWINDOW_GATEWAY_RATE_PRINCIPAL_BURST": "0"})


def test_cors_origins_are_a_comma_separated_allow_list():
    settings = config.load(
        {"ONEWINDOW_GATEWAY_CORS_ORIGINS": "https://a.example, https://b.example"}
    )
    assert settings.cors_origins == ("https://a.example", "https://b.example")
