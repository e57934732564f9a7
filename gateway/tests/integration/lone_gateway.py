"""A gateway process of its own (as `serve` starts it, one worker) in front of an in-process fake
documents server, for tests that watch the process itself (memory, shutdown)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent import futures
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import grpc
import httpx

from onewindow.documents.v1 import documents_pb2_grpc


@dataclass
class LoneGateway:
    """Where it listens and its process."""

    addr: str
    process: subprocess.Popen
    log: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def gateway_processes(master: int) -> list[int]:
    """The server process and its worker children."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [master, *map(int, children)]


@contextmanager
def lone_gateway(
    documents: documents_pb2_grpc.DocumentsServicer, workdir: Path
) -> Iterator[LoneGateway]:
    """Start the fake documents server and a gateway process pointed at it."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    documents_pb2_grpc.add_DocumentsServicer_to_server(documents, server)
    documents_port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    addr = f"127.0.0.1:{free_port()}"
    env = {
        **os.environ,
        "ONEWINDOW_GATEWAY_ADDR": addr,
        "ONEWINDOW_GATEWAY_WORKERS": "1",
        "ONEWINDOW_DOCUMENTS_GRPC_ADDR": f"127.0.0.1:{documents_port}",
        "ONEWINDOW_GATEWAY_RATELIMIT_STORAGE": "async+memory://",
        "ONEWINDOW_GATEWAY_METRICS_DIR": str(workdir / "metrics"),
    }
    log_path = workdir / "gateway.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "onewindow_gateway", "serve"], env=env, stdout=log, stderr=log
        )
    try:
        for _ in range(150):
            try:
                if httpx.get(f"http://{addr}/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise AssertionError("the gateway did not start: " + log_path.read_text())
        yield LoneGateway(addr, proc, log_path)
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(30)
        server.stop(0)
