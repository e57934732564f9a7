"""The load of the fault tests: citizens submitting applications through the gateway as a
well-behaved front end does — each submission with its own Idempotency-Key, sent again with the
same key after a 503/504/502, a 429 (after Retry-After) or a lost connection, until an answer
2xx or a bounded deadline."""

from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx
from keycloak import KeycloakOpenID
from stack import GATEWAY, KEYCLOAK

from onewindow_kit.testing import random_resident_id as resident_id

PASSWORD = "Faults-Passw0rd!"
CLERK = ("clerk.central", "dev-pass-clerk")
RETRY_STATUSES = {429, 502, 503, 504}
SERVICE_TYPE = "birth-medical-certificate"


def sample_pdf(text: bytes) -> bytes:
    """A small real PDF (documents sniffs the type from the bytes)."""
    return (
        b"%PDF-1.4\n%" + text + b"\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def login(username: str, password: str) -> str:
    """A password login at the realm (the front end's client)."""
    oidc = KeycloakOpenID(server_url=KEYCLOAK, realm_name="onewindow", client_id="onewindow-web")
    return str(oidc.token(username, password)["access_token"])


def _send(http: httpx.Client, method: str, path: str, deadline: float, **kw) -> httpx.Response:
    """One request, sent again (same headers, so the same Idempotency-Key) while the stack
    answers 'try again' or the connection fails, until ``deadline`` (monotonic)."""
    while True:
        try:
            reply = http.request(method, path, **kw)
            if reply.status_code not in RETRY_STATUSES:
                return reply
            wait = float(reply.headers.get("retry-after", "0.3") or 0.3)
        except httpx.TransportError:
            reply, wait = None, 0.3
        if time.monotonic() + wait > deadline:
            if reply is not None:
                return reply
            raise TimeoutError(f"{method} {path}: no answer before the deadline")
        time.sleep(min(wait, 2.0))


@dataclass
class Citizen:
    """A registered, in-person verified citizen with a token and one uploaded resident id."""

    person_id: str
    national_id: str
    email: str
    username: str
    token: str
    document_id: str


def register_citizen(http: httpx.Client, clerk_token: str) -> Citizen:
    """Register through the gateway, verified at the counter, logged in, resident id uploaded."""
    number = resident_id()
    email = f"faults-{uuid.uuid4().hex[:12]}@example.org"
    body = {
        "national_id": number, "family_name": "Li", "given_name": "Na",
        "date_of_birth": f"{number[6:10]}-{number[10:12]}-{number[12:14]}",
        "password": PASSWORD, "email": email,
    }  # fmt: skip
    deadline = time.monotonic() + 120
    idem = {"Idempotency-Key": str(uuid.uuid4())}
    reply = _send(http, "POST", "/v1/registrations", deadline, json=body, headers=idem)
    assert reply.status_code == 201, reply.text
    person = reply.json()
    check = {"method": "document_chip_read", "document": {"type": "resident_id", "number": number}}
    reply = _send(
        http, "POST", f"/v1/persons/{person['person_id']}/in-person-verification", deadline,
        json=check, headers={"Authorization": f"Bearer {clerk_token}", **idem},
    )  # fmt: skip
    assert reply.status_code == 200, reply.text
    token = login(person["username"], PASSWORD)
    reply = _send(
        http, "POST", "/v1/documents", deadline,
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())},
        data={"document_type": "resident_id", "title": "resident id"},
        files={"file": ("resident_id.pdf", sample_pdf(number.encode()), "application/pdf")},
    )  # fmt: skip
    assert reply.status_code == 201, reply.text
    document = reply.json()["document"]["id"]
    return Citizen(person["person_id"], number, email, person["username"], token, document)


def register_citizens(count: int) -> list[Citizen]:
    """``count`` citizens ready to apply."""
    clerk = login(*CLERK)
    with (
        httpx.Client(base_url=GATEWAY, timeout=30) as http,
        ThreadPoolExecutor(max_workers=4) as pool,
    ):
        return list(pool.map(lambda _: register_citizen(http, clerk), range(count)))


def submission(citizen: Citizen) -> dict:
    """The body of one application (a birth medical certificate) by ``citizen``."""
    form = {
        "child_name": "Li Xiaoming", "child_sex": "male", "birth_date": "2026-11-20",
        "birth_place": "First People's Hospital", "mother_id_number": citizen.national_id,
    }  # fmt: skip
    return {"service_type": SERVICE_TYPE, "document_ids": [citizen.document_id], "form": form}


@dataclass
class Outcome:
    """What the load saw: accepted submissions (key -> (citizen, case id, case number)), the
    requests sent again, and every final answer that was not a 2xx."""

    accepted: dict[str, tuple[Citizen, str, str]] = field(default_factory=dict)
    retries: int = 0
    refused: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Load:
    """``total`` submissions from one thread per citizen, started in the background — or, with
    ``seconds``, as many as the clients send in that time. With several ``gateways`` (replicas
    behind what would be a load balancer) client i starts at gateway i mod n and moves to the
    next one when a connection fails."""

    def __init__(
        self,
        citizens: list[Citizen],
        total: int,
        deadline_s: float = 240,
        *,
        seconds: float = 0,
        gateways: list[str] | None = None,
    ) -> None:
        self.citizens = citizens
        self.total = total
        self.seconds = seconds
        self.gateways = gateways or [GATEWAY]
        self.deadline = time.monotonic() + deadline_s + seconds
        self.outcome = Outcome()
        self._sent = 0
        self._until = 0.0
        self._threads = [
            threading.Thread(target=self._client, args=(c, i), daemon=True)
            for i, c in enumerate(citizens)
        ]

    def start(self) -> Load:
        """Begin submitting."""
        self._until = time.monotonic() + self.seconds
        for thread in self._threads:
            thread.start()
        return self

    def done(self) -> int:
        """Submissions answered so far (accepted or refused)."""
        with self.outcome.lock:
            return len(self.outcome.accepted) + len(self.outcome.refused)

    def wait_for(self, answered: int, seconds: float = 120) -> None:
        """Block until ``answered`` submissions have been answered."""
        limit = time.monotonic() + seconds
        while self.done() < min(answered, self.total) and time.monotonic() < limit:
            time.sleep(0.05)

    def join(self) -> Outcome:
        """Wait for every client to finish; the outcome."""
        for thread in self._threads:
            thread.join(max(1.0, self.deadline - time.monotonic() + 30))
        return self.outcome

    def _share(self, index: int) -> int:
        per, extra = divmod(self.total, len(self.citizens))
        return per + (1 if index < extra else 0)

    def _client(self, citizen: Citizen, index: int) -> None:
        body = submission(citizen)
        base = self.gateways[index % len(self.gateways)]
        with httpx.Client(base_url=base, timeout=httpx.Timeout(30, connect=5)) as http:
            if self.seconds:
                while time.monotonic() < self._until:
                    self._submit(http, citizen, body)
                return
            for _ in range(self._share(index)):
                self._submit(http, citizen, body)

    def _fail_over(self, http: httpx.Client) -> None:
        """The next gateway, after a failed connection (one gateway: the same one again)."""
        current = str(http.base_url).rstrip("/")
        at = self.gateways.index(current) if current in self.gateways else -1
        http.base_url = self.gateways[(at + 1) % len(self.gateways)]

    def _submit(self, http: httpx.Client, citizen: Citizen, body: dict) -> None:
        key = str(uuid.uuid4())
        attempts = relogins = 0
        while True:
            attempts += 1
            headers = {"Authorization": f"Bearer {citizen.token}", "Idempotency-Key": key}
            try:
                reply = http.post("/v1/cases", json=body, headers=headers)
            except httpx.TransportError as exc:
                reply, wait, why = None, 0.3, type(exc).__name__
                self._fail_over(http)
            else:
                if reply.status_code in (200, 201):
                    case = reply.json()
                    with self.outcome.lock:
                        self.outcome.accepted[key] = (citizen, case["id"], case["case_number"])
                        self.outcome.retries += attempts - 1
                    return
                # The 5-minute token expired: log in again, however many times this submission
                # was sent already (one sent again through a long outage meets the expiry late);
                # a 401 right after fresh logins is a real refusal.
                if reply.status_code == 401 and relogins < 2:
                    citizen.token = login(citizen.username, PASSWORD)
                    relogins += 1
                    continue
                if reply.status_code not in RETRY_STATUSES:
                    break
                wait = float(reply.headers.get("retry-after", "0.3") or 0.3)
                why = str(reply.status_code)
            if time.monotonic() + wait > self.deadline:
                break
            time.sleep(min(wait, 2.0))
        detail = f"{reply.status_code} {reply.text[:300]}" if reply is not None else why
        with self.outcome.lock:
            self.outcome.refused.append(f"{key}: {detail}")
