"""New login from an unknown client, on the running stack: a citizen logs in as usual, then from
another network address (source 127.0.0.2); identity's ``logins`` worker reads Keycloak's LOGIN
events and emits new_login_detected, and notifications emails the person a security notice."""

import time

import httpx
import pytest
from e2e_support import MAILPIT, PASSWORD
from test_one_window import register_and_verify

from onewindow_kit.settings import load_common

pytestmark = pytest.mark.integration


def _login_from(source_ip: str, username: str) -> None:
    common = load_common("identity")
    url = f"{common.keycloak_url.rstrip('/')}/realms/{common.keycloak_realm}"
    transport = httpx.HTTPTransport(local_address=source_ip)
    with httpx.Client(transport=transport, timeout=30) as http:
        reply = http.post(
            f"{url}/protocol/openid-connect/token",
            data={
                "grant_type": "password",
                "client_id": "onewindow-web",
                "username": username,
                "password": PASSWORD,
            },
        )
    assert reply.status_code == 200, reply.text


def _security_mails(address: str) -> list[dict]:
    reply = httpx.get(f"{MAILPIT}/api/v1/search", params={"query": f"to:{address}"}, timeout=5)
    return [m for m in reply.json()["messages"] if "新的登录" in m["Subject"]]


def test_a_login_from_a_new_address_is_told_to_the_person(window):
    person = register_and_verify(window)
    window.login(person.username)  # the usual place: the baseline, never reported
    _login_from("127.0.0.2", person.username)

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not _security_mails(person.email):
        time.sleep(0.5)
    mails = _security_mails(person.email)
    assert len(mails) == 1, "one new-login notice within 120 s"
    text = httpx.get(f"{MAILPIT}/api/v1/message/{mails[0]['ID']}", timeout=5).json()["Text"]
    assert "127.0.0.2" in text and "127.0.0.1" not in text
