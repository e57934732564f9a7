"""Keycloak through python-keycloak: the admin API with the gateway client's service account.

Every call goes through ``_guard``: Keycloak unreachable (or failing with 5xx) becomes the
kit's ``Unavailable``; a 409 on create becomes ``IdpConflict``; a password refused by the
realm's policy becomes ``InvalidArgument`` on the password field.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from keycloak import KeycloakAdmin, KeycloakOpenID
from keycloak.exceptions import KeycloakConnectionError, KeycloakError

from onewindow_identity.service_layer.ports import (
    LOCKOUTS,
    IdpConflict,
    IdpUser,
    LoginRecord,
    NewUser,
)
from onewindow_kit.errors import InvalidArgument, Unavailable
from onewindow_kit.settings import Secret

T = TypeVar("T")
LOGIN_EVENT_TYPES = ["LOGIN", "LOGIN_ERROR"]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SERVICE_ROLE = "service"


@dataclass(frozen=True)
class KeycloakConfig:
    """Where the realm is and which confidential client administers it."""

    server_url: str
    realm: str
    client_id: str
    client_secret: Secret
    timeout_s: int = 10


def _status(exc: KeycloakError) -> int:
    return int(getattr(exc, "response_code", 0) or 0)


def _body(exc: KeycloakError) -> str:
    body = getattr(exc, "response_body", b"") or b""
    return body.decode(errors="replace") if isinstance(body, bytes) else str(body)


@contextmanager
def _guard(action: str) -> Iterator[None]:
    try:
        yield
    except KeycloakConnectionError as exc:
        raise Unavailable(f"Keycloak is unreachable ({action}); nothing was changed") from exc
    except KeycloakError as exc:
        if _status(exc) >= 500 or _status(exc) == 0:
            raise Unavailable(f"Keycloak failed ({action}): HTTP {_status(exc)}") from exc
        raise


class KeycloakIdentityProvider:
    """The IdentityProvider port on a real Keycloak realm."""

    def __init__(self, config: KeycloakConfig) -> None:
        self.config = config
        self._admin: KeycloakAdmin | None = None
        self._lock = threading.Lock()
        self._role_cache: dict[str, dict[str, Any]] = {}

    @property
    def admin(self) -> KeycloakAdmin:
        """The admin client; its token is fetched lazily and refreshed by python-keycloak."""
        with self._lock:
            if self._admin is None:
                self._admin = KeycloakAdmin(
                    server_url=self.config.server_url,
                    realm_name=self.config.realm,
                    client_id=self.config.client_id,
                    client_secret_key=self.config.client_secret.value,
                    timeout=self.config.timeout_s,
                    # python-keycloak would send a POST again after a read timeout: a slow
                    # Keycloak then got every registration's create-user twice (the copy
                    # refused, the first one's user left behind). Our callers retry instead,
                    # with their idempotency keys.
                    max_retries=0,
                )
            return self._admin

    def create_user(self, user: NewUser) -> str:
        """Create the user with its password; roles added after (deleted again if that fails)."""
        payload = {
            "username": user.username,
            "email": user.email or None,
            "firstName": user.first_name,
            "lastName": user.last_name,
            "enabled": True,
            "emailVerified": False,
            "attributes": {k: [v] for k, v in user.attributes.items()},
            "credentials": [
                {"type": "password", "value": user.password, "temporary": user.temporary_password}
            ],
        }
        with _guard("create user"):
            try:
                user_id = self.admin.create_user(payload)
            except KeycloakError as exc:
                raise _create_error(exc) from exc
        if not user.realm_roles:
            return user_id
        try:
            with _guard("assign roles"):
                self.admin.assign_realm_roles(user_id, self._roles(user_id, user.realm_roles))
        except BaseException:
            self._quiet_delete_user(user_id)
            raise
        return user_id

    def _quiet_delete_user(self, user_id: str) -> None:
        # The caller's error matters more; the deterministic username finds any leftover.
        with suppress(Exception):
            self.delete_user(user_id)

    def _roles(self, user_id: str, names: tuple[str, ...]) -> list[dict[str, Any]]:
        # The admin client may map roles (manage-users) but not read the realm's role list
        # (view-realm); the roles a user may still get are readable, so look them up there.
        if any(n not in self._role_cache for n in names):
            for rep in self.admin.get_available_realm_roles_of_user(user_id):
                self._role_cache[rep["name"]] = {"id": rep["id"], "name": rep["name"]}
        missing = [n for n in names if n not in self._role_cache]
        if missing:
            raise InvalidArgument("roles", f"the realm has no role {', '.join(missing)}")
        return [self._role_cache[n] for n in names]

    def find_user(self, username: str) -> IdpUser | None:
        """Exact username match."""
        with _guard("find user"):
            users = self.admin.get_users({"username": username, "exact": "true"})
        for u in users:
            if u.get("username") == username.lower():
                return IdpUser(u["id"], u["username"], bool(u.get("enabled")), _attrs(u))
        return None

    def delete_user(self, user_id: str) -> None:
        """Idempotent delete."""
        with _guard("delete user"):
            try:
                self.admin.delete_user(user_id)
            except KeycloakError as exc:
                if _status(exc) != 404:
                    raise

    def _update(self, user_id: str, change: Callable[[dict[str, Any]], None]) -> None:
        # Read-modify-write of the whole representation: a partial PUT could drop attributes
        # under the declarative user profile. Callers hold the per-person/per-staff lock.
        with _guard("update user"):
            rep = self.admin.get_user(user_id)
            body = {k: rep[k] for k in ("username", "email", "firstName", "lastName") if k in rep}
            body["enabled"] = rep.get("enabled", True)
            body["attributes"] = rep.get("attributes", {})
            change(body)
            self.admin.update_user(user_id, body)

    def set_attributes(self, user_id: str, attributes: dict[str, str]) -> None:
        """Merge attributes into the user."""
        self._update(
            user_id, lambda b: b["attributes"].update({k: [v] for k, v in attributes.items()})
        )

    def set_enabled(self, user_id: str, enabled: bool) -> None:
        """Enable or disable the user (disabled users cannot log in or refresh)."""
        self._update(user_id, lambda b: b.update(enabled=enabled))

    def set_email(self, user_id: str, email: str) -> None:
        """Change the login's email; we verified it ourselves. IdpConflict when taken."""
        try:
            self._update(user_id, lambda b: b.update(email=email, emailVerified=True))
        except KeycloakError as exc:
            if _status(exc) == 409:
                raise IdpConflict("email") from exc
            raise

    def logout(self, user_id: str) -> None:
        """End every session (refresh tokens stop working)."""
        with _guard("logout"):
            self.admin.user_logout(user_id)

    def recent_logins(self, user_id: str, limit: int) -> list[LoginRecord]:
        """LOGIN and LOGIN_ERROR events of the user, newest first."""
        with _guard("read login events"):
            events = self.admin.get_events(
                {"user": user_id, "type": LOGIN_EVENT_TYPES, "max": limit}
            )
        return [_login_record(e) for e in events]

    def realm_logins(self, limit: int, since: datetime | None = None) -> list[LoginRecord]:
        """The realm's LOGIN events at or after ``since`` (None: the newest), oldest first."""
        with _guard("read login events"):
            return self._realm_events(["LOGIN"], limit, since)

    def lockouts(self, limit: int, since: datetime | None = None) -> list[LoginRecord]:
        """The realm's brute-force lockouts at or after ``since`` (None: the newest), oldest
        first."""
        with _guard("read lockout events"):
            return self._realm_events(list(LOCKOUTS), limit, since)

    def _realm_events(
        self, types: list[str], limit: int, since: datetime | None
    ) -> list[LoginRecord]:
        """Keycloak filters by time itself (``dateFrom`` in epoch milliseconds, inclusive) and
        pages from the oldest (``direction=asc``), so a poll costs what is new. The newest 500
        LOGIN events, as the login watch read them every 5 s, took 47 ms of Keycloak's time at
        8,100 stored events (1.6 ms from the cursor), and a burst of more than ``max`` since
        the last poll was partly never read."""
        if since is None:
            newest = self.admin.get_events({"type": types, "max": limit})
            return [_login_record(e) for e in reversed(newest)]
        query = {"type": types, "max": limit, "dateFrom": str(_millis(since)), "direction": "asc"}
        return [_login_record(e) for e in self.admin.get_events(query)]

    def create_service_client(self, client_id: str, department: str, description: str) -> str:
        """Client-credentials client, role ``service``, hard-coded ``department`` claim."""
        with _guard("create client"):
            try:
                client_uuid = self.admin.create_client(
                    _client_payload(client_id, department, description)
                )
            except KeycloakError as exc:
                if _status(exc) == 409:
                    raise IdpConflict("client_id") from exc
                raise
        try:
            with _guard("configure client"):
                account = self.admin.get_client_service_account_user(client_uuid)
                roles = self._roles(account["id"], (SERVICE_ROLE,))
                self.admin.assign_realm_roles_to_client_scope(client_uuid, roles)
                self.admin.assign_realm_roles(account["id"], roles)
        except BaseException:
            with suppress(Exception):
                self.delete_client(client_uuid)
            raise
        return client_uuid

    def client_secret(self, client_uuid: str) -> str:
        """The current secret."""
        with _guard("read client secret"):
            return str(self.admin.get_client_secrets(client_uuid)["value"])

    def rotate_client_secret(self, client_uuid: str) -> str:
        """Regenerate the secret."""
        with _guard("rotate client secret"):
            return str(self.admin.generate_client_secrets(client_uuid)["value"])

    def delete_client(self, client_uuid: str) -> None:
        """Idempotent delete."""
        with _guard("delete client"):
            try:
                self.admin.delete_client(client_uuid)
            except KeycloakError as exc:
                if _status(exc) != 404:
                    raise


def _create_error(exc: KeycloakError) -> Exception:
    body = _body(exc)
    if _status(exc) == 409:
        return IdpConflict("email" if "email" in body.lower() else "username")
    if _status(exc) == 400 and "could not create user" in body.lower():
        # Keycloak's answer when its own store failed, e.g. a create racing one it is still
        # committing (our earlier attempt that timed out): nothing of ours is wrong, try again
        return Unavailable("Keycloak could not create the user now; retry with the same key")
    if _status(exc) == 400 and "password" in body.lower():
        return InvalidArgument(
            "password", f"refused by the realm's password policy ({_reason(body)})"
        )
    if _status(exc) == 400:
        return InvalidArgument("user", f"refused by Keycloak: {_reason(body)}")
    return exc


def _reason(body: str) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return body[:200]
    return str(data.get("errorMessage") or data.get("error") or data)[:200]


def _attrs(rep: dict[str, Any]) -> dict[str, str]:
    return {k: v[0] for k, v in (rep.get("attributes") or {}).items() if v}


def _millis(moment: datetime) -> int:
    """Epoch milliseconds, rounded down (a bound at or before ``moment``)."""
    return (moment - EPOCH) // timedelta(milliseconds=1)


def _login_record(event: dict[str, Any]) -> LoginRecord:
    return LoginRecord(
        at=datetime.fromtimestamp(int(event.get("time", 0)) / 1000, tz=UTC),
        type=str(event.get("type", "")),
        ip_address=str(event.get("ipAddress", "")),
        client_id=str(event.get("clientId", "")),
        error=str(event.get("error", "") or ""),
        user_id=str(event.get("userId", "") or ""),
    )


def _client_payload(client_id: str, department: str, description: str) -> dict[str, Any]:
    return {
        "clientId": client_id,
        "name": f"{department} department system {client_id}",
        "description": description,
        "enabled": True,
        "protocol": "openid-connect",
        "publicClient": False,
        "clientAuthenticatorType": "client-secret",
        "serviceAccountsEnabled": True,
        "standardFlowEnabled": False,
        "implicitFlowEnabled": False,
        "directAccessGrantsEnabled": False,
        "fullScopeAllowed": False,
        "attributes": {"department": department},
        "protocolMappers": [
            {
                "name": f"department {department}",
                "protocol": "openid-connect",
                "protocolMapper": "oidc-hardcoded-claim-mapper",
                "config": {
                    "claim.name": "department",
                    "claim.value": department,
                    "jsonType.label": "String",
                    "access.token.claim": "true",
                    "id.token.claim": "true",
                    "introspection.token.claim": "true",
                },
            }
        ],
    }


def password_login(
    server_url: str, realm: str, client_id: str, username: str, password: str
) -> dict[str, Any]:
    """A direct-access-grant login (tests, benchmark, dev tools): the token response."""
    oidc = KeycloakOpenID(server_url=server_url, realm_name=realm, client_id=client_id)
    return oidc.token(username, password)


def client_credentials(server_url: str, realm: str, client_id: str, secret: str) -> dict:
    """A client-credentials token response."""
    oidc = KeycloakOpenID(
        server_url=server_url, realm_name=realm, client_id=client_id, client_secret_key=secret
    )
    return oidc.token(grant_type="client_credentials")
