"""Scenario 6: Keycloak stopped. Tokens already issued keep working (every service checks them
with the realm's cached keys); new logins fail at the realm; registrations through the gateway
answer a clear 503 problem; the gateway's /readyz says Keycloak is down ("degraded", still 200);
once Keycloak is back, logins and registrations work again without restarting any of our
processes. Needs the Keycloak this checkout's `make up` started (infra/keycloak.sh stops only
that one)."""

from __future__ import annotations

import uuid

import httpx
import pytest
from keycloak.exceptions import KeycloakError
from load import PASSWORD, login, resident_id
from scenario import run
from stack import GATEWAY, RUN, gateway_ready, pid_of, script, wait_until


def _our_processes() -> dict[str, int]:
    return {p.stem: pid_of(p.stem) for p in RUN.glob("*.pid") if p.stem != "keycloak"}


def _registration() -> httpx.Response:
    number = resident_id()
    body = {
        "national_id": number, "family_name": "Li", "given_name": "Na",
        "date_of_birth": f"{number[6:10]}-{number[10:12]}-{number[12:14]}",
        "password": PASSWORD, "email": f"faults-{uuid.uuid4().hex[:12]}@example.org",
    }  # fmt: skip
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    return httpx.post(f"{GATEWAY}/v1/registrations", json=body, headers=headers, timeout=30)


def _readyz() -> dict:
    return httpx.get(f"{GATEWAY}/readyz", timeout=10).json()


def test_keycloak_stopped_existing_tokens_work_and_everything_recovers(citizens):
    assert pid_of("keycloak"), "this checkout's make up did not start Keycloak"
    for citizen in citizens:  # fresh 5-minute tokens, as a front end holds them
        citizen.token = login(citizen.username, PASSWORD)
    before = _our_processes()
    seen: dict[str, object] = {}
    script("keycloak", "down")  # before the load: every submission meets the outage

    def fault(load) -> None:
        seen["readyz"] = _readyz()
        seen["registration"] = _registration()
        with pytest.raises(KeycloakError):
            login(citizens[0].username, PASSWORD)
        load.join()  # every submission made with a token issued before the outage

    run("keycloak-stopped", citizens, fault, total=64)
    assert seen["readyz"]["keycloak"] == "down" and seen["readyz"]["status"] == "degraded"
    reply = seen["registration"]
    assert isinstance(reply, httpx.Response) and reply.status_code == 503
    assert reply.headers["content-type"].startswith("application/problem+json")
    assert reply.json()["status"] == 503

    script("keycloak", "up", timeout=300)
    wait_until(gateway_ready, "the gateway", 30)
    assert login(citizens[0].username, PASSWORD)
    assert wait_until(lambda: _registration().status_code == 201, "a registration", 60) >= 0
    assert _readyz()["keycloak"] == "up"
    assert _our_processes() == before  # nothing of ours was restarted
