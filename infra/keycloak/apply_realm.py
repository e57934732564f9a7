"""Bring a running realm up to the committed infra/keycloak/realm-onewindow.json.

Keycloak's ``--import-realm`` imports a realm only when it does not exist yet, so a changed
realm file would never reach a Keycloak that was started before the change. ``infra/keycloak.sh
up`` runs this script when the file's hash differs from the one last applied; it converges,
through the admin API and as the master realm's admin, what the file manages:

- the realm's own settings (token lifetimes, brute-force rules, events, password policy …),
- realm roles, client scopes (missing ones), the user profile,
- the clients of the file (created when missing; settings, secret, mappers and default scopes
  updated when present) and their realm-role scope mappings (exactly the file's),
- the realm and realm-management roles of the clients' service accounts (exactly the file's,
  so a right removed from the file is taken away from the running realm too).

Users and clients created at runtime (people, staff, department systems) are left alone.
``${NAME:default}`` placeholders are resolved from the environment as Keycloak's import does.

Environment: ONEWINDOW_KEYCLOAK_URL, ONEWINDOW_KEYCLOAK_ADMIN_USER / _PASSWORD (the bootstrap
admin, admin/admin in development) and the secrets the realm file names.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import httpx

REALM_FILE = Path(__file__).with_name("realm-onewindow.json")
PLACEHOLDER = re.compile(r"\$\{([A-Z0-9_]+):([^}]*)\}")
# Settings of the realm representation applied with one PUT; collections are handled below.
SKIPPED_KEYS = {"id", "realm", "roles", "clientScopes", "scopeMappings", "clients", "users"}
SKIPPED_KEYS |= {"components", "defaultDefaultClientScopes", "defaultOptionalClientScopes"}
ADMIN_CLIENT = "realm-management"


def resolve(value: Any, environ: dict[str, str]) -> Any:
    """The file with ``${NAME:default}`` replaced by the environment's value (or the default)."""
    if isinstance(value, str):
        return PLACEHOLDER.sub(lambda m: environ.get(m.group(1)) or m.group(2), value)
    if isinstance(value, list):
        return [resolve(v, environ) for v in value]
    if isinstance(value, dict):
        return {k: resolve(v, environ) for k, v in value.items()}
    return value


class Admin:
    """The admin API of one realm, as the master realm's administrator."""

    def __init__(self, url: str, realm: str, username: str, password: str) -> None:
        token = httpx.post(
            f"{url}/realms/master/protocol/openid-connect/token",
            data={
                "grant_type": "password",
                "client_id": "admin-cli",
                "username": username,
                "password": password,
            },
            timeout=30,
        )
        token.raise_for_status()
        self.http = httpx.Client(
            base_url=f"{url}/admin/realms/{realm}",
            headers={"Authorization": f"Bearer {token.json()['access_token']}"},
            timeout=30,
        )

    def call(self, method: str, path: str, body: Any = None) -> Any:
        """One admin call; raises on any non-2xx answer."""
        response = self.http.request(method, path, json=body)
        response.raise_for_status()
        return response.json() if response.content else None

    def client(self, client_id: str) -> dict[str, Any] | None:
        """The client with this clientId, or None."""
        response = self.http.get("/clients", params={"clientId": client_id})
        response.raise_for_status()
        return next((c for c in response.json() if c["clientId"] == client_id), None)

    def role(self, name: str) -> dict[str, Any]:
        """A realm role's representation."""
        return dict(self.call("GET", f"/roles/{name}"))


def converge_exact(admin: Admin, path: str, held: list[dict], wanted: list[dict]) -> None:
    """Role mappings at ``path`` become exactly ``wanted`` (by name)."""
    held_names = {r["name"] for r in held}
    wanted_names = {r["name"] for r in wanted}
    extra = [r for r in held if r["name"] not in wanted_names]
    missing = [r for r in wanted if r["name"] not in held_names]
    if extra:
        admin.call("DELETE", path, extra)
    if missing:
        admin.call("POST", path, missing)


def apply_settings(admin: Admin, realm: dict[str, Any]) -> None:
    settings = {k: v for k, v in realm.items() if k not in SKIPPED_KEYS}
    admin.call("PUT", "", settings)


def apply_roles(admin: Admin, realm: dict[str, Any]) -> None:
    held = {r["name"]: r for r in admin.call("GET", "/roles")}
    for role in realm["roles"]["realm"]:
        current = held.get(role["name"])
        if current is None:
            admin.call("POST", "/roles", role)
        elif current.get("description") != role.get("description"):
            admin.call("PUT", f"/roles/{role['name']}", {**current, **role})


def apply_client_scopes(admin: Admin, realm: dict[str, Any]) -> dict[str, str]:
    held = {s["name"]: s["id"] for s in admin.call("GET", "/client-scopes")}
    for scope in realm["clientScopes"]:
        if scope["name"] not in held:
            admin.call("POST", "/client-scopes", scope)
    return {s["name"]: s["id"] for s in admin.call("GET", "/client-scopes")}


def apply_user_profile(admin: Admin, realm: dict[str, Any]) -> None:
    for component in realm.get("components", {}).get(
        "org.keycloak.userprofile.UserProfileProvider", []
    ):
        for raw in component.get("config", {}).get("kc.user.profile.config", []):
            admin.call("PUT", "/users/profile", json.loads(raw))


def apply_client(admin: Admin, rep: dict[str, Any], scope_ids: dict[str, str]) -> str:
    """Create or update one client of the file; its internal id."""
    current = admin.client(rep["clientId"])
    if current is None:
        admin.call("POST", "/clients", rep)
        current = admin.client(rep["clientId"])
        assert current is not None
        return str(current["id"])
    uuid = str(current["id"])
    settings = {k: v for k, v in rep.items() if k not in ("protocolMappers", "defaultClientScopes")}
    admin.call("PUT", f"/clients/{uuid}", {**current, **settings})
    held = {m["name"] for m in admin.call("GET", f"/clients/{uuid}/protocol-mappers/models")}
    for mapper in rep.get("protocolMappers", []):
        if mapper["name"] not in held:
            admin.call("POST", f"/clients/{uuid}/protocol-mappers/models", mapper)
    attached = {s["name"] for s in admin.call("GET", f"/clients/{uuid}/default-client-scopes")}
    for name in rep.get("defaultClientScopes", []):
        if name not in attached and name in scope_ids:
            admin.call("PUT", f"/clients/{uuid}/default-client-scopes/{scope_ids[name]}")
    return uuid


def apply_scope_mappings(admin: Admin, realm: dict[str, Any], uuids: dict[str, str]) -> None:
    wanted: dict[str, list[str]] = {c: [] for c in uuids}
    for mapping in realm.get("scopeMappings", []):
        if mapping.get("client") in wanted:
            wanted[mapping["client"]] = mapping["roles"]
    for client_id, names in wanted.items():
        path = f"/clients/{uuids[client_id]}/scope-mappings/realm"
        converge_exact(admin, path, admin.call("GET", path), [admin.role(n) for n in names])


def apply_service_account(admin: Admin, user: dict[str, Any], uuids: dict[str, str]) -> None:
    account = admin.call(
        "GET", f"/clients/{uuids[user['serviceAccountClientId']]}/service-account-user"
    )
    base = f"/users/{account['id']}/role-mappings"
    wanted_realm = [admin.role(n) for n in user.get("realmRoles", [])]
    converge_exact(admin, f"{base}/realm", admin.call("GET", f"{base}/realm"), wanted_realm)
    management = admin.client(ADMIN_CLIENT)
    assert management is not None
    path = f"{base}/clients/{management['id']}"
    wanted_names = set(user.get("clientRoles", {}).get(ADMIN_CLIENT, []))
    roles = admin.call("GET", f"/clients/{management['id']}/roles")
    wanted = [r for r in roles if r["name"] in wanted_names]
    converge_exact(admin, path, admin.call("GET", path), wanted)


def apply(admin: Admin, realm: dict[str, Any]) -> None:
    """Converge everything the file manages."""
    apply_settings(admin, realm)
    apply_roles(admin, realm)
    scope_ids = apply_client_scopes(admin, realm)
    apply_user_profile(admin, realm)
    uuids = {c["clientId"]: apply_client(admin, c, scope_ids) for c in realm["clients"]}
    apply_scope_mappings(admin, realm, uuids)
    for user in realm.get("users", []):
        if user.get("serviceAccountClientId") in uuids:
            apply_service_account(admin, user, uuids)


def main() -> int:
    environ = dict(os.environ)
    realm = resolve(json.loads(REALM_FILE.read_text(encoding="utf-8")), environ)
    url = environ.get("ONEWINDOW_KEYCLOAK_URL", "http://127.0.0.1:8080").rstrip("/")
    try:
        admin = Admin(
            url,
            realm["realm"],
            environ.get("ONEWINDOW_KEYCLOAK_ADMIN_USER") or "admin",
            environ.get("ONEWINDOW_KEYCLOAK_ADMIN_PASSWORD") or "admin",
        )
        apply(admin, realm)
    except httpx.HTTPStatusError as exc:
        request = exc.request
        print(
            f"[keycloak] ERROR: applying {REALM_FILE.name} failed: {request.method} "
            f"{request.url.path} answered {exc.response.status_code} {exc.response.text[:300]}",
            file=sys.stderr,
        )
        return 1
    except httpx.HTTPError as exc:
        print(f"[keycloak] ERROR: applying {REALM_FILE.name} failed: {exc}", file=sys.stderr)
        return 1
    print(f"[keycloak] applied {REALM_FILE.name} to the running realm {realm['realm']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
