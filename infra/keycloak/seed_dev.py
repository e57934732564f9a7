"""DEV ONLY: put the demo people of dev-seed.json into the running Keycloak realm.

Never run this against a shared, staging or production Keycloak: it sets well-known
passwords. ``infra/keycloak.sh up`` runs it unless ONEWINDOW_DEV_SEED=0.

Idempotent and converging: a missing user is created; an existing one gets the seeded
names, e-mail, attributes (merged into what it already has), password and OneWindow realm
roles (exactly the seeded ones; other roles are left alone), and any brute-force lockout
is cleared. It authenticates as the ``onewindow-identity`` service account, the same
credentials the identity service uses, so a successful seed also proves that account may
manage users.

Environment: ONEWINDOW_KEYCLOAK_URL (http://127.0.0.1:8080), ONEWINDOW_KEYCLOAK_REALM
(onewindow), ONEWINDOW_KEYCLOAK_IDENTITY_SECRET (the dev default of the realm file).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakError

SEED_FILE = Path(__file__).with_name("dev-seed.json")
IDENTITY_CLIENT = "onewindow-identity"
DEV_IDENTITY_SECRET = "dev-only-onewindow-identity-secret"  # dev default of realm-onewindow.json
# Realm roles this seed manages; any other role a user holds is left alone.
APP_ROLES = frozenset(
    {"citizen", "clerk", "supervisor", "dept_admin", "auditor", "service", "gateway"}
)


def connect() -> KeycloakAdmin:
    url = os.environ.get("ONEWINDOW_KEYCLOAK_URL", "http://127.0.0.1:8080").rstrip("/") + "/"
    return KeycloakAdmin(
        server_url=url,
        realm_name=os.environ.get("ONEWINDOW_KEYCLOAK_REALM", "onewindow"),
        client_id=IDENTITY_CLIENT,
        client_secret_key=os.environ.get("ONEWINDOW_KEYCLOAK_IDENTITY_SECRET", DEV_IDENTITY_SECRET),
        timeout=30,
    )


def desired_representation(spec: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The user as the seed wants it: seeded fields over what Keycloak already holds."""
    attributes = dict(current.get("attributes") or {})
    attributes.update({k: [v] for k, v in spec.get("attributes", {}).items()})
    return {
        "username": spec["username"],
        "enabled": True,
        "emailVerified": True,
        "firstName": spec.get("firstName", ""),
        "lastName": spec.get("lastName", ""),
        "email": spec.get("email", ""),
        "attributes": attributes,
        "requiredActions": [],
    }


def ensure_user(admin: KeycloakAdmin, spec: dict[str, Any]) -> str:
    user_id = admin.get_user_id(spec["username"])
    if user_id is None:
        user_id = admin.create_user(desired_representation(spec, {}))
        action = "created"
    else:
        admin.update_user(user_id, desired_representation(spec, admin.get_user(user_id)))
        action = "updated"
    admin.set_user_password(user_id, spec["password"], temporary=False)
    return f"{action} {spec['username']}"


def ensure_roles(admin: KeycloakAdmin, user_id: str, wanted: set[str]) -> None:
    held = {r["name"]: r for r in admin.get_realm_roles_of_user(user_id)}
    extra = [r for name, r in held.items() if name in APP_ROLES and name not in wanted]
    if extra:
        admin.delete_realm_roles_of_user(user_id, extra)
    missing = wanted - held.keys()
    if missing:
        available = admin.get_available_realm_roles_of_user(user_id)
        reps = [r for r in available if r["name"] in missing]
        unknown = missing - {r["name"] for r in reps}
        if unknown:
            raise SystemExit(f"seed: realm roles {sorted(unknown)} do not exist in the realm")
        admin.assign_realm_roles(user_id, reps)


def check_stuck(admin: KeycloakAdmin, user_id: str, spec: dict[str, Any]) -> None:
    """Fail loudly when Keycloak silently dropped an attribute (undeclared in the profile)."""
    stored = admin.get_user(user_id).get("attributes") or {}
    lost = {k: v for k, v in spec.get("attributes", {}).items() if stored.get(k) != [v]}
    if lost:
        raise SystemExit(
            f"seed: Keycloak did not keep {sorted(lost)} for {spec['username']}; "
            "check the user profile of realm-onewindow.json"
        )


def main() -> int:
    seed = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    try:
        admin = connect()
        for spec in seed["users"]:
            outcome = ensure_user(admin, spec)
            user_id = admin.get_user_id(spec["username"])
            assert user_id is not None
            ensure_roles(admin, user_id, set(spec.get("realm_roles", [])))
            check_stuck(admin, user_id, spec)
            admin.clear_bruteforce_attempts_for_user(user_id)
            print(f"[keycloak] dev seed: {outcome} ({', '.join(spec.get('realm_roles', []))})")
    except KeycloakError as exc:
        print(
            f"[keycloak] ERROR: dev seed failed: {exc.response_code} {exc.error_message!r}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
