"""The real Keycloak of the stack: realm onewindow, its clients, claims and token validation.

Needs Keycloak up with the dev seed (``infra/keycloak.sh up``; ``make test`` does it).
Tokens are checked the way every OneWindow service must check them: RS256 signature against
the realm's published JWKS, issuer, audience ``onewindow-api``, expiry.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from keycloak import KeycloakAdmin, KeycloakOpenID
from keycloak.exceptions import KeycloakPostError

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SEED = json.loads((ROOT / "infra" / "keycloak" / "dev-seed.json").read_text(encoding="utf-8"))
REALM_FILE = json.loads(
    (ROOT / "infra" / "keycloak" / "realm-onewindow.json").read_text(encoding="utf-8")
)
SEED_USERS = {u["username"]: u for u in SEED["users"]}
KC_URL = os.environ.get("ONEWINDOW_KEYCLOAK_URL", "http://127.0.0.1:8080").rstrip("/")
REALM = os.environ.get("ONEWINDOW_KEYCLOAK_REALM", "onewindow")
ISSUER = f"{KC_URL}/realms/{REALM}"
AUDIENCE = "onewindow-api"
GATEWAY_SECRET = os.environ.get(
    "ONEWINDOW_KEYCLOAK_GATEWAY_SECRET", "dev-only-onewindow-gateway-secret"
)
IDENTITY_SECRET = os.environ.get(
    "ONEWINDOW_KEYCLOAK_IDENTITY_SECRET", "dev-only-onewindow-identity-secret"
)
# What the identity service's adapter calls need, and nothing that administers the realm.
IDENTITY_ADMIN_ROLES = {
    "manage-users",
    "view-users",
    "query-users",
    "query-groups",  # part of view-users
    "manage-clients",
    "view-clients",
    "query-clients",
    "view-events",
}
DEPT_HEALTH_SECRET = os.environ.get(
    "ONEWINDOW_KEYCLOAK_DEPT_HEALTH_SECRET", "dev-only-dept-health-secret"
)
ATTRIBUTE_CLAIMS = ("department", "office", "assurance_level", "person_id")


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def keycloak_up() -> None:
    try:
        httpx.get(f"{ISSUER}/.well-known/openid-configuration", timeout=5).raise_for_status()
    except httpx.HTTPError as exc:
        pytest.fail(
            f"Keycloak realm {REALM} not reachable at {KC_URL} ({exc}); run infra/keycloak.sh up"
        )


@pytest.fixture(scope="module")
def jwks(keycloak_up: None) -> jwt.PyJWKClient:
    return jwt.PyJWKClient(f"{ISSUER}/protocol/openid-connect/certs", cache_keys=True)


@pytest.fixture(scope="module")
def web(keycloak_up: None) -> KeycloakOpenID:
    return KeycloakOpenID(server_url=KC_URL + "/", realm_name=REALM, client_id="onewindow-web")


@pytest.fixture(scope="module")
def dept_health(keycloak_up: None) -> KeycloakOpenID:
    return KeycloakOpenID(
        server_url=KC_URL + "/",
        realm_name=REALM,
        client_id="dept-health-system",
        client_secret_key=DEPT_HEALTH_SECRET,
    )


@pytest.fixture(scope="module")
def identity_admin(keycloak_up: None) -> KeycloakAdmin:
    """The admin API as the identity service uses it: the onewindow-identity service account."""
    return KeycloakAdmin(
        server_url=KC_URL + "/",
        realm_name=REALM,
        client_id="onewindow-identity",
        client_secret_key=IDENTITY_SECRET,
    )


@pytest.fixture(scope="module")
def gateway(keycloak_up: None) -> KeycloakOpenID:
    return KeycloakOpenID(
        server_url=KC_URL + "/",
        realm_name=REALM,
        client_id="onewindow-gateway",
        client_secret_key=GATEWAY_SECRET,
    )


@pytest.fixture(scope="module")
def clerk_token(web: KeycloakOpenID) -> dict[str, Any]:
    user = SEED_USERS["clerk.central"]
    return web.token(user["username"], user["password"])


@pytest.fixture(scope="module")
def service_token(dept_health: KeycloakOpenID) -> dict[str, Any]:
    return dept_health.token(grant_type="client_credentials")


# ---------------------------------------------------------------- helpers


def validate(token: str, jwks: jwt.PyJWKClient, audience: str = AUDIENCE) -> dict[str, Any]:
    """What a OneWindow service does with a bearer token before trusting any claim."""
    key = jwks.get_signing_key_from_jwt(token).key
    return jwt.decode(
        token,
        key,
        algorithms=["RS256"],
        audience=audience,
        issuer=ISSUER,
        leeway=5,
        options={"require": ["exp", "iat", "iss", "aud", "sub"]},
    )


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_json(obj: dict[str, Any]) -> str:
    return b64url(json.dumps(obj, separators=(",", ":")).encode())


def unverified_parts(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    return jwt.get_unverified_header(token), jwt.decode(token, options={"verify_signature": False})


def audiences(claims: dict[str, Any]) -> list[str]:
    aud = claims["aud"]
    return [aud] if isinstance(aud, str) else list(aud)


# ---------------------------------------------------------------- user tokens


def test_clerk_token_validates_and_carries_staff_claims(
    clerk_token: dict[str, Any], jwks: jwt.PyJWKClient
) -> None:
    claims = validate(clerk_token["access_token"], jwks)
    seeded = SEED_USERS["clerk.central"]
    assert claims["iss"] == ISSUER
    assert AUDIENCE in audiences(claims)
    assert claims["azp"] == "onewindow-web"
    assert claims["preferred_username"] == "clerk.central"
    assert claims["email"] == seeded["email"]
    assert claims["department"] == "psb"
    assert claims["office"] == "hall-central"
    assert claims["assurance_level"] == "high"
    assert claims["person_id"] == seeded["attributes"]["person_id"]
    assert "clerk" in claims["realm_access"]["roles"]
    assert "national_id" not in claims
    # AAL2 lifetimes of the realm: 5 min access token, 30 min idle session.
    assert claims["exp"] - claims["iat"] == 300
    refresh = jwt.decode(clerk_token["refresh_token"], options={"verify_signature": False})
    assert refresh["exp"] - refresh["iat"] == 1800


@pytest.mark.parametrize("username", sorted(SEED_USERS))
def test_every_seeded_user_gets_a_valid_token_with_its_roles(
    username: str, web: KeycloakOpenID, jwks: jwt.PyJWKClient
) -> None:
    seeded = SEED_USERS[username]
    claims = validate(web.token(username, seeded["password"])["access_token"], jwks)
    assert set(seeded["realm_roles"]) <= set(claims["realm_access"]["roles"])
    for name in ATTRIBUTE_CLAIMS:
        assert claims.get(name) == seeded["attributes"].get(name), name


# ---------------------------------------------------------------- service-account tokens


def test_department_service_account_token(
    service_token: dict[str, Any], jwks: jwt.PyJWKClient
) -> None:
    claims = validate(service_token["access_token"], jwks)
    assert AUDIENCE in audiences(claims)
    assert claims["azp"] == "dept-health-system"
    assert claims["client_id"] == "dept-health-system"
    assert claims["department"] == "health"
    assert claims["realm_access"]["roles"] == ["service"]
    assert "refresh_token" not in service_token  # client credentials: no user session


def test_gateway_service_account_holds_the_gateway_role_and_no_admin_right(
    gateway: KeycloakOpenID, jwks: jwt.PyJWKClient
) -> None:
    token = gateway.token(grant_type="client_credentials")["access_token"]
    claims = validate(token, jwks)
    assert AUDIENCE in audiences(claims)
    assert claims["azp"] == "onewindow-gateway"
    assert claims["realm_access"]["roles"] == ["gateway"]
    assert "resource_access" not in claims  # no realm-management (nor any client) role
    users = httpx.get(
        f"{KC_URL}/admin/realms/{REALM}/users",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert users.status_code == 403  # the internet-facing gateway cannot read or manage users
    with pytest.raises(KeycloakPostError) as refused:  # client credentials only
        gateway.token("citizen.demo", SEED_USERS["citizen.demo"]["password"])
    assert json.loads(refused.value.response_body)["error"] == "unauthorized_client"


def test_identity_service_account_holds_only_what_identity_needs(
    identity_admin: KeycloakAdmin, jwks: jwt.PyJWKClient
) -> None:
    identity = KeycloakOpenID(
        server_url=KC_URL + "/",
        realm_name=REALM,
        client_id="onewindow-identity",
        client_secret_key=IDENTITY_SECRET,
    )
    claims = validate(identity.token(grant_type="client_credentials")["access_token"], jwks)
    assert set(claims["resource_access"]["realm-management"]["roles"]) == IDENTITY_ADMIN_ROLES
    assert not {"service", "gateway"} & set(claims["realm_access"]["roles"])


# ---------------------------------------------------------------- forged tokens


def test_wrong_audience_is_rejected(clerk_token: dict[str, Any], jwks: jwt.PyJWKClient) -> None:
    with pytest.raises(jwt.InvalidAudienceError):
        validate(clerk_token["access_token"], jwks, audience="some-other-api")


@pytest.mark.parametrize(
    ("claim", "forged"),
    [
        ("department", "health"),
        ("person_id", SEED_USERS["citizen.demo"]["attributes"]["person_id"]),
        ("office", "hosp-1"),
        ("realm_access", {"roles": ["clerk", "dept_admin", "auditor"]}),
        ("exp", 4102444800),
    ],
)
def test_tampered_payload_is_rejected(
    claim: str, forged: Any, clerk_token: dict[str, Any], jwks: jwt.PyJWKClient
) -> None:
    header_b64, _, signature_b64 = clerk_token["access_token"].split(".")
    _, payload = unverified_parts(clerk_token["access_token"])
    payload[claim] = forged
    tampered = f"{header_b64}.{b64url_json(payload)}.{signature_b64}"
    assert tampered != clerk_token["access_token"]
    with pytest.raises(jwt.InvalidSignatureError):
        validate(tampered, jwks)


def test_token_signed_by_another_key_with_the_realm_kid_is_rejected(
    clerk_token: dict[str, Any], jwks: jwt.PyJWKClient
) -> None:
    header, payload = unverified_parts(clerk_token["access_token"])
    payload["department"] = "health"
    attacker_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(payload, attacker_key, algorithm="RS256", headers={"kid": header["kid"]})
    assert jwt.get_unverified_header(forged)["kid"] == header["kid"]
    with pytest.raises(jwt.InvalidSignatureError):
        validate(forged, jwks)


@pytest.mark.parametrize("alg", ["none", "HS256"])
def test_token_with_a_foreign_algorithm_is_rejected(
    alg: str, clerk_token: dict[str, Any], jwks: jwt.PyJWKClient
) -> None:
    header, payload = unverified_parts(clerk_token["access_token"])
    signing_input = f"{b64url_json({'alg': alg, 'typ': 'JWT', 'kid': header['kid']})}." + (
        b64url_json(payload)
    )
    if alg == "none":
        signature = ""
    else:  # classic confusion: HMAC keyed with the realm's public key
        public_pem = jwks.get_signing_key(header["kid"]).key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        signature = b64url(hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest())
    with pytest.raises(jwt.InvalidAlgorithmError):
        validate(f"{signing_input}.{signature}", jwks)


# ---------------------------------------------------------------- what the identity service needs


@pytest.fixture
def temp_user(identity_admin: KeycloakAdmin) -> Iterator[tuple[str, str, str]]:
    username = f"it-{uuid.uuid4().hex[:10]}"
    password = f"pw-{uuid.uuid4().hex}"
    user_id = identity_admin.create_user(
        {
            "username": username,
            "enabled": True,
            "firstName": "Test",
            "lastName": "Person",
            "attributes": {
                "assurance_level": ["substantial"],
                "person_id": [str(uuid.uuid4())],
                "national_id": ["TEST-123"],
                "nickname_for_tests": ["unmanaged-ok"],
            },
            "credentials": [{"type": "password", "value": password, "temporary": False}],
        }
    )
    try:
        yield user_id, username, password
    finally:
        identity_admin.delete_user(user_id)


def test_identity_service_can_manage_users_and_read_their_logins(
    temp_user: tuple[str, str, str],
    identity_admin: KeycloakAdmin,
    web: KeycloakOpenID,
    jwks: jwt.PyJWKClient,
) -> None:
    user_id, username, password = temp_user
    stored = identity_admin.get_user(user_id)["attributes"]
    assert stored["assurance_level"] == ["substantial"]
    assert stored["national_id"] == ["TEST-123"]
    assert stored["nickname_for_tests"] == ["unmanaged-ok"]  # unmanaged attributes: admin-only

    available = identity_admin.get_available_realm_roles_of_user(user_id)
    identity_admin.assign_realm_roles(user_id, [r for r in available if r["name"] == "citizen"])

    tokens = web.token(username, password)
    claims = validate(tokens["access_token"], jwks)
    assert claims["assurance_level"] == "substantial"
    assert "citizen" in claims["realm_access"]["roles"]

    logins: list[dict[str, Any]] = []
    for _ in range(20):
        logins = identity_admin.get_events({"user": user_id, "type": "LOGIN"})
        if logins:
            break
        time.sleep(0.25)
    assert logins and logins[0]["clientId"] == "onewindow-web"

    identity_admin.user_logout(user_id)
    with pytest.raises(KeycloakPostError):  # the session is gone: refresh no longer works
        web.refresh_token(tokens["refresh_token"])


def test_new_department_client_gets_the_onewindow_scope(
    identity_admin: KeycloakAdmin, jwks: jwt.PyJWKClient
) -> None:
    client_id = f"it-dept-{uuid.uuid4().hex[:8]}"
    internal_id = identity_admin.create_client(
        {
            "clientId": client_id,
            "protocol": "openid-connect",
            "publicClient": False,
            "serviceAccountsEnabled": True,
            "standardFlowEnabled": False,
            "directAccessGrantsEnabled": False,
            "protocolMappers": [
                {
                    "name": "department",
                    "protocol": "openid-connect",
                    "protocolMapper": "oidc-hardcoded-claim-mapper",
                    "config": {
                        "claim.name": "department",
                        "claim.value": "civil",
                        "jsonType.label": "String",
                        "access.token.claim": "true",
                    },
                }
            ],
        }
    )
    try:
        secret = identity_admin.get_client_secrets(internal_id)["value"]
        client = KeycloakOpenID(
            server_url=KC_URL + "/", realm_name=REALM, client_id=client_id, client_secret_key=secret
        )
        claims = validate(client.token(grant_type="client_credentials")["access_token"], jwks)
        assert AUDIENCE in audiences(claims)
        assert claims["department"] == "civil"
    finally:
        identity_admin.delete_client(internal_id)


# ---------------------------------------------------------------- lockout: attackers, not people
# Every test has its own user, and waits on Keycloak's brute-force status (failures are recorded
# asynchronously) with a bounded poll, never a sleep.

TOKEN_URL = f"{ISSUER}/protocol/openid-connect/token"
BRUTE_FORCE_KEYS = (
    "bruteForceProtected",
    "permanentLockout",
    "maxTemporaryLockouts",
    "bruteForceStrategy",
    "failureFactor",
    "waitIncrementSeconds",
    "maxFailureWaitSeconds",
    "maxDeltaTimeSeconds",
    "quickLoginCheckMilliSeconds",
    "minimumQuickLoginWaitSeconds",
)


def password_grant(username: str, password: str) -> httpx.Response:
    return httpx.post(
        TOKEN_URL,
        data={
            "grant_type": "password",
            "client_id": "onewindow-web",
            "username": username,
            "password": password,
        },
        timeout=30,
    )


def lockout_status(admin: KeycloakAdmin, user_id: str) -> dict[str, Any]:
    path = f"admin/realms/{REALM}/attack-detection/brute-force/users/{user_id}"
    response = admin.connection.raw_get(path)
    assert response.status_code == 200, response.text
    return dict(response.json())


def wait_for(what: str, probe: Callable[[], Any], timeout_s: float = 15.0) -> Any:
    """Poll ``probe`` until it returns something truthy; fail naming ``what`` after the limit."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"Keycloak did not reach: {what} within {timeout_s} s")
        time.sleep(0.05)


def refused(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.json()["error"] == "invalid_grant"


@pytest.fixture
def fresh_user(identity_admin: KeycloakAdmin) -> Iterator[tuple[str, str, str]]:
    """(id, username, password) of a user nobody else logs in as."""
    username = f"lockout-{uuid.uuid4().hex[:10]}"
    password = f"Pw-{uuid.uuid4().hex}"
    user_id = identity_admin.create_user(
        {
            "username": username,
            "enabled": True,
            "firstName": "Lock",
            "lastName": "Out",
            "email": f"{username}@onewindow.test",
            "emailVerified": True,
            "credentials": [{"type": "password", "value": password, "temporary": False}],
        }
    )
    try:
        yield user_id, username, password
    finally:
        identity_admin.delete_user(user_id)


def miss(admin: KeycloakAdmin, user_id: str, username: str, times: int) -> dict[str, Any]:
    """``times`` wrong passwords in a row, each one counted before the next."""
    status: dict[str, Any] = {}
    for n in range(1, times + 1):
        refused(password_grant(username, f"wrong-{n}"))
        status = wait_for(
            f"{n} failures counted",
            lambda n=n: (s := lockout_status(admin, user_id))["numFailures"] >= n and s,
        )
    return status


def test_running_realm_has_the_committed_brute_force_rules() -> None:
    admin = KeycloakAdmin(
        server_url=KC_URL + "/",
        realm_name=REALM,
        user_realm_name="master",
        username=os.environ.get("ONEWINDOW_KEYCLOAK_ADMIN_USER") or "admin",
        password=os.environ.get("ONEWINDOW_KEYCLOAK_ADMIN_PASSWORD") or "admin",
    )
    running = admin.get_realm(REALM)
    rules = {k: REALM_FILE[k] for k in BRUTE_FORCE_KEYS}
    assert {k: running[k] for k in BRUTE_FORCE_KEYS} == rules  # the file reached the realm
    assert rules["bruteForceProtected"] and rules["failureFactor"] == 10
    # A lockout after every further miss, each longer than the one before (LINEAR), up to the
    # cap; then locked for good: at most 100 consecutive failures (NIST SP 800-63B 5.2.2).
    waits = [
        min(rules["waitIncrementSeconds"] * (1 + n - rules["failureFactor"]), 900)
        for n in range(rules["failureFactor"], rules["failureFactor"] + 4)
    ]
    assert rules["bruteForceStrategy"] == "LINEAR" and waits == [60, 120, 180, 240]
    assert rules["permanentLockout"]
    assert rules["failureFactor"] + rules["maxTemporaryLockouts"] <= 100
    # Two quick misses (a double-submitted form) must not lock a person out.
    assert rules["quickLoginCheckMilliSeconds"] == 0


def test_one_miss_then_the_right_password_at_once_logs_in(
    fresh_user: tuple[str, str, str], identity_admin: KeycloakAdmin
) -> None:
    user_id, username, password = fresh_user
    refused(password_grant(username, "not-the-password"))
    response = password_grant(username, password)  # at once: the failure may still be recording
    assert response.status_code == 200, response.text
    assert password_grant(username, password).status_code == 200
    status = lockout_status(identity_admin, user_id)
    assert not status["disabled"] and status["numTemporaryLockouts"] == 0


def test_eight_parallel_logins_of_one_user_all_succeed(
    fresh_user: tuple[str, str, str], identity_admin: KeycloakAdmin
) -> None:
    user_id, username, password = fresh_user
    start = threading.Barrier(8)

    def login(_: int) -> int:
        start.wait(timeout=30)
        return password_grant(username, password).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(login, range(8)))
    assert codes == [200] * 8
    assert not lockout_status(identity_admin, user_id)["disabled"]


def test_nine_misses_in_a_row_do_not_lock(
    fresh_user: tuple[str, str, str], identity_admin: KeycloakAdmin
) -> None:
    user_id, username, password = fresh_user
    status = miss(identity_admin, user_id, username, 9)
    assert (status["numFailures"], status["disabled"]) == (9, False)
    assert password_grant(username, password).status_code == 200


def test_ten_misses_in_a_row_lock_the_account(
    fresh_user: tuple[str, str, str], identity_admin: KeycloakAdmin
) -> None:
    user_id, username, password = fresh_user
    status = miss(identity_admin, user_id, username, 10)
    assert status["disabled"] and status["numTemporaryLockouts"] == 1
    locked_for = status["failedLoginNotBefore"] - status["lastFailure"] // 1000
    assert 59 <= locked_for <= 60  # waitIncrementSeconds for the first lockout
    refused(password_grant(username, password))  # the right password waits out the lockout
    errors = wait_for(
        "the refused login's event",
        lambda: [
            e
            for e in identity_admin.get_events({"user": user_id, "type": "LOGIN_ERROR"})
            if e.get("error") == "user_temporarily_disabled"
        ],
    )
    assert errors[0]["clientId"] == "onewindow-web"


def test_a_parallel_burst_of_wrong_passwords_still_locks(
    fresh_user: tuple[str, str, str], identity_admin: KeycloakAdmin
) -> None:
    user_id, username, password = fresh_user
    start = threading.Barrier(12)

    def guess(n: int) -> int:
        start.wait(timeout=30)
        return password_grant(username, f"guess-{n}").status_code

    with ThreadPoolExecutor(max_workers=12) as pool:
        assert set(pool.map(guess, range(12))) == {401}
    status = wait_for(
        "the account locked",
        lambda: (s := lockout_status(identity_admin, user_id))["disabled"] and s,
    )
    assert status["numFailures"] >= 10  # every guess that reached the password check counted
    refused(password_grant(username, password))
