"""TLS for every gRPC server and client channel of the platform, switched on by configuration.

Off by default: on one box in development everything listens on 127.0.0.1 in plaintext. With
``ONEWINDOW_GRPC_TLS=1`` the kit's server listens only with TLS and every channel the services,
the gateway and the health probe open verifies the server against ``ONEWINDOW_GRPC_TLS_CA``:

- ``ONEWINDOW_GRPC_TLS_CERT`` / ``ONEWINDOW_GRPC_TLS_KEY``: this process's certificate chain and
  private key (PEM). A server needs them; a client presents them when set (mutual TLS).
- ``ONEWINDOW_GRPC_TLS_CA``: the CA bundle (PEM) servers are verified against and, with client
  authentication, clients too. Empty: the system's roots (clients only).
- ``ONEWINDOW_GRPC_TLS_CLIENT_AUTH=1``: servers refuse a client without a certificate the CA
  signed (mTLS between services; optional).
- ``ONEWINDOW_GRPC_TLS_SERVER_NAME``: the name expected on server certificates when it differs
  from the host of the address dialled (e.g. a pod IP with a certificate for a Service name).

Files are read when a server or channel is built (in bootstrap), never at import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc

from onewindow_kit.settings import Env, SettingsError

ChannelOptions = Sequence[tuple[str, Any]]


@dataclass(frozen=True)
class GrpcTls:
    """Where this process's TLS material is; ``enabled`` False means plaintext."""

    enabled: bool = False
    cert: str = ""
    key: str = ""
    ca: str = ""
    client_auth: bool = False
    server_name: str = ""

    def _read(self, path: str, name: str) -> bytes:
        try:
            return Path(path).read_bytes()
        except OSError as exc:
            raise SettingsError(f"environment variable {name}: cannot read {path}: {exc}") from None

    def _own_pair(self) -> tuple[bytes, bytes] | None:
        if not (self.cert and self.key):
            return None
        return (
            self._read(self.key, "ONEWINDOW_GRPC_TLS_KEY"),
            self._read(self.cert, "ONEWINDOW_GRPC_TLS_CERT"),
        )

    def server_credentials(self) -> grpc.ServerCredentials:
        """Credentials of a TLS server (requiring a client certificate with client_auth)."""
        pair = self._own_pair()
        if pair is None:
            raise SettingsError(
                "ONEWINDOW_GRPC_TLS=1 on a server needs ONEWINDOW_GRPC_TLS_CERT and"
                " ONEWINDOW_GRPC_TLS_KEY"
            )
        roots = self._read(self.ca, "ONEWINDOW_GRPC_TLS_CA") if self.ca else None
        return grpc.ssl_server_credentials(
            [pair], root_certificates=roots, require_client_auth=self.client_auth
        )

    def channel_credentials(self) -> grpc.ChannelCredentials:
        """Credentials of a client: the CA to trust, and this process's own pair when set."""
        pair = self._own_pair()
        roots = self._read(self.ca, "ONEWINDOW_GRPC_TLS_CA") if self.ca else None
        return grpc.ssl_channel_credentials(
            root_certificates=roots,
            private_key=pair[0] if pair else None,
            certificate_chain=pair[1] if pair else None,
        )

    def channel_options(self, options: ChannelOptions = ()) -> list[tuple[str, Any]]:
        """``options`` plus the expected server name, when one is configured."""
        extra = [("grpc.ssl_target_name_override", self.server_name)] if self.server_name else []
        return [*options, *extra]


def load_grpc_tls(environ: Mapping[str, str] | None = None) -> GrpcTls:
    """Read the ONEWINDOW_GRPC_TLS* settings; SettingsError names a missing or bad one."""
    env = Env(environ)
    tls = GrpcTls(
        enabled=env.get_bool("ONEWINDOW_GRPC_TLS", False),
        cert=env.get_str("ONEWINDOW_GRPC_TLS_CERT", ""),
        key=env.get_str("ONEWINDOW_GRPC_TLS_KEY", ""),
        ca=env.get_str("ONEWINDOW_GRPC_TLS_CA", ""),
        client_auth=env.get_bool("ONEWINDOW_GRPC_TLS_CLIENT_AUTH", False),
        server_name=env.get_str("ONEWINDOW_GRPC_TLS_SERVER_NAME", ""),
    )
    if not tls.enabled:
        return GrpcTls()
    if bool(tls.cert) != bool(tls.key):
        missing = "ONEWINDOW_GRPC_TLS_KEY" if tls.cert else "ONEWINDOW_GRPC_TLS_CERT"
        raise SettingsError(f"environment variable {missing} is required with the other one")
    if tls.client_auth and not tls.ca:
        raise SettingsError(
            "environment variable ONEWINDOW_GRPC_TLS_CA is required with"
            " ONEWINDOW_GRPC_TLS_CLIENT_AUTH=1 (the CA client certificates are checked against)"
        )
    return tls


def add_port(server: Any, address: str, tls: GrpcTls | None) -> int:
    """Bind ``address`` with TLS when ``tls`` is enabled, else in plaintext; the bound port."""
    if tls is not None and tls.enabled:
        return int(server.add_secure_port(address, tls.server_credentials()))
    return int(server.add_insecure_port(address))


def open_channel(
    target: str, *, options: ChannelOptions = (), tls: GrpcTls | None = None
) -> grpc.Channel:
    """A blocking channel to ``target``: TLS as configured (``tls`` or the environment)."""
    tls = tls if tls is not None else load_grpc_tls()
    if not tls.enabled:
        return grpc.insecure_channel(target, options=list(options))
    return grpc.secure_channel(target, tls.channel_credentials(), tls.channel_options(options))


def open_aio_channel(
    target: str, *, options: ChannelOptions = (), tls: GrpcTls | None = None
) -> grpc.aio.Channel:
    """An asyncio channel to ``target``: TLS as configured (``tls`` or the environment)."""
    tls = tls if tls is not None else load_grpc_tls()
    if not tls.enabled:
        return grpc.aio.insecure_channel(target, options=list(options))
    return grpc.aio.secure_channel(target, tls.channel_credentials(), tls.channel_options(options))
