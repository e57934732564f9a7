"""gRPC clients of the services: one grpc.aio channel per service per worker, reused; the
caller's own token forwarded; the gateway's narrow service-account token for anonymous routes."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import grpc
import httpx
from grpc_health.v1 import health_pb2, health_pb2_grpc

from onewindow.cases.v1 import cases_pb2_grpc, offers_pb2_grpc
from onewindow.documents.v1 import documents_pb2_grpc
from onewindow.identity.v1 import identity_pb2_grpc
from onewindow.notifications.v1 import notifications_pb2_grpc
from onewindow_gateway.config import SERVICES, GatewaySettings
from onewindow_kit.errors import Unavailable
from onewindow_kit.grpc_tls import open_aio_channel
from onewindow_kit.logging import CORRELATION_HEADER, get_logger

log = get_logger("onewindow_gateway.clients")
_HEALTH_NAMES = {
    "identity": "onewindow.identity.v1.Identity",
    "cases": "onewindow.cases.v1.Cases",
    "documents": "onewindow.documents.v1.Documents",
    "notifications": "onewindow.notifications.v1.Notifications",
}
# Messages up to 16 MiB both ways (certificate files, whole catalogues); uploads are chunked.
_CHANNEL_OPTIONS = [
    ("grpc.max_receive_message_length", 16 * 1024 * 1024),
    ("grpc.max_send_message_length", 16 * 1024 * 1024),
    ("grpc.keepalive_time_ms", 30_000),
]


@dataclass
class ServiceToken:
    """The gateway's client-credentials token, reused until shortly before it expires."""

    token_url: str
    client_id: str
    client_secret: str
    _token: str = ""
    _expires: float = 0.0
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def get(self) -> str:
        """A valid access token of the gateway's service account."""
        if self._token and time.monotonic() < self._expires:
            return self._token
        async with self._lock:
            if self._token and time.monotonic() < self._expires:
                return self._token
            try:
                async with httpx.AsyncClient(timeout=5.0) as http:
                    reply = await http.post(
                        self.token_url,
                        data={"grant_type": "client_credentials"},
                        auth=(self.client_id, self.client_secret),
                    )
            except httpx.HTTPError as exc:
                raise Unavailable(f"cannot reach the realm for the gateway's token: {exc}") from exc
            if reply.status_code != 200:
                log.error("gateway_token_refused", status=reply.status_code)
                raise Unavailable("the realm refused the gateway's client credentials")
            body = reply.json()
            self._token = str(body["access_token"])
            self._expires = time.monotonic() + max(5.0, float(body.get("expires_in", 60)) - 30.0)
            return self._token


class Clients:
    """Stubs over one channel per service, plus the call metadata the services expect."""

    def __init__(self, settings: GatewaySettings, addrs: dict[str, str] | None = None) -> None:
        self.settings = settings
        targets = addrs or dict(settings.service_addrs)
        self.channels = {
            svc: open_aio_channel(targets[svc], options=_CHANNEL_OPTIONS) for svc in SERVICES
        }
        self.identity = identity_pb2_grpc.IdentityStub(self.channels["identity"])
        self.cases = cases_pb2_grpc.CasesStub(self.channels["cases"])
        self.offers = offers_pb2_grpc.OffersStub(self.channels["cases"])  # served by cases
        self.documents = documents_pb2_grpc.DocumentsStub(self.channels["documents"])
        self.notifications = notifications_pb2_grpc.NotificationsStub(
            self.channels["notifications"]
        )
        self.service_token = ServiceToken(
            settings.token_url, settings.client_id, settings.client_secret.value
        )

    async def close(self) -> None:
        """Close every channel (after in-flight calls drained)."""
        await asyncio.gather(*(c.close(grace=5.0) for c in self.channels.values()))

    async def serving(self, service: str, timeout_s: float = 1.0) -> bool:
        """True when ``service`` reports SERVING on the standard health service."""
        stub = health_pb2_grpc.HealthStub(self.channels[service])
        try:
            reply = await stub.Check(
                health_pb2.HealthCheckRequest(service=_HEALTH_NAMES[service]), timeout=timeout_s
            )
        except grpc.RpcError:
            return False
        return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)

    async def realm_answers(self, timeout_s: float = 1.0) -> bool:
        """True when Keycloak serves the realm's discovery document (logins and registrations
        need it; tokens already issued are checked with cached keys and do not)."""
        url = f"{self.settings.issuer}/.well-known/openid-configuration"
        try:
            async with httpx.AsyncClient(timeout=timeout_s) as http:
                return (await http.get(url)).status_code == 200
        except httpx.HTTPError:
            return False

    async def anonymous_metadata(self, correlation: str) -> list[tuple[str, str]]:
        """Metadata of a call the gateway makes with its own narrow service account."""
        token = await self.service_token.get()
        return [("authorization", f"Bearer {token}"), (CORRELATION_HEADER, correlation)]
