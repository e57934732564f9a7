"""serve, as a service's `serve` process runs it: builds the asyncio server inside the loop,
freezes start-up's objects out of the collector's way, answers health checks, and on SIGTERM
stops gracefully and exits 0."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request

from onewindow_kit.health_probe import serving

SCRIPT = textwrap.dedent(
    """
    import asyncio, gc, sys, threading
    from onewindow_kit.grpc_server import create_server, serve
    from onewindow_kit.liveness import HealthServer, HeartbeatEvent

    def build():
        server, port = create_server(
            service_name="probe", register=lambda s: None, service_names=["test.v1.Probe"],
            authenticator=None, address=sys.argv[1],
        )
        return server

    probes = {}
    if len(sys.argv) > 2:  # a health port: what the entrypoint gives serve for the pod's probes
        heartbeat, serving = HeartbeatEvent(), threading.Event()
        heartbeat.last_beat -= 3600  # only serve's loop can make it fresh
        HealthServer("127.0.0.1", int(sys.argv[2]), heartbeat, 60, serving.is_set)
        probes = {"heartbeat": heartbeat, "serving": serving}
    asyncio.run(serve(build, grace=2, **probes))
    print("stopped", gc.get_freeze_count(), flush=True)
    """
)


def _start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_serves_and_stops_gracefully_on_sigterm() -> None:
    addr = f"127.0.0.1:{_free_port()}"
    proc = _start(addr)
    try:
        deadline = time.monotonic() + 20
        while not serving(addr, "test.v1.Probe"):
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "the asyncio server did not come up"
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err.decode()
    said, frozen = out.decode().split()
    assert said == "stopped"
    # start-up's objects were frozen once it listened: full collections skip them
    assert int(frozen) > 10_000
    assert b"Traceback" not in err
    assert not serving(addr, "test.v1.Probe")


def _readyz(port: int) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())
    except OSError:
        return 0, {}


def test_serve_beats_from_its_loop_and_is_ready_while_it_serves() -> None:
    """What a pod's probes ask (onewindow_kit.liveness): /readyz is 200 once the server has
    started, with a heartbeat serve's event loop keeps fresh."""
    addr, health = f"127.0.0.1:{_free_port()}", _free_port()
    proc = _start(addr, str(health))
    try:
        deadline = time.monotonic() + 20
        while _readyz(health)[0] != 200:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, f"not ready: {_readyz(health)}"
            time.sleep(0.2)
        assert serving(addr, "test.v1.Probe")
        time.sleep(2.5)  # beats go on while the loop turns
        status, body = _readyz(health)
        assert status == 200 and body["heartbeat_age_s"] < 2, body
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
