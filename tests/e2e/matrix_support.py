"""The people and objects of the authorisation matrix, made through the public contracts.

Department X is health (its hospital desk hosp-1 serves it), department Y is psb (the dev seed's
clerk at hall-central). Citizen A owns one of each object; every role then names A's objects
("a") and random ids ("none")."""

from __future__ import annotations

import os
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from keycloak import KeycloakAdmin, KeycloakOpenID, KeycloakOpenIDConnection

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "gateway/tests/integration"))
from gateway_support import Front, Person, key

KEYCLOAK = os.environ.get("ONEWINDOW_KEYCLOAK_URL", "http://127.0.0.1:8080")
IDENTITY_SECRET = os.environ.get(
    "ONEWINDOW_KEYCLOAK_IDENTITY_SECRET", "dev-only-onewindow-identity-secret"
)
HEALTH_SA_SECRET = os.environ.get(
    "ONEWINDOW_KEYCLOAK_DEPT_HEALTH_SECRET", "dev-only-dept-health-secret"
)
SEED = {
    "clerk_y": ("clerk.central", "dev-pass-clerk"),
    "supervisor_x": ("supervisor.health", "dev-pass-supervisor"),
    "admin_x": ("admin.health", "dev-pass-admin"),
    "auditor": ("auditor.demo", "dev-pass-auditor"),
}
STAFF_PASSWORD = "Matrix-chosen-1"


@dataclass
class World:
    """Tokens per role and the ids of A's objects."""

    tokens: dict[str, str] = field(default_factory=dict)
    objects: dict[str, str] = field(default_factory=dict)
    seed_roles: frozenset[str] = frozenset()


def send(front: Front, method: str, path: str, **kw: object):
    """One HTTP call, waiting out 429 as a client must (rate limits are per principal)."""
    for _ in range(20):
        reply = front.http.request(method, path, **kw)  # type: ignore[arg-type]
        if reply.status_code != 429:
            return reply
        time.sleep(float(reply.headers.get("retry-after", "1")))
    return reply


def tomorrow() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 86400))


def _client_token(client_id: str, secret: str) -> str:
    oidc = KeycloakOpenID(
        server_url=KEYCLOAK, realm_name="onewindow", client_id=client_id, client_secret_key=secret
    )
    return str(oidc.token(grant_type="client_credentials")["access_token"])


def _keycloak_admin() -> KeycloakAdmin:
    """The identity service's own admin client of the realm (what identity creates logins with)."""
    return KeycloakAdmin(
        connection=KeycloakOpenIDConnection(
            server_url=KEYCLOAK, realm_name="onewindow",
            client_id="onewindow-identity", client_secret_key=IDENTITY_SECRET,
        )
    )  # fmt: skip


def _system_of_y(front: Front) -> str:
    """Y's department system (a psb client-credentials account) and its token. The realm seeds
    no psb admin, so one is made as identity's CreateStaff makes logins (department and office
    attributes, realm role dept_admin); that admin then creates the account through the
    gateway, the way a department gets its system."""
    kc, name = _keycloak_admin(), f"matrix.psbadmin.{uuid.uuid4().hex[:8]}"
    user_id = kc.create_user({
        "username": name, "email": f"{name}@example.org", "firstName": "Matrix",
        "lastName": "Admin", "enabled": True,
        "attributes": {"department": ["psb"], "office": ["hall-central"]},
        "credentials": [{"type": "password", "value": STAFF_PASSWORD, "temporary": False}],
    })  # fmt: skip
    # as identity assigns roles: its client may list the roles a user can get, not the realm's
    role = [r for r in kc.get_available_realm_roles_of_user(user_id) if r["name"] == "dept_admin"]
    kc.assign_realm_roles(user_id, role)
    admin = front.login(name, STAFF_PASSWORD)
    made = send(front, "POST", "/v1/departments/psb/service-accounts",
                json={"system_name": f"matrix-{uuid.uuid4().hex[:6]}"},
                headers=front.auth(admin, Idempotency_Key=key()))  # fmt: skip
    assert made.status_code in (200, 201), made.text
    account = made.json()
    return _client_token(account["service_account"]["client_id"], account["client_secret"])


def _staff(front: Front, admin: str, office: str) -> tuple[str, str]:
    """A health clerk at ``office``, its first-login password chosen (as the browser would)."""
    name = f"matrix.{uuid.uuid4().hex[:8]}"
    body = {
        "username": name, "family_name": "Zhou", "given_name": "Min",
        "email": f"{name}@example.org", "office": office, "roles": ["clerk"],
        "initial_password": "Tmp-passw0rd!1",
    }  # fmt: skip
    made = send(front, "POST", "/v1/departments/health/staff", json=body,
                headers=front.auth(admin, Idempotency_Key=key()))  # fmt: skip
    assert made.status_code == 201, made.text
    kc = _keycloak_admin()
    kc.set_user_password(kc.get_user_id(name), STAFF_PASSWORD, temporary=False)
    return str(made.json()["staff_id"]), front.login(name, STAFF_PASSWORD)


def _mandate(front: Front, mandator: Person, mandatee: Person, services: list[str]) -> str:
    body = {
        "mandatee_person_id": mandatee.person_id, "service_types": services,
        "valid_until": tomorrow(),
    }  # fmt: skip
    made = send(front, "POST", "/v1/me/mandates", json=body,
                headers=front.auth(mandator.token, Idempotency_Key=key()))  # fmt: skip
    assert made.status_code in (200, 201), made.text
    return str(made.json()["mandate_id"])


def build_world(front: Front) -> World:
    """Every role as a real realm account or client, and A's objects."""
    world = World(seed_roles=frozenset([*SEED, "sa_x"]))
    a, b, rep_in, rep_out = (front.register() for _ in range(4))
    admin = front.login(*SEED["admin_x"])
    world.tokens = {"citizen_a": a.token, "citizen_b": b.token}
    world.tokens["clerk_x_serving"] = _staff(front, admin, "hosp-1")[1]
    world.tokens["clerk_x_not_serving"] = _staff(front, admin, "hall-central")[1]
    extra = _staff(front, admin, "hosp-1")[0]
    doc = front.upload(a.token)["document"]
    case = front.apply(a, doc["id"])
    assert case.status_code == 201, case.text
    world.objects = {
        "person_id": a.person_id, "national_id": a.national_id,
        "other_person_id": b.person_id, "document_id": doc["id"], "case_id": case.json()["id"],
        "staff_id": extra,
        "mandate_id": _mandate(front, a, rep_in, ["birth-medical-certificate"]),
        "mandate_out_id": _mandate(front, a, rep_out, ["business-registration"]),
    }  # fmt: skip
    consent = send(front, "POST", "/v1/me/consents",
                   json={"department": "health", "purpose": "matrix", "valid_until": tomorrow(),
                         "document_types": ["resident_id"]},
                   headers=front.auth(a.token, Idempotency_Key=key()))  # fmt: skip
    assert consent.status_code in (200, 201), consent.text
    world.objects["consent_id"] = consent.json()["consent_id"]
    sa = send(front, "POST", "/v1/departments/health/service-accounts",
              json={"system_name": f"matrix-{uuid.uuid4().hex[:6]}"},
              headers=front.auth(admin, Idempotency_Key=key()))  # fmt: skip
    assert sa.status_code in (200, 201), sa.text
    world.objects["service_account_id"] = sa.json()["service_account"]["service_account_id"]
    for role, (user, password) in SEED.items():
        world.tokens[role] = front.login(user, password)
    world.tokens["rep_in_scope"] = rep_in.token
    world.tokens["rep_out_of_scope"] = rep_out.token
    world.tokens["sa_x"] = _client_token("dept-health-system", HEALTH_SA_SECRET)
    world.tokens["sa_y"] = _system_of_y(front)
    return world
