"""ONEWINDOW_ENV=production refuses development defaults, naming the variable."""

from __future__ import annotations

import pytest

from onewindow_kit.settings import SettingsError, is_production, load_common, refuse_dev_default


def test_production_refuses_the_default_database_password() -> None:
    with pytest.raises(SettingsError, match="ONEWINDOW_CASES_DB_PASSWORD"):
        load_common("cases", {"ONEWINDOW_ENV": "production"})


def test_production_accepts_a_real_database_password() -> None:
    settings = load_common(
        "cases", {"ONEWINDOW_ENV": "production", "ONEWINDOW_CASES_DB_PASSWORD": "s3cret-from-vault"}
    )
    assert settings.db_password.value == "s3cret-from-vault"


def test_development_keeps_its_defaults() -> None:
    assert load_common("cases", {}).db_password.value == "ow_cases"
    refuse_dev_default({}, "ONEWINDOW_ANYTHING", True)  # no error outside production


@pytest.mark.parametrize("value", ["production", " Production "])
def test_production_is_recognised(value: str) -> None:
    assert is_production({"ONEWINDOW_ENV": value})
    assert not is_production({"ONEWINDOW_ENV": "development"})
