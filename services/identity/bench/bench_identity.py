"""`make bench-identity`: principal resolutions (local path, with the verified-token cache off
and on), registrations and password logins, and what one poll of the ``logins`` and ``lockouts``
workers costs Keycloak, against the running stack → var/bench/identity.json.

Registrations go end to end through the running identity service (gRPC → Keycloak →
PostgreSQL + outbox) as the gateway would call it; the persons it registers stay registered
(login and record, tagged family name "Bench"), so the stack stays consistent.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from keycloak import KeycloakOpenID

from onewindow.identity.v1 import identity_pb2 as pb
from onewindow.identity.v1 import identity_pb2_grpc
from onewindow_identity import bootstrap, config
from onewindow_identity.adapters.keycloak import client_credentials
from onewindow_identity.testing import birth_date_of
from onewindow_kit.auth import JwtAuthenticator, TokenValidator
from onewindow_kit.testing import bearer, random_resident_id

REGISTRATIONS = int(os.environ.get("ONEWINDOW_BENCH_IDENTITY_REGISTRATIONS", "40"))
LOGINS = int(os.environ.get("ONEWINDOW_BENCH_IDENTITY_LOGINS", "80"))
CONCURRENCY = int(os.environ.get("ONEWINDOW_BENCH_IDENTITY_CONCURRENCY", "4"))
RESOLVE_SECONDS = float(os.environ.get("ONEWINDOW_BENCH_IDENTITY_RESOLVE_SECONDS", "3"))
PASSWORD = "Bench-password-1"
OUT = Path("var/bench/identity.json")


def _timed_parallel(work: Callable[[int], Any], n: int) -> tuple[float, list[float], list[Any]]:
    """Run ``work(i)`` for i < n on CONCURRENCY threads: (rate per s, latencies ms, results)."""

    def one(i: int) -> tuple[float, Any]:
        start = time.perf_counter()
        result = work(i)
        return (time.perf_counter() - start) * 1000, result

    start = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        done = list(pool.map(one, range(n)))
    elapsed = time.perf_counter() - start
    return n / elapsed, [d[0] for d in done], [d[1] for d in done]


def _register_all(stub: identity_pb2_grpc.IdentityStub, metadata: list) -> tuple[float, list, list]:
    run = uuid.uuid4().hex[:6]

    def register(i: int) -> str:
        number = random_resident_id()
        request = pb.RegisterPersonRequest(
            idempotency_key=f"bench-{run}-{i}",
            national_id=number,
            family_name="Bench",
            given_name=f"Run{run}n{i}",
            date_of_birth=birth_date_of(number),
            email=f"bench-{run}-{i}@example.invalid",
            password=PASSWORD,
        )
        return stub.RegisterPerson(request, metadata=metadata, timeout=60).person.username

    return _timed_parallel(register, REGISTRATIONS)


def _logins(web: KeycloakOpenID, usernames: list[str]) -> tuple[float, list, list]:
    return _timed_parallel(lambda i: web.token(usernames[i % len(usernames)], PASSWORD), LOGINS)


def _resolutions(authenticator: JwtAuthenticator, token: str) -> tuple[float, int]:
    """Token → principal on the local validation path, one thread, for RESOLVE_SECONDS (the
    same token every call, as one client sends it)."""
    metadata = {"authorization": f"Bearer {token}"}
    authenticator.authenticate(metadata)  # warm the key cache outside the clock
    count, start = 0, time.perf_counter()
    deadline = start + RESOLVE_SECONDS
    while time.perf_counter() < deadline:
        for _ in range(200):
            authenticator.authenticate(metadata)
        count += 200
    return count / (time.perf_counter() - start), count


def _rpc_resolutions(stub: identity_pb2_grpc.IdentityStub, token: str, md: list) -> float:
    request = pb.ResolvePrincipalRequest(token=token)
    rate, _, _ = _timed_parallel(lambda i: stub.ResolvePrincipal(request, metadata=md), 400)
    return rate


def _watcher_polls(settings: config.IdentitySettings, calls: int = 20) -> dict[str, Any]:
    """Median latency of the workers' Keycloak reads as they poll (from a cursor one second
    back) and as they polled before (the newest N, unfiltered), with the events stored."""
    idp = bootstrap.keycloak_provider(settings)

    def median_ms(read: Callable[[], Any]) -> float:
        read()  # the admin token, once
        times = []
        for _ in range(calls):
            started = time.perf_counter()
            read()
            times.append((time.perf_counter() - started) * 1000)
        return round(statistics.median(times), 1)

    def since() -> datetime:
        return datetime.now(UTC) - timedelta(seconds=1)

    return {
        "realm_events_stored": len(idp.admin.get_events({"max": 10_000_000})),
        "login_watch_poll_ms": median_ms(lambda: idp.realm_logins(500, since=since())),
        "login_watch_poll_unfiltered_ms": median_ms(lambda: idp.realm_logins(500)),
        "lockout_watch_poll_ms": median_ms(lambda: idp.lockouts(100, since=since())),
        "lockout_watch_poll_unfiltered_ms": median_ms(lambda: idp.lockouts(100)),
        "watch_polls_measured": f"median of {calls} reads each, one client; *_poll_ms: from a "
        "cursor 1 s back (what the workers ask, every 5 s and every 0.3 s); *_unfiltered_ms: "
        "the newest 500 / 100 with no time filter (what they asked before), which grows with "
        "the events the realm keeps",
    }


def _require_running(channel: grpc.Channel, address: str) -> None:
    try:
        health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(service=bootstrap.GRPC_SERVICE), timeout=3
        )
    except grpc.RpcError:
        sys.exit(f"identity service not reachable at {address}: run 'make up' first")


def _ms(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
    }


def run() -> dict[str, Any]:
    """Measure everything; the figures as a dict."""
    settings = config.load()
    common = settings.common
    url = common.keycloak_url.rstrip("/") + "/"
    channel = grpc.insecure_channel(common.grpc_addr)
    _require_running(channel, common.grpc_addr)
    stub = identity_pb2_grpc.IdentityStub(channel)
    gateway = client_credentials(  # the gateway's own account: self-registration
        url,
        common.keycloak_realm,
        os.environ.get("ONEWINDOW_GATEWAY_CLIENT_ID", "onewindow-gateway"),
        os.environ.get("ONEWINDOW_KEYCLOAK_GATEWAY_SECRET", "dev-only-onewindow-gateway-secret"),
    )["access_token"]
    return {**_measure(settings, stub, gateway), **_watcher_polls(settings)}


def _measure(
    settings: config.IdentitySettings, stub: identity_pb2_grpc.IdentityStub, gateway: str
) -> dict[str, Any]:
    """Registrations, then logins of the registered persons, then principal resolutions."""
    common = settings.common
    url = common.keycloak_url.rstrip("/") + "/"
    reg_rate, reg_ms, usernames = _register_all(stub, bearer(gateway))
    web = KeycloakOpenID(
        server_url=url, realm_name=common.keycloak_realm, client_id=settings.web_client_id
    )
    login_rate, login_ms, tokens = _logins(web, usernames)
    token = tokens[0]["access_token"]
    served = bootstrap.token_validator(common)  # as the service runs it: with the token cache
    cold = TokenValidator(
        issuer=served.issuer, audience=served.audience, jwks_url=common.jwks_url, cache_size=0
    )
    cold_rate, cold_n = _resolutions(JwtAuthenticator(cold), token)
    cached_rate, cached_n = _resolutions(JwtAuthenticator(served), token)
    return {
        "principal_resolutions_cold_per_s": round(cold_rate),
        "principal_resolutions_cold_sample": cold_n,
        "principal_resolutions_cold_path": "kit JwtAuthenticator + TokenValidator with the "
        "verified-token cache off: PyJWT checks the RS256 signature, exp, iss and aud on every "
        "call (the signing key from the kit's header-keyed key cache); one process, one "
        "thread, a real Keycloak token",
        "principal_resolutions_cached_per_s": round(cached_rate),
        "principal_resolutions_cached_sample": cached_n,
        "principal_resolutions_cached_path": "the same authenticator as the service runs it: "
        "the first call verifies the token, later calls with the same token (until it "
        "expires) are answered from the kit's verified-token cache without a signature check",
        # asked with the citizen's own token: the gateway's account may not call ResolvePrincipal
        "resolve_principal_rpc_per_s": round(_rpc_resolutions(stub, token, bearer(token)), 1),
        "registrations_per_s": round(reg_rate, 2),
        "registrations_sample": REGISTRATIONS,
        "registration_latency": _ms(reg_ms),
        "password_logins_per_s": round(login_rate, 2),
        "password_logins_sample": LOGINS,
        "password_login_latency": _ms(login_ms),
        "client_concurrency": CONCURRENCY,
        "cpus": os.cpu_count(),
        "keycloak_sizing_guide_logins_per_s": 15 * (os.cpu_count() or 1),
    }


def main() -> None:
    """Run and write var/bench/identity.json."""
    figures = run()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
