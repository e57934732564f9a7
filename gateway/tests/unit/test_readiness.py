"""GET /readyz: services down make it 503; the realm (Keycloak) down is reported as degraded but
stays 200, since tokens already issued keep working with the cached signing keys."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from gateway_fakes import Behaviour, gateway, run

from onewindow_gateway.clients import Clients


class Realm(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        found = self.path == "/realms/onewindow/.well-known/openid-configuration"
        body = b'{"issuer": "x"}' if found else b"{}"
        self.send_response(200 if found else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        return


@pytest.fixture()
def realm_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Realm)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def _readyz(keycloak_url: str):
    async def scenario():
        async with gateway(Behaviour(), ONEWINDOW_KEYCLOAK_URL=keycloak_url) as http:
            return await http.get("/readyz")

    return run(scenario())


@pytest.fixture()
def services_serving(monkeypatch):
    async def serving(self, service, timeout_s=1.0):
        return True

    monkeypatch.setattr(Clients, "serving", serving)


def test_ready_when_every_service_and_the_realm_answer(services_serving, realm_url):
    reply = _readyz(realm_url)
    assert reply.status_code == 200
    assert reply.json()["status"] == "ready" and reply.json()["keycloak"] == "up"


def test_keycloak_down_is_degraded_but_still_ready_for_existing_tokens(services_serving):
    reply = _readyz(_closed_port())
    assert reply.status_code == 200
    assert reply.json() == {
        "status": "degraded",
        "services": {"identity": "serving", "cases": "serving", "documents": "serving",
                     "notifications": "serving"},
        "down": [],
        "keycloak": "down",
    }  # fmt: skip


def test_a_service_down_is_503_naming_it_and_the_realm_is_reported(realm_url):
    reply = _readyz(realm_url)  # the fake server serves no health service: all four are down
    assert reply.status_code == 503
    assert reply.json()["keycloak"] == "up" and "cases" in reply.json()["down"]
