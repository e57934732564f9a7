"""Issue 15 "Replicas": the end-to-end journeys pass on a stack that runs two of every process,
and with one of each kind SIGKILLed under a 60 s load the other carries on — nothing refused,
lost or doubled. A private stack with ONEWINDOW_REPLICAS=2 (tests/faults/private-stack.sh up
replicas: its own broker, databases, Mailpit and ports) is started; the journeys of tests/e2e
run on it through both gateways at once while both copies of everything run; then
replica_drill.py loads it and kills one copy of each kind; then it is stopped. The journeys go
first: their clients do not retry (a killed serve copy answers them 503, rightly), and starting
the killed copies again for them afterwards took minutes on the loaded 2-core box."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PRIVATE_STACK = str(HERE / "private-stack.sh")
T = TypeVar("T")
# The journeys of the end-to-end issue, split over the two gateways (28000 and 28001) and run at
# the same time; test_one_window.py speaks gRPC only (the two serve copies share each port).
JOURNEYS = (
    ("tests/e2e/test_journeys.py",),
    ("tests/e2e/test_one_window.py", "tests/e2e/test_journey_offers.py"),
)


def replica_env() -> dict[str, str]:
    """This environment with the replicas stack's settings (private-stack.sh env replicas)."""
    lines = subprocess.run(
        ["bash", PRIVATE_STACK, "env", "replicas"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    env = dict(os.environ)
    for line in lines:
        key, value = line.removeprefix("export ").split("=", 1)
        env[key] = value
    return env


def private_stack(command: str, env: dict[str, str]) -> None:
    """private-stack.sh ``command`` replicas (``up`` starts only what is not running)."""
    subprocess.run(
        ["bash", PRIVATE_STACK, command, "replicas"], env=env, check=True, timeout=600,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def gateway(env: dict[str, str], replica: int) -> str:
    """The address of gateway ``replica`` (1, 2): the first one's port + replica - 1."""
    host, port = env["ONEWINDOW_GATEWAY_ADDR"].rsplit(":", 1)
    return f"{host}:{int(port) + replica - 1}"


def run_journeys(env: dict[str, str]) -> list[tuple[str, int, str]]:
    """The journeys in two pytest processes at once, one per gateway: (files, exit status,
    output) of each."""
    runs = {}
    for replica, files in enumerate(JOURNEYS, start=1):
        argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *files]
        runs[" ".join(Path(f).name for f in files)] = subprocess.Popen(
            argv, cwd=ROOT, env={**env, "ONEWINDOW_GATEWAY_ADDR": gateway(env, replica)},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
    done = []
    for name, process in runs.items():
        try:
            output, _ = process.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        done.append((name, process.returncode, output))
    return done


def timed(times: dict[str, float], phase: str, call: Callable[[], T]) -> T:
    """``call()``, its wall time recorded in ``times[phase]``."""
    started = time.monotonic()
    try:
        return call()
    finally:
        times[phase] = time.monotonic() - started


def load_average() -> str:
    """The 1, 5 and 15 minute load averages (the box is shared: every time needs one)."""
    return "/".join(Path("/proc/loadavg").read_text().split()[:3])


def last_line(output: str) -> str:
    """pytest's summary (its last line of output)."""
    lines = output.strip().splitlines()
    return lines[-1] if lines else "(no output)"


def test_the_journeys_pass_and_one_of_every_process_killed_under_load_loses_nothing():
    env = replica_env()
    times: dict[str, float] = {}
    load_before, started = load_average(), time.monotonic()
    try:
        timed(times, "up", lambda: private_stack("up", env))
        journeys = timed(times, "journeys", lambda: run_journeys(env))
        for name, _, output in journeys:
            print(f"[faults] replicas: journeys {name}: {last_line(output)}")
        drill = timed(
            times, "drill",
            lambda: subprocess.run(
                [sys.executable, str(HERE / "replica_drill.py")], env=env, cwd=HERE,
                timeout=900, capture_output=True, text=True,
            ),
        )  # fmt: skip
        print(drill.stdout, end="")
    finally:
        timed(times, "down", lambda: private_stack("down", env))
        phases = " ".join(f"{phase}_s={seconds:.0f}" for phase, seconds in times.items())
        print(
            f"[faults] replicas: {phases} took_s={time.monotonic() - started:.0f} "
            f"load_average_before={load_before} after={load_average()}"
        )
    for name, status, output in journeys:
        assert status == 0, f"journeys {name} on the replica stack:\n{output[-6000:]}"
    assert drill.returncode == 0, drill.stdout[-3000:] + drill.stderr[-3000:]
