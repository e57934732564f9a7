"""infra/keycloak/apply_realm.py: a changed realm file reaches a running Keycloak."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location(
    "apply_realm", ROOT / "infra" / "keycloak" / "apply_realm.py"
)
assert SPEC and SPEC.loader
apply_realm = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(apply_realm)


class RecordingAdmin:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, Any]] = []

    def call(self, method: str, path: str, body: Any = None) -> Any:
        self.calls.append((method, path, body))


def test_placeholders_take_the_environment_or_the_default() -> None:
    doc = {"secret": "${OW_TEST_SECRET:dev-only-x}", "list": ["${OW_UNSET:fallback}", 3]}
    assert apply_realm.resolve(doc, {"OW_TEST_SECRET": "real"}) == {
        "secret": "real",
        "list": ["fallback", 3],
    }
    assert apply_realm.resolve(doc, {})["secret"] == "dev-only-x"


def test_role_mappings_become_exactly_the_files() -> None:
    admin = RecordingAdmin()
    held = [{"name": "manage-users"}, {"name": "view-users"}]
    wanted = [{"name": "view-users"}, {"name": "view-events"}]
    apply_realm.converge_exact(admin, "/users/u/role-mappings/clients/rm", held, wanted)
    assert admin.calls == [
        ("DELETE", "/users/u/role-mappings/clients/rm", [{"name": "manage-users"}]),
        ("POST", "/users/u/role-mappings/clients/rm", [{"name": "view-events"}]),
    ]


@pytest.mark.integration
def test_applying_takes_a_right_away_that_the_file_no_longer_grants() -> None:
    url = os.environ.get("ONEWINDOW_KEYCLOAK_URL", "http://127.0.0.1:8080").rstrip("/")
    admin = apply_realm.Admin(
        url,
        "onewindow",
        os.environ.get("ONEWINDOW_KEYCLOAK_ADMIN_USER") or "admin",
        os.environ.get("ONEWINDOW_KEYCLOAK_ADMIN_PASSWORD") or "admin",
    )
    gateway = admin.client("onewindow-gateway")
    management = admin.client("realm-management")
    assert gateway and management
    account = admin.call("GET", f"/clients/{gateway['id']}/service-account-user")
    path = f"/users/{account['id']}/role-mappings/clients/{management['id']}"
    roles = admin.call("GET", f"/clients/{management['id']}/roles")
    view_events = [r for r in roles if r["name"] == "view-events"]
    admin.call("POST", path, view_events)  # a harmless right the file does not grant
    assert [r["name"] for r in admin.call("GET", path)] == ["view-events"]
    assert apply_realm.main() == 0
    assert admin.call("GET", path) == []
    with pytest.raises(httpx.HTTPStatusError):
        admin.call("GET", "/clients/no-such-client")
