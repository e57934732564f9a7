"""A fake identity provider behind the same interface as the Keycloak adapter (unit tests)."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from onewindow_identity.service_layer.ports import (
    LOCKOUTS,
    IdpConflict,
    IdpUser,
    LoginRecord,
    NewUser,
)
from onewindow_kit.errors import Unavailable


@dataclass
class FakeUser:
    """A user as the fake stores it."""

    id: str
    username: str
    email: str
    password: str
    enabled: bool
    attributes: dict[str, str]
    realm_roles: tuple[str, ...]
    sessions: int = 0


@dataclass
class FakeClient:
    """A client as the fake stores it."""

    uuid: str
    client_id: str
    department: str
    secret: str


@dataclass
class FakeIdentityProvider:
    """Users and clients in memory; ``down = True`` makes every call Unavailable."""

    users: dict[str, FakeUser] = field(default_factory=dict)
    clients: dict[str, FakeClient] = field(default_factory=dict)
    logins: dict[str, list[LoginRecord]] = field(default_factory=dict)
    down: bool = False

    def _up(self) -> None:
        if self.down:
            raise Unavailable(
                "the identity provider (Keycloak) is unreachable; nothing was changed"
            )

    def create_user(self, user: NewUser) -> str:
        self._up()
        # Keycloak 26 names the email when both clash ("User exists with same email")
        if user.email and any(u.email == user.email for u in self.users.values()):
            raise IdpConflict("email")
        if any(u.username == user.username for u in self.users.values()):
            raise IdpConflict("username")
        user_id = str(uuid.uuid4())
        self.users[user_id] = FakeUser(
            user_id,
            user.username,
            user.email,
            user.password,
            True,
            dict(user.attributes),
            user.realm_roles,
        )
        return user_id

    def find_user(self, username: str) -> IdpUser | None:
        self._up()
        for u in self.users.values():
            if u.username == username:
                return IdpUser(u.id, u.username, u.enabled, dict(u.attributes))
        return None

    def delete_user(self, user_id: str) -> None:
        self._up()
        self.users.pop(user_id, None)

    def set_attributes(self, user_id: str, attributes: dict[str, str]) -> None:
        self._up()
        self.users[user_id].attributes.update(attributes)

    def set_enabled(self, user_id: str, enabled: bool) -> None:
        self._up()
        self.users[user_id].enabled = enabled

    def set_email(self, user_id: str, email: str) -> None:
        self._up()
        if any(u.email == email for u in self.users.values() if u.id != user_id):
            raise IdpConflict("email")
        self.users[user_id].email = email

    def logout(self, user_id: str) -> None:
        self._up()
        self.users[user_id].sessions = 0

    def recent_logins(self, user_id: str, limit: int) -> list[LoginRecord]:
        self._up()
        return list(reversed(self.logins.get(user_id, [])))[:limit]

    def realm_logins(self, limit: int, since: datetime | None = None) -> list[LoginRecord]:
        self._up()
        return self._events(("LOGIN",), limit, since)

    def lockouts(self, limit: int, since: datetime | None = None) -> list[LoginRecord]:
        self._up()
        return self._events(LOCKOUTS, limit, since)

    def _events(
        self, types: tuple[str, ...], limit: int, since: datetime | None
    ) -> list[LoginRecord]:
        """As Keycloak answers them: the first ``limit`` at or after ``since`` (in its
        milliseconds), else the newest ``limit``; oldest first either way."""
        every = sorted(
            (r for records in self.logins.values() for r in records if r.type in types),
            key=lambda r: r.at,
        )
        if since is None:
            return every[-limit:] if limit else []
        floor = since.replace(microsecond=since.microsecond // 1000 * 1000)
        return [r for r in every if r.at >= floor][:limit]

    def create_service_client(self, client_id: str, department: str, description: str) -> str:
        self._up()
        if any(c.client_id == client_id for c in self.clients.values()):
            raise IdpConflict("client_id")
        client_uuid = str(uuid.uuid4())
        self.clients[client_uuid] = FakeClient(
            client_uuid, client_id, department, secrets.token_urlsafe(24)
        )
        return client_uuid

    def client_secret(self, client_uuid: str) -> str:
        self._up()
        return self.clients[client_uuid].secret

    def rotate_client_secret(self, client_uuid: str) -> str:
        self._up()
        self.clients[client_uuid].secret = secrets.token_urlsafe(24)
        return self.clients[client_uuid].secret

    def delete_client(self, client_uuid: str) -> None:
        self._up()
        self.clients.pop(client_uuid, None)

    # Test helpers: what Keycloak would do on a password login.
    def login(
        self,
        username: str,
        password: str,
        ip: str = "127.0.0.1",
        client_id: str = "onewindow-web",
    ) -> bool:
        """Simulate a password login; records a LOGIN or LOGIN_ERROR event."""
        user = next((u for u in self.users.values() if u.username == username), None)
        ok = user is not None and user.enabled and user.password == password
        if user is not None:
            record = LoginRecord(
                datetime.now(UTC),
                "LOGIN" if ok else "LOGIN_ERROR",
                ip,
                client_id,
                "" if ok else ("user_disabled" if not user.enabled else "invalid_user_credentials"),
                user.id,
            )
            self.logins.setdefault(user.id, []).append(record)
            user.sessions += 1 if ok else 0
        return ok
