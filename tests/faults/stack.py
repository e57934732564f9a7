"""The running stack as the fault tests break and restore it: processes found by the pid files
infra/*.sh write under ONEWINDOW_VAR, SIGKILLed, and started again with the same scripts. Every
address comes from the same ONEWINDOW_* variables the stack was started with (infra/env.sh), so
the suite runs against the stack `make up` started or against a private copy
(tests/faults/private-stack.sh)."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from sqlalchemy import Engine, create_engine, text

from onewindow_kit.settings import load_common

ROOT = Path(__file__).resolve().parents[2]
VAR = Path(os.environ.get("ONEWINDOW_VAR") or ROOT / "var")
RUN = VAR / "run"
KAFKA = os.environ.get("ONEWINDOW_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
GATEWAY = "http://" + os.environ.get("ONEWINDOW_GATEWAY_ADDR", "127.0.0.1:8000")
MAILPIT = "http://" + os.environ.get("ONEWINDOW_MAILPIT_HTTP_ADDR", "127.0.0.1:8025")
KEYCLOAK = os.environ.get("ONEWINDOW_KEYCLOAK_URL", "http://127.0.0.1:8080")


def wait_until(check: Callable[[], object], what: str, seconds: float) -> float:
    """Poll ``check`` until truthy; the seconds it took (AssertionError after ``seconds``)."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            if check():
                return time.monotonic() - started
        except Exception:  # a component on its way back answers with errors first
            pass
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {seconds:.0f} s")


def pid_of(name: str) -> int:
    """The pid infra/*.sh recorded for ``name`` (e.g. "kafka", "cases-relay"); 0 if none runs."""
    path = RUN / f"{name}.pid"
    if not path.exists():
        return 0
    pid = int(path.read_text().strip() or 0)
    try:
        os.kill(pid, 0)
    except OSError:
        return 0
    return pid


def all_running() -> bool:
    """Every process infra/*.sh recorded under ONEWINDOW_VAR is alive."""
    return all(pid_of(path.stem) for path in RUN.glob("*.pid"))


def sigkill(name: str, *, group: bool = False) -> int:
    """SIGKILL the process infra/*.sh started as ``name`` — with ``group``, its whole process
    group (infra/services.sh starts each with setsid), as a pod's end takes the gateway's uvicorn
    workers with it: a SIGKILLed uvicorn parent leaves its workers serving. Returns its pid."""
    pid = pid_of(name)
    assert pid, f"{name} is not running (no live pid in {RUN})"
    if group:
        os.killpg(os.getpgid(pid), signal.SIGKILL)
    else:
        os.kill(pid, signal.SIGKILL)
    wait_until(lambda: not _alive(pid), f"{name} ({pid}) to die", 10)
    return pid


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    # a killed child of a gone parent may linger as a zombie until reaped
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(") ", 1)[-1][:1] != "Z"


def script(name: str, command: str, services: str = "", timeout: float = 180) -> None:
    """bash infra/<name>.sh <command> with the stack's environment (ONEWINDOW_SERVICES narrowed
    to ``services`` when given): starts only what is down."""
    env = dict(os.environ)
    if services:
        env["ONEWINDOW_SERVICES"] = services
    subprocess.run(
        ["bash", str(ROOT / "infra" / f"{name}.sh"), command],
        env=env,
        check=True,
        timeout=timeout,
        stdout=subprocess.DEVNULL,
    )


def restart_services(services: str = "") -> None:
    """Start whatever process of ``services`` (default: all) is not running."""
    script("services", "up", services)


def kafka_answers() -> bool:
    """The broker answers a metadata request (infra/kafka_topics.py --check)."""
    done = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            str(ROOT / "infra" / "kafka_topics.py"),
            "--check",
        ],
        capture_output=True,
        timeout=30,
    )
    return done.returncode == 0


def realm_answers() -> bool:
    """Keycloak serves the realm's discovery document."""
    try:
        url = f"{KEYCLOAK}/realms/onewindow/.well-known/openid-configuration"
        return httpx.get(url, timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def gateway_ready() -> bool:
    """The gateway answers /healthz."""
    return httpx.get(f"{GATEWAY}/healthz", timeout=2).status_code == 200


@functools.cache
def engine_of(service: str) -> Engine:
    """One small engine per service database (the reconciliation reads it), pinged before use
    so that it survives a database restart."""
    return create_engine(load_common(service).database_url, pool_size=2, pool_pre_ping=True)


def outbox_backlog(engine: Engine, schema: str) -> int:
    """Outbox rows not yet acknowledged by the broker."""
    with engine.connect() as conn:
        return int(
            conn.execute(
                text(f'SELECT count(*) FROM "{schema}".outbox WHERE published_at IS NULL')
            ).scalar_one()
        )


def run_once(service: str, process: str, extra_env: dict[str, str], seconds: float = 120) -> int:
    """Run one process of ``service`` in the foreground with ``extra_env`` (e.g. a fault hook);
    its exit code (-9 when it SIGKILLed itself). One that does not end in ``seconds`` is killed
    and fails the test with what it logged."""
    env = {**os.environ, **extra_env}
    path = VAR / "log" / f"{service}-{process}-faults.log"
    with path.open("ab") as log:
        start = log.tell()
        child = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "python"), "-m", f"onewindow_{service}", process],
            env=env,
            stdout=log,
            stderr=log,
        )
        try:
            return child.wait(seconds)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(10)
    with path.open("rb") as log:
        log.seek(start)
        said = log.read().decode(errors="replace").splitlines()[-30:]
    raise AssertionError(
        f"{service} {process} did not reach its fault in {seconds:.0f} s; it logged:\n"
        + "\n".join(said)
    )
