"""The realm's own pages: password reset by email through the stack's SMTP server (Mailpit in
development), and the login pages in zh-CN by default and in English on request."""

from __future__ import annotations

import re
import time
import uuid
from html import unescape
from urllib.parse import urljoin

import httpx
import pytest
from e2e_support import MAILPIT, PASSWORD, birth_date, resident_id

from onewindow.identity.v1 import identity_pb2, identity_pb2_grpc

pytestmark = pytest.mark.integration

REDIRECT = "http://127.0.0.1:3000/callback"
WAIT_S = 30.0


def browser() -> httpx.Client:
    """A cookie-keeping client that, like a browser, sends the realm's Secure cookies to
    http://127.0.0.1 (browsers treat loopback as a secure context; http.cookiejar does not)."""
    client = httpx.Client(follow_redirects=True, timeout=30)

    def loopback_is_secure(response: httpx.Response) -> None:
        for cookie in client.cookies.jar:
            cookie.secure = False

    client.event_hooks["response"] = [loopback_is_secure]
    return client


def login_page(window, client: httpx.Client, **params: str) -> httpx.Response:
    """The realm's login page for the web client (authorization code + PKCE)."""
    query = {
        "client_id": "onewindow-web",
        "response_type": "code",
        "scope": "openid",
        "redirect_uri": REDIRECT,
        "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        "code_challenge_method": "S256",
        "state": uuid.uuid4().hex,
        **params,
    }
    url = f"{window.issuer_url}/realms/{window.realm}/protocol/openid-connect/auth"
    page = client.get(url, params=query)
    assert page.status_code == 200, page.text[:500]
    return page


def form_action(html: str) -> str:
    found = re.search(r'<form[^>]*action="([^"]+)"', html)
    assert found, "the page has no form"
    return unescape(found.group(1))


def register(window) -> identity_pb2.Person:
    number = resident_id()
    request = identity_pb2.RegisterPersonRequest(
        idempotency_key=str(uuid.uuid4()), national_id=number, family_name="E2E",
        given_name="Forgetful", date_of_birth=birth_date(number),
        email=f"e2e-reset-{uuid.uuid4().hex[:8]}@example.org", password=PASSWORD,
    )  # fmt: skip
    stub = identity_pb2_grpc.IdentityStub(window.channels["identity"])
    return stub.RegisterPerson(request, metadata=window.gateway(), timeout=30).person


def mails_to(address: str) -> list[dict]:
    reply = httpx.get(f"{MAILPIT}/api/v1/search", params={"query": f"to:{address}"}, timeout=5)
    reply.raise_for_status()
    return list(reply.json()["messages"])


def test_a_citizen_resets_a_forgotten_password_by_email(window):
    person = register(window)
    with browser() as client:
        page = login_page(window, client)
        link = re.search(r'href="([^"]*login-actions/reset-credentials[^"]*)"', page.text)
        assert link, "the login page offers no 'forgot password' link"
        reset = client.get(urljoin(str(page.url), unescape(link.group(1))))
        assert reset.status_code == 200
        sent = client.post(form_action(reset.text), data={"username": person.username})
        assert sent.status_code == 200, sent.text[:500]

    deadline = time.monotonic() + WAIT_S
    while not (found := mails_to(person.email)):
        assert time.monotonic() < deadline, "no reset email reached Mailpit"
        time.sleep(0.2)
    message = httpx.get(f"{MAILPIT}/api/v1/message/{found[0]['ID']}", timeout=5).json()
    assert message["To"][0]["Address"] == person.email
    assert message["From"]["Address"] == "no-reply@onewindow.example"
    # the one-time link that lets the citizen choose a new password, in the realm's default
    # language (zh-CN)
    assert re.search(r"/realms/onewindow/login-actions/action-token\?key=", message["Text"])
    assert re.search(r"[\u4e00-\u9fff]", message["Subject"] + message["Text"])


def test_the_realm_pages_speak_zh_cn_by_default_and_english_on_request(window):
    with browser() as client:
        chinese = login_page(window, client)
        english = login_page(window, client, ui_locales="en")
    assert 'lang="zh-CN"' in chinese.text
    assert "登录" in chinese.text
    assert 'lang="en"' in english.text
    assert "Sign in" in english.text
