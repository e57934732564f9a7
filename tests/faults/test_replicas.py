"""Issue 15 "Replicas": two of every process, one of each kind SIGKILLed under load, the other
carries on — nothing refused, lost or doubled. A private stack with ONEWINDOW_REPLICAS=2
(tests/faults/private-stack.sh up replicas: its own broker, databases, Mailpit and ports) is
started, drilled by replica_drill.py in that stack's environment, and stopped again."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PRIVATE_STACK = str(HERE / "private-stack.sh")


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


def test_one_of_every_replicated_process_killed_under_load_loses_and_doubles_nothing():
    env = replica_env()
    started = time.monotonic()
    try:
        subprocess.run(
            ["bash", PRIVATE_STACK, "up", "replicas"], env=env, check=True, timeout=600,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        up_s = time.monotonic() - started
        drill = subprocess.run(
            [sys.executable, str(HERE / "replica_drill.py")], env=env, cwd=HERE, timeout=900,
            capture_output=True, text=True,
        )  # fmt: skip
    finally:
        subprocess.run(
            ["bash", PRIVATE_STACK, "down", "replicas"], env=env, timeout=300,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    print(drill.stdout, end="")
    print(f"[faults] replicas: stack_up_s={up_s:.0f} took_s={time.monotonic() - started:.0f}")
    assert drill.returncode == 0, drill.stdout[-3000:] + drill.stderr[-3000:]
