"""`make up` (infra/production_check.sh, also run by infra/keycloak.sh up) refuses development
defaults with ONEWINDOW_ENV=production, naming the setting; it starts nothing."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "infra" / "production_check.sh"
PRODUCTION = {
    "ONEWINDOW_ENV": "production",
    "ONEWINDOW_KEYCLOAK_ADMIN_USER": "ops-admin",
    "ONEWINDOW_KEYCLOAK_ADMIN_PASSWORD": "a-strong-admin-password",
    "ONEWINDOW_KEYCLOAK_GATEWAY_SECRET": "gw-secret",
    "ONEWINDOW_KEYCLOAK_IDENTITY_SECRET": "id-secret",
    "ONEWINDOW_KEYCLOAK_DEPT_HEALTH_SECRET": "dh-secret",
    "ONEWINDOW_DOCUMENTS_SIGNING_KEY": "/etc/onewindow/signing.pem",
    "ONEWINDOW_DEV_SEED": "0",
}


def run_check(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ONEWINDOW_")}
    clean["ONEWINDOW_VAR"] = str(tmp_path)  # nothing written next to the running stack
    return subprocess.run(
        ["bash", str(SCRIPT)], env={**clean, **env}, capture_output=True, text=True, timeout=30
    )


def test_production_with_real_values_passes(tmp_path: Path) -> None:
    assert run_check(tmp_path, PRODUCTION).returncode == 0


def test_development_is_not_checked(tmp_path: Path) -> None:
    assert run_check(tmp_path, {}).returncode == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ONEWINDOW_KEYCLOAK_ADMIN_PASSWORD", "admin"),
        ("ONEWINDOW_KEYCLOAK_ADMIN_PASSWORD", None),
        ("ONEWINDOW_KEYCLOAK_GATEWAY_SECRET", "dev-only-onewindow-gateway-secret"),
        ("ONEWINDOW_KEYCLOAK_IDENTITY_SECRET", "dev-only-onewindow-identity-secret"),
        ("ONEWINDOW_KEYCLOAK_DEPT_HEALTH_SECRET", None),
        ("ONEWINDOW_DOCUMENTS_SIGNING_KEY", None),
        ("ONEWINDOW_DEV_SEED", "1"),
        ("ONEWINDOW_DEV_SEED", None),
    ],
)
def test_each_development_default_is_refused_by_name(
    tmp_path: Path, name: str, value: str | None
) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != name}
    if value is not None:
        env[name] = value
    result = run_check(tmp_path, env)
    assert result.returncode == 1
    assert f"ERROR: {name} " in result.stderr and "ONEWINDOW_ENV=production" in result.stderr
    started = [p for d in tmp_path.iterdir() for p in d.iterdir()]
    assert started == []  # no pid file, no log: nothing was started
