"""SSRF guard for webhook targets: http(s) only; loopback, link-local, private and other
non-public addresses refused unless the host is allowed by configuration."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

Resolver = Callable[[str], list[str]]


def resolve(host: str) -> list[str]:
    """Every address ``host`` resolves to (empty when it does not resolve)."""
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
    except OSError:
        return []


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    return not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
        or ip.is_reserved or ip.is_unspecified
    )  # fmt: skip


def url_problem(url: str, allowed_hosts: Iterable[str], resolver: Resolver = resolve) -> str | None:
    """Why ``url`` may not be a webhook target, or None when it may."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as exc:
        return f"is not a valid URL: {exc}"
    if parts.scheme not in ("http", "https"):
        return "must be an http or https URL"
    host = parts.hostname or ""
    if not host:
        return "has no host"
    if parts.username or parts.password:
        return "must not carry credentials"
    if host in set(allowed_hosts):
        return None
    addresses = [host] if _is_ip(host) else resolver(host)
    if not addresses:
        return f"host {host!r} does not resolve"
    if not all(_public(a) for a in addresses):
        return f"host {host!r} is a loopback, link-local or private address"
    return None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
