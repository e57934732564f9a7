"""What the benchmark runs around the real server: a realm key set it trusts (JWKS over HTTP),
the fake documents service answering from document ids, the server processes, and statistics."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from jwt.algorithms import RSAAlgorithm

from onewindow.documents.v1 import documents_pb2_grpc
from onewindow_cases.testing import FakeDocumentsService
from onewindow_kit.grpc_server import AioServerThread
from onewindow_kit.testing import TokenFactory

REALM = "onewindow"


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class BenchRealm:
    """Tokens signed by a local key, and the realm's JWKS served at the Keycloak URL layout, so
    the server validates them exactly as it validates Keycloak's."""

    def __init__(self, audience: str = "onewindow-api") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.tokens = TokenFactory(issuer=f"{self.url}/realms/{REALM}", audience=audience)
        jwk = json.loads(RSAAlgorithm.to_jwk(self.tokens.private_key.public_key()))
        jwk.update(kid=self.tokens.kid, use="sig", alg="RS256")
        body = json.dumps({"keys": [jwk]}).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        """Stop serving keys."""
        self.httpd.shutdown()


def start_documents() -> tuple[AioServerThread, str]:
    """The documents service of the benchmark (asyncio, on its own thread and loop: the bench
    process is otherwise idle while the clients, in their own processes, submit)."""

    def build() -> tuple[grpc.aio.Server, int]:
        server = grpc.aio.server()
        documents_pb2_grpc.add_DocumentsServicer_to_server(
            FakeDocumentsService(synthetic=True), server
        )
        return server, server.add_insecure_port("127.0.0.1:0")

    running = AioServerThread(build).start()
    return running, f"127.0.0.1:{running.port}"


def start_servers(count: int, addr: str, env: dict[str, str], log_dir: Path) -> list:
    """``count`` real `python -m onewindow_cases serve` processes sharing one port
    (SO_REUSEPORT), configured by ``env``; returns when every one of them listens (a health
    check alone could be answered by the first while the others still start, and clients
    that connect then would all land on the first)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    procs, logs = [], []
    for i in range(count):
        logs.append(log_dir / f"bench-cases-serve-{i}.log")
        out = open(logs[-1], "wb")  # noqa: SIM115 (kept open)
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "onewindow_cases", "serve"],
            env={**os.environ, **env, "ONEWINDOW_LOG_LEVEL": "INFO"}, stdout=out,
            stderr=subprocess.STDOUT,
        ))  # fmt: skip
    for proc, log in zip(procs, logs, strict=True):
        wait_started(proc, log)
    wait_healthy(addr)
    return procs


def wait_started(proc: subprocess.Popen, log: Path, timeout_s: float = 60.0) -> None:
    """Until the server process logs that it serves."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if b'"grpc_server_started"' in log.read_bytes():
            return
        if proc.poll() is not None:
            raise RuntimeError(f"a benchmark server exited ({proc.returncode}); see {log}")
        time.sleep(0.2)
    raise RuntimeError(f"a benchmark server did not start in {timeout_s:.0f} s; see {log}")


def wait_healthy(addr: str, timeout_s: float = 60.0) -> None:
    """Until the gRPC health check answers SERVING."""
    deadline = time.monotonic() + timeout_s
    with grpc.insecure_channel(addr) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        while time.monotonic() < deadline:
            try:
                reply = stub.Check(health_pb2.HealthCheckRequest(), timeout=2)
                if reply.status == health_pb2.HealthCheckResponse.SERVING:
                    return
            except grpc.RpcError:
                pass
            time.sleep(0.5)
    raise RuntimeError(f"the benchmark server at {addr} did not become healthy")


def stop_servers(procs: list) -> None:
    """SIGTERM, then wait."""
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def stats(samples_s: list[float]) -> dict[str, float]:
    """p50/p95/p99/max in milliseconds."""
    ms = [s * 1000 for s in samples_s]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "max_ms": round(max(ms) if ms else 0.0, 2),
    }
