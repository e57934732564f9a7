"""What the journeys share: an HTTP client of the running gateway (as a front end holds it),
staff of every department, bounded waits, and the calls a department makes on a case."""

from __future__ import annotations

import json
import os
import random
import string
import threading
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import httpx
import yaml
from e2e_support import DEV_SEED_PASSWORDS, MAILPIT, PASSWORD, bearer, birth_date, resident_id
from jwcrypto import jwk, jws
from keycloak import KeycloakAdmin, KeycloakOpenID, KeycloakOpenIDConnection
from test_others_objects import uscc

from onewindow.identity.v1 import identity_pb2, identity_pb2_grpc

T = TypeVar("T")
# every address from the variables the stack was started with (infra/env.sh), so the journeys
# also run against a private stack (tests/faults/private-stack.sh env replicas)
GATEWAY = "http://" + os.environ.get("ONEWINDOW_GATEWAY_ADDR", "127.0.0.1:8000")
IDENTITY_SECRET = os.environ.get(
    "ONEWINDOW_KEYCLOAK_IDENTITY_SECRET", "dev-only-onewindow-identity-secret"
)
DEPT_HEALTH_SECRET = os.environ.get(
    "ONEWINDOW_KEYCLOAK_DEPT_HEALTH_SECRET", "dev-only-dept-health-secret"
)
STAFF_PASSWORD = "Journey-pass-1"
# the office each department's supervisor works at (the sample catalogue's offices)
OFFICE_OF = {"health": "hosp-1", "psb": "hall-central", "medsec": "hall-central",
             "hrss": "hall-central", "samr": "hall-central", "fire": "hall-central",
             "urban": "hall-central"}  # fmt: skip
# What the journeys told the system about people, made fresh per run: test_zz_personal_data
# looks for each of them in every log file under var/log/ (and must find none).
PERSONAL_DATA: dict[str, set[str]] = {"national id": set(), "name": set(), "email": set(),
                                      "phone": set()}  # fmt: skip


def fresh_name() -> str:
    """A given name no log line can hold by chance."""
    return "Na" + "".join(random.choices(string.ascii_lowercase, k=8))


def fresh_mobile() -> str:
    """A CN mobile number in E.164."""
    return f"+86139{random.randint(0, 99999999):08d}"


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
            "national_id": number, "family_name": "Li", "given_name": fresh_name(),
            "date_of_birth": birth_date(number), "password": PASSWORD,
            "email": f"journey-{uuid.uuid4().hex[:10]}@example.org", "phone": fresh_mobile(),
        }  # fmt: skip
        for kind, field in (("national id", "national_id"), ("name", "given_name"),
                            ("email", "email"), ("phone", "phone")):  # fmt: skip
            PERSONAL_DATA[kind].add(body[field])
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
            PERSONAL_DATA["email"].add(f"{name}@example.org")
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


def upload(
    gw: Gateway, token: str, document_type: str, text: bytes, owner: str = "", **kw: dict
) -> str:
    fields = {"document_type": document_type, "title": document_type}
    if owner:  # staff scanning a citizen's paper at the counter
        fields["owner_id"] = owner
    reply = gw.call(
        "POST", "/v1/documents", token, expect=201, data=fields, **kw,
        files={"file": (f"{document_type}.pdf", sample_pdf(text), "application/pdf")},
    )  # fmt: skip
    return str(reply.json()["document"]["id"])


def parts_of(gw: Gateway, bundle_id: str, token: str) -> dict[str, dict]:
    bundle = gw.call("GET", f"/v1/bundles/{bundle_id}", token).json()
    return {p["service_type"]: p for p in bundle["parts"]}


def linked(gw: Gateway, case_id: str, token: str, purpose: str = "") -> dict | None:
    """The case once the certificate of an earlier part is linked to it."""
    case, _ = gw.case(case_id, token, purpose=purpose)
    return case if all(d["document_id"] for d in case["documents"]) else None


def wallet(gw: Gateway, token: str) -> list[dict]:
    return list(gw.call("GET", "/v1/me/wallet", token).json()["items"])


def verify_offline(gw: Gateway, token: str, document_id: str) -> dict:
    """The certificate is a compact JWS: checked with the published keys and nothing else."""
    signed = gw.call("GET", f"/v1/documents/{document_id}/content", token).content
    keys = gw.call("GET", "/v1/certificates/signing-keys", token).json()
    offline = jws.JWS()
    offline.deserialize(signed.decode())
    offline.verify(jwk.JWKSet.from_json(json.dumps(keys)))
    return dict(json.loads(offline.payload))


def told_in_inbox(gw: Gateway, token: str, case_ids: set[str]) -> list[dict] | None:
    """The inbox once it holds a receipt and a decision for every case, and a supplement."""
    notices = gw.call("GET", "/v1/me/inbox", token).json()["items"]
    by_case = {(n["case_id"], n["category"]) for n in notices}
    wanted = {(c, k) for c in case_ids for k in ("case_receipt", "decision")}
    has_supplement = any(k == "supplement" for _, k in by_case)
    return list(notices) if wanted <= by_case and has_supplement else None


CATALOGUE = (
    Path(__file__).parents[2] / "services/cases/src/onewindow_cases/catalogue/catalogue.yaml"
)


def holiday_calendar() -> tuple[set[date], set[date]]:
    """The catalogue's calendar: holidays (single days and ranges) and make-up working days."""
    calendar = yaml.safe_load(CATALOGUE.read_text())["calendar"]
    holidays: set[date] = set()
    for entry in calendar["holidays"]:
        first, last = (entry["from"], entry["to"]) if isinstance(entry, dict) else (entry, entry)
        holidays |= {first + timedelta(days=n) for n in range((last - first).days + 1)}
    return holidays, set(calendar.get("working_weekends") or [])


def add_working_days(start: date, days: int) -> date:
    holidays, make_up = holiday_calendar()
    current = start
    while days:
        current += timedelta(days=1)
        if current in make_up or (current.weekday() < 5 and current not in holidays):
            days -= 1
    return current


def company_of(gw: Gateway, window, representative: dict) -> str:
    """The legal representative registers the company (identity's RegisterOrganisation)."""
    identity = identity_pb2_grpc.IdentityStub(window.channels["identity"])
    return str(
        identity.RegisterOrganisation(
            identity_pb2.RegisterOrganisationRequest(
                idempotency_key=str(uuid.uuid4()), country="CN", registration_number=uscc(),
                name="Good Noodles Ltd", legal_representative_person_id=representative["person_id"],
            ),
            metadata=bearer(representative["token"]), timeout=30,
        ).organisation.organisation_id
    )  # fmt: skip


class Receiver:
    """A department system's webhook endpoint on 127.0.0.1: records what it is sent."""

    def __init__(self) -> None:
        calls: list[tuple[dict[str, str], bytes]] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                calls.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return

        self.calls = calls
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def department_system(window) -> list[tuple[str, str]]:
    """The health department system's service-account token (client credentials)."""
    oidc = KeycloakOpenID(
        server_url=window.issuer_url, realm_name=window.realm,
        client_id="dept-health-system", client_secret_key=DEPT_HEALTH_SECRET,
    )  # fmt: skip
    return bearer(oidc.token(grant_type="client_credentials")["access_token"])
