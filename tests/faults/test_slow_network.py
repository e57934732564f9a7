"""Scenario 7: a slow network between the cases service and PostgreSQL (Toxiproxy, built with
`go install` into var/cache, adds latency). A cases `serve` and a gateway of the test's own go
through the proxy: with 3 s per round trip and a 2 s gateway deadline, an application answers a
503/504 problem within the deadline — never a 500, never a hang; sent again with the same
Idempotency-Key once the network is fast, it exists exactly once."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from load import PASSWORD, Citizen, login, submission
from sqlalchemy import text
from stack import ROOT, VAR, engine_of, wait_until

from onewindow_kit.health_probe import serving
from onewindow_kit.settings import load_common

TOXIPROXY = "github.com/Shopify/toxiproxy/v2/cmd/server@v2.5.0"
BIN = ROOT / "var" / "cache" / "toxiproxy-v2.5.0" / "bin" / "server"
DEADLINE_S = 2.0
PY = str(ROOT / ".venv" / "bin" / "python")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _toxiproxy() -> Path:
    if not BIN.exists():  # first run: ~1 min on 2 cores, then cached by version
        env = {**os.environ, "GOBIN": str(BIN.parent)}
        subprocess.run(["go", "install", TOXIPROXY], env=env, check=True, timeout=900)
    return BIN


def _start(args: list[str], env: dict[str, str], log: str) -> subprocess.Popen:
    out = (VAR / "log" / log).open("ab")
    return subprocess.Popen(args, env=env, stdout=out, stderr=out)


@pytest.fixture()
def slow_path() -> Iterator[tuple[str, str]]:
    """(Toxiproxy API, gateway URL): a cases serve whose PostgreSQL is behind the proxy, and a
    gateway that sends cases calls to it (everything else to the stack's services)."""
    api, pg_proxy, grpc_port, http_port = (_free_port() for _ in range(4))
    common = load_common("cases")
    procs = [_start([str(_toxiproxy()), "-host", "127.0.0.1", "-port", str(api)],
                    dict(os.environ), "toxiproxy-faults.log")]  # fmt: skip
    try:
        wait_until(lambda: httpx.get(f"http://127.0.0.1:{api}/version").status_code == 200,
                   "toxiproxy", 30)  # fmt: skip
        httpx.post(f"http://127.0.0.1:{api}/proxies", json={
            "name": "pg", "listen": f"127.0.0.1:{pg_proxy}",
            "upstream": f"{common.pg_host}:{common.pg_port}", "enabled": True,
        }).raise_for_status()  # fmt: skip
        cases_addr = f"127.0.0.1:{grpc_port}"
        env = {
            **os.environ, "ONEWINDOW_PG_PORT": str(pg_proxy),
            "ONEWINDOW_CASES_GRPC_ADDR": cases_addr, "ONEWINDOW_CASES_METRICS_PORT": "0",
        }  # fmt: skip
        procs.append(_start([PY, "-m", "onewindow_cases", "serve"], env, "cases-slow-faults.log"))
        wait_until(lambda: serving(cases_addr, "onewindow.cases.v1.Cases"), "slow cases", 60)
        gateway_env = {
            **os.environ, "ONEWINDOW_CASES_GRPC_ADDR": cases_addr,
            "ONEWINDOW_GATEWAY_ADDR": f"127.0.0.1:{http_port}", "ONEWINDOW_GATEWAY_WORKERS": "1",
            "ONEWINDOW_GATEWAY_DEADLINE_S": str(DEADLINE_S),
            "ONEWINDOW_GATEWAY_METRICS_DIR": str(VAR / "faults-gateway-metrics"),
        }  # fmt: skip
        procs.append(
            _start([PY, "-m", "onewindow_gateway", "serve"], gateway_env, "gateway-slow-faults.log")
        )
        gateway = f"http://127.0.0.1:{http_port}"
        wait_until(lambda: httpx.get(f"{gateway}/healthz").status_code == 200, "gateway", 60)
        yield f"http://127.0.0.1:{api}", gateway
    finally:
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


def _cases_of(citizen: Citizen, since: float) -> int:
    with engine_of("cases").connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM cases.cases WHERE applicant_id = :p "
                    "AND created_at >= to_timestamp(:since)"
                ),
                {"p": citizen.person_id, "since": since},
            ).scalar_one()
        )


def test_slow_database_answers_within_the_deadline_and_a_resend_is_not_doubled(citizens, slow_path):
    api, gateway = slow_path
    citizen = citizens[0]
    citizen.token = login(citizen.username, PASSWORD)  # a fresh 5-minute token
    since = time.time() - 1
    headers = {"Authorization": f"Bearer {citizen.token}"}
    with httpx.Client(base_url=gateway, timeout=30) as http:
        fast = http.post("/v1/cases", json=submission(citizen),
                         headers={**headers, "Idempotency-Key": str(uuid.uuid4())})  # fmt: skip
        assert fast.status_code == 201, fast.text
        httpx.post(f"{api}/proxies/pg/toxics", json={
            "name": "slow", "type": "latency", "stream": "downstream",
            "attributes": {"latency": 3000},
        }).raise_for_status()  # fmt: skip
        key = str(uuid.uuid4())
        started = time.monotonic()
        slow = http.post(
            "/v1/cases", json=submission(citizen), headers={**headers, "Idempotency-Key": key}
        )
        took = time.monotonic() - started
        assert slow.status_code in (503, 504), slow.text
        assert slow.headers["content-type"].startswith("application/problem+json")
        assert took < DEADLINE_S + 1.5, took  # answered at the deadline, no hang
        httpx.delete(f"{api}/proxies/pg/toxics/slow").raise_for_status()

        def resend() -> bool:
            again = {**headers, "Idempotency-Key": key}
            reply = http.post("/v1/cases", json=submission(citizen), headers=again)
            return reply.status_code in (200, 201)

        wait_until(resend, "the resend to succeed", 60)
    assert _cases_of(citizen, since) == 2  # the fast one and the slow one, each once
    print(
        f"[faults] slow-network: 3 s PostgreSQL latency answered {slow.status_code} in "
        f"{took:.1f} s (deadline {DEADLINE_S:.0f} s); resend with the same key: one case"
    )
