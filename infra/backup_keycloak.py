"""The Keycloak part of a backup (infra/backup.py): the realm's users through the admin API.

What is chosen and why: Keycloak runs in dev mode on an embedded H2 file that Keycloak locks while
it runs (no AUTO_SERVER), so ``kc.sh export`` would need Keycloak stopped — the whole platform
cannot log anyone in meanwhile. The admin API exports, while it runs, every user of the realm
with its id (the identity service's persons and staff point at it), username, e-mail, names,
attributes (person_id, department, office, assurance level), enabled flag and realm roles, plus
the realm's roles and user profile. It never hands out password hashes: a user restored into a
realm that lost it comes back with the same id and rights but must set a new password (required
action UPDATE_PASSWORD, i.e. the realm's "forgot password" e-mail). A production realm runs on
PostgreSQL (KC_DB=postgres), whose pg_dump carries the credentials too (docs/operations.md)."""

from __future__ import annotations

from typing import Any

import httpx

PAGE = 100  # a page of full user representations: a few seconds on a busy box


class Admin:
    """The master realm's admin API, with the bootstrap admin's password grant."""

    def __init__(self, url: str, username: str, password: str) -> None:
        self.url = url.rstrip("/")
        self._login = {
            "grant_type": "password",
            "client_id": "admin-cli",
            "username": username,
            "password": password,
        }
        self.http = httpx.Client(base_url=f"{self.url}/admin/realms", timeout=120)
        self._authenticate()

    def _authenticate(self) -> None:
        token = httpx.post(
            f"{self.url}/realms/master/protocol/openid-connect/token", data=self._login, timeout=30
        )
        token.raise_for_status()
        self.http.headers["Authorization"] = f"Bearer {token.json()['access_token']}"

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        """One admin call; the JSON answer (None when empty). The master realm's tokens live a
        minute: an expired one is renewed once."""
        for attempt in (1, 2):
            reply = self.http.request(method, path, json=body, params=params or None)
            if reply.status_code != 401 or attempt == 2:
                break
            self._authenticate()
        reply.raise_for_status()
        return reply.json() if reply.content else None

    def paged(self, path: str, **params: Any) -> list[dict[str, Any]]:
        """Every item of a paged listing."""
        items: list[dict[str, Any]] = []
        while True:
            page = self.call("GET", path, first=len(items), max=PAGE, **params)
            items += page
            if len(page) < PAGE:
                return items


USER_FIELDS = (
    "id", "username", "email", "emailVerified", "firstName", "lastName", "enabled",
    "attributes", "createdTimestamp", "requiredActions",
)  # fmt: skip


def export_realm(admin: Admin, realm: str) -> dict[str, Any]:
    """Users (with their realm roles), realm roles and the user profile of ``realm``."""
    roles = [
        {k: v for k, v in role.items() if k in ("name", "description", "composite", "attributes")}
        for role in admin.call("GET", f"/{realm}/roles", briefRepresentation="false")
    ]
    users = [  # service accounts belong to their clients (realm-onewindow.json), not here
        {k: u[k] for k in USER_FIELDS if k in u}
        for u in admin.paged(f"/{realm}/users", briefRepresentation="false")
        if not u["username"].startswith("service-account-")
    ]
    by_id = {u["id"]: u for u in users}
    # one listing per role, not one call per user; the composite default roles are skipped:
    # Keycloak gives them to every user it creates, a restored one too
    for role in (r for r in roles if not r.get("composite")):
        for holder in admin.paged(
            f"/{realm}/roles/{role['name']}/users", briefRepresentation="true"
        ):
            if holder["id"] in by_id:
                by_id[holder["id"]].setdefault("realmRoles", []).append(role["name"])
    profile = admin.call("GET", f"/{realm}/users/profile")
    return {"realm": realm, "roles": roles, "users": users, "user_profile": profile}


def import_realm(
    admin: Admin,
    export: dict[str, Any],
    realm: str,
    create: bool,
    only: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """Bring back what ``export`` holds into ``realm`` (created first when ``create``), or only
    the users named in ``only`` (e.g. one account deleted by mistake): users and roles already
    there are kept as they are (SKIP); missing users come back with their id, attributes and
    roles, and must set a new password."""
    if create:
        admin.call("POST", "", {"realm": realm, "enabled": True})
        admin.call("PUT", f"/{realm}/users/profile", export["user_profile"])
    plain = [r for r in export["roles"] if not r.get("composite")]
    roles = admin.call(
        "POST", f"/{realm}/partialImport", {"ifResourceExists": "SKIP", "roles": {"realm": plain}}
    )
    known = {r["name"] for r in admin.call("GET", f"/{realm}/roles")}
    users = [
        {
            **u,
            "realmRoles": [r for r in u.get("realmRoles", []) if r in known],
            "requiredActions": sorted({*u.get("requiredActions", []), "UPDATE_PASSWORD"}),
        }
        for u in export["users"]
        if not only or u["username"] in only
    ]
    result = admin.call(
        "POST", f"/{realm}/partialImport", {"ifResourceExists": "SKIP", "users": users}
    )
    return {
        "users_added": int(result.get("added", 0)),
        "users_kept": int(result.get("skipped", 0)),
        "roles_added": int(roles.get("added", 0)),
    }
