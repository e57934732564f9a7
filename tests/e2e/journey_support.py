"""What the journeys share: an HTTP client of the running gateway (as a front end holds it),
staff of every department, bounded waits, and the calls a department makes on a case."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
from e2e_support import DEV_SEED_PASSWORDS, PASSWORD, birth_date, resident_id
from keycloak import KeycloakAdmin, KeycloakOpenIDConnection

T = TypeVar("T")
GATEWAY = "http://" + os.environ.get("ONEWINDOW_GATEWAY_ADDR", "127.0.0.1:8000")
MAILPIT = "http://127.0.0.1:8025"
IDENTITY_SECRET = os.environ.get(
    "ONEWINDOW_KEYCLOAK_IDENTITY_SECRET", "dev-only-onewindow-identity-secret"
)
STAFF_PASSWORD = "Journey-pass-1"
# the office each department's supervisor works at (the sample catalogue's offices)
OFFICE_OF = {"health": "hosp-1", "psb": "hall-central", "medsec": "hall-central",
             "hrss": "hall-central", "samr": "hall-central", "fire": "hall-central",
             "urban": "hall-central"}  # fmt: skip


def until(check: Callable[[], T | None], what: str, seconds: float = 90) -> T:
    """Poll ``check`` until it answers something truthy, at most ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"{what} did not happen within {seconds:.0f} s")


def key() -> str:
    return str(uuid.uuid4())


def sample_pdf(text: bytes = b"scan") -> bytes:
    """A small but real PDF (documents sniffs the type from the bytes)."""
    return (
        b"%PDF-1.4\n%" + text + b"\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


class Gateway:
    """The gateway as a front end sees it, plus the realm's logins."""

    def __init__(self, window) -> None:
        self.window = window
        self.http = httpx.Client(base_url=GATEWAY, timeout=60)
        self._staff: dict[tuple[str, str], str] = {}

    def close(self) -> None:
        self.http.close()

    def call(
        self, method: str, path: str, token: str, expect: int = 200, **kw: Any
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}", **kw.pop("headers", {})}
        if method in ("POST", "PUT") and "Idempotency-Key" not in headers:
            headers["Idempotency-Key"] = key()
        reply = self.http.request(method, path, headers=headers, **kw)
        assert reply.status_code == expect, f"{method} {path}: {reply.status_code} {reply.text}"
        return reply

    def register(self) -> dict[str, str]:
        """A citizen registers through the gateway; a clerk verifies them in person."""
        number = resident_id()
        body = {
            "national_id": number, "family_name": "Li", "given_name": "Na",
            "date_of_birth": birth_date(number), "password": PASSWORD,
            "email": f"journey-{uuid.uuid4().hex[:10]}@example.org",
        }  # fmt: skip
        idem = key()
        for _ in range(30):  # registrations are rate limited per address: wait as clients do
            reply = self.http.post(
                "/v1/registrations", json=body, headers={"Idempotency-Key": idem}
            )
            if reply.status_code != 429:
                break
            time.sleep(float(reply.headers.get("retry-after", "1")))
        assert reply.status_code == 201, reply.text
        person = reply.json()
        check = {
            "method": "document_chip_read",
            "document": {"type": "resident_id", "number": number},
        }
        self.call(
            "POST", f"/v1/persons/{person['person_id']}/in-person-verification",
            self.seeded("clerk.central"), json=check,
        )  # fmt: skip
        token = self.window.login(person["username"])
        return {**person, "national_id": number, "email": body["email"], "token": token}

    def seeded(self, username: str) -> str:
        return self.window.login(username, DEV_SEED_PASSWORDS[username])

    def staff(self, department: str, role: str = "supervisor") -> str:
        """A token of a staff member of ``department`` with ``role`` at its office. Only health
        has a seeded department admin, so staff are put into the realm the way the dev seed
        puts its staff there (realm role + department/office attributes)."""
        if department == "health" and role == "supervisor":
            return self.seeded("supervisor.health")
        if (department, role) not in self._staff:
            admin = KeycloakAdmin(
                connection=KeycloakOpenIDConnection(
                    server_url=self.window.issuer_url, realm_name=self.window.realm,
                    client_id="onewindow-identity", client_secret_key=IDENTITY_SECRET,
                )
            )  # fmt: skip
            name = f"journey.{department}.{role}.{uuid.uuid4().hex[:6]}"
            user_id = admin.create_user(
                {
                    "username": name, "enabled": True, "emailVerified": True,
                    "email": f"{name}@example.org", "firstName": "Wei", "lastName": "Zhang",
                    "attributes": {"department": [department], "office": [OFFICE_OF[department]],
                                   "assurance_level": ["high"], "person_id": [key()]},
                    "credentials": [{"type": "password", "value": STAFF_PASSWORD,
                                     "temporary": False}],
                }
            )  # fmt: skip
            # the admin client may map roles but not read the realm's list: look it up per user
            grant = [
                r for r in admin.get_available_realm_roles_of_user(user_id) if r["name"] == role
            ]
            admin.assign_realm_roles(user_id, grant)
            self._staff[(department, role)] = name
        return self.window.login(self._staff[(department, role)], STAFF_PASSWORD)

    def case(self, case_id: str, token: str, purpose: str = "") -> tuple[dict[str, Any], str]:
        """A case and its ETag; staff say why they read it (the citizen sees that)."""
        params = {"purpose": purpose} if purpose else {}
        reply = self.call("GET", f"/v1/cases/{case_id}", token, params=params)
        return reply.json(), reply.headers["etag"]

    def move(self, case_id: str, token: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """A staff action on a case, with If-Match the case's ETag as just read."""
        _, etag = self.case(case_id, token, purpose=f"handling the application ({path})")
        return self.call(
            "POST", f"/v1/cases/{case_id}/{path}", token, json=body, headers={"If-Match": etag}
        ).json()

    def decide(
        self, case_id: str, token: str, outcome: str = "approved", reason: str = "",
        steps: tuple[str, ...] = ("accepted", "in_review"),
    ) -> None:  # fmt: skip
        """Claim, go through the workflow's ``steps`` and decide, as the department's
        supervisor."""
        if not self.case(case_id, token, purpose="deciding the application")[0]["assignee"]:
            self.move(case_id, token, "claim", {})
        for status in steps:
            self.move(case_id, token, "transitions", {"to_status": status})
        self.move(case_id, token, "decision", {"outcome": outcome, "reason": reason})


def mails_to(address: str) -> list[dict[str, Any]]:
    reply = httpx.get(f"{MAILPIT}/api/v1/search", params={"query": f"to:{address}"}, timeout=10)
    return list(reply.json()["messages"])
