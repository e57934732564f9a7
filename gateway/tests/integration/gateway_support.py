"""What a front end holds when it talks to the running gateway: an HTTP client, realm logins,
and ready-made people (registered through the gateway, verified in person by a clerk)."""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from keycloak import KeycloakOpenID

from onewindow_kit.testing import random_resident_id as resident_id

PASSWORD = "gw-Passw0rd!"
DEV_SEED_PASSWORDS = {"clerk.central": "dev-pass-clerk", "supervisor.health": "dev-pass-supervisor"}


def sample_png(text: bytes = b"scan") -> bytes:
    """A minimal real PNG (signature, 1x1 IHDR, ``text`` in a tEXt chunk): documents sniffs
    the type from the bytes and refuses content that is not what it claims."""
    ihdr = b"\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde"
    return b"\x89PNG\r\n\x1a\n" + ihdr + len(text).to_bytes(4, "big") + b"tEXt" + text


def sample_pdf(text: bytes = b"scan") -> bytes:
    """A minimal real PDF carrying ``text``."""
    return b"%PDF-1.4\n%" + text + b"\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def key() -> str:
    """A fresh Idempotency-Key."""
    return str(uuid.uuid4())


@dataclass
class Person:
    """A registered citizen and their current access token."""

    person_id: str
    username: str
    national_id: str
    token: str


class Front:
    """An HTTP client of the gateway plus the realm's public client (as a web front end)."""

    def __init__(self) -> None:
        addr = os.environ.get("ONEWINDOW_GATEWAY_ADDR", "127.0.0.1:8000")
        self.http = httpx.Client(base_url=f"http://{addr}", timeout=60)
        self.web = KeycloakOpenID(
            server_url=os.environ.get("ONEWINDOW_KEYCLOAK_URL", "http://127.0.0.1:8080"),
            realm_name=os.environ.get("ONEWINDOW_KEYCLOAK_REALM", "onewindow"),
            client_id="onewindow-web",
        )

    def login(self, username: str, password: str = PASSWORD) -> str:
        """An access token of the realm for a user."""
        return str(self.web.token(username, password)["access_token"])

    def staff(self, username: str) -> str:
        """A dev-seed staff member's token."""
        return self.login(username, DEV_SEED_PASSWORDS[username])

    def auth(self, token: str, **headers: str) -> dict[str, str]:
        """Bearer headers (plus any others, dashes written as underscores)."""
        out = {"Authorization": f"Bearer {token}"}
        out.update({k.replace("_", "-"): v for k, v in headers.items()})
        return out

    def register(self, *, verify: bool = True) -> Person:
        """A citizen registers through the gateway; a clerk verifies them in person."""
        number = resident_id()
        body = {
            "national_id": number,
            "family_name": "Li",
            "given_name": "Na",
            "date_of_birth": f"{number[6:10]}-{number[10:12]}-{number[12:14]}",
            "email": f"gw-{uuid.uuid4().hex[:10]}@example.org",
            "password": PASSWORD,
        }
        idem = key()
        for _ in range(30):  # registrations are rate limited per address: wait as a client must
            reply = self.http.post(
                "/v1/registrations", json=body, headers={"Idempotency-Key": idem}
            )
            if reply.status_code != 429:
                break
            time.sleep(float(reply.headers.get("retry-after", "1")))
        assert reply.status_code == 201, reply.text
        person = reply.json()
        if verify:
            clerk = self.staff("clerk.central")
            check = {
                "method": "document_chip_read",
                "document": {"type": "resident_id", "number": number},
            }
            done = self.http.post(
                f"/v1/persons/{person['person_id']}/in-person-verification",
                json=check,
                headers=self.auth(clerk),
            )
            assert done.status_code == 200, done.text
        return Person(
            person["person_id"], person["username"], number, self.login(person["username"])
        )

    def upload(
        self, token: str, content: bytes = sample_png(b"x" * 5000), **fields: str
    ) -> dict[str, Any]:
        """Upload a document through the gateway."""
        form = {"document_type": "resident_id", "title": "ID card", **fields}
        reply = self.http.post(
            "/v1/documents",
            data=form,
            files={"file": ("id.png", content, "image/png")},
            headers=self.auth(token, Idempotency_Key=key()),
        )
        assert reply.status_code == 201, reply.text
        return dict(reply.json())

    def apply(self, person: Person, document_id: str, idem: str | None = None) -> httpx.Response:
        """Apply for a birth medical certificate."""
        body = {
            "service_type": "birth-medical-certificate",
            "form": {
                "child_name": "Li Xiaoming",
                "child_sex": "male",
                "birth_date": "2026-11-20",
                "birth_place": "First People's Hospital",
                "mother_id_number": person.national_id,
            },
            "document_ids": [document_id],
        }
        return self.http.post(
            "/v1/cases", json=body, headers=self.auth(person.token, Idempotency_Key=idem or key())
        )
