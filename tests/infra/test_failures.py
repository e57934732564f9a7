"""When a component cannot start, `make up`'s scripts say which, why and what to do; exit
non-zero; and leave nothing half-started."""

import os
import socket
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def squatter():
    """A plain TCP listener that is not the component the script expects."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    yield sock.getsockname()[1]
    sock.close()


def run(script: str, env: dict[str, str], state: Path) -> subprocess.CompletedProcess:
    """`SCRIPT up` with its own state folder (pid files, logs), sharing the download cache."""
    env = {
        **os.environ,
        "ONEWINDOW_VAR": str(state),
        "ONEWINDOW_CACHE": str(ROOT / "var" / "cache"),
        **env,
    }
    return subprocess.run(
        ["bash", str(ROOT / "infra" / script), "up"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def leftovers(state: Path) -> list[str]:
    """Pid files left behind: a started process."""
    return sorted(p.name for p in (state / "run").glob("*.pid"))


def test_kafka_port_taken_by_something_else(squatter, tmp_path):
    env = {"ONEWINDOW_KAFKA_BOOTSTRAP": f"127.0.0.1:{squatter}"}
    done = run("kafka.sh", env, tmp_path)
    assert done.returncode != 0
    assert "[kafka] ERROR" in done.stderr and f"port {squatter} is taken" in done.stderr
    assert "what to do" in done.stderr
    assert leftovers(tmp_path) == []


def test_keycloak_port_taken_by_something_else(squatter, tmp_path):
    env = {
        "ONEWINDOW_KEYCLOAK_URL": f"http://127.0.0.1:{squatter}",
        "ONEWINDOW_KEYCLOAK_MGMT_PORT": "0",
    }
    done = run("keycloak.sh", env, tmp_path)
    assert done.returncode != 0
    assert "[keycloak] ERROR" in done.stderr and f"port {squatter} is taken" in done.stderr
    assert "what to do" in done.stderr
    assert leftovers(tmp_path) == []


def test_keycloak_without_java_says_so(tmp_path):
    env = {
        "ONEWINDOW_KEYCLOAK_URL": "http://127.0.0.1:1",
        "ONEWINDOW_KEYCLOAK_MGMT_PORT": "2",
        "ONEWINDOW_KEYCLOAK_JAVA_HOME": str(tmp_path / "no-such-jdk"),
    }
    done = run("keycloak.sh", env, tmp_path)
    assert done.returncode != 0
    assert "no java" in done.stderr and "ONEWINDOW_KEYCLOAK_JAVA_HOME" in done.stderr
    assert leftovers(tmp_path) == []


def test_broker_check_answers_for_the_running_broker():
    done = subprocess.run(
        [str(ROOT / ".venv/bin/python"), str(ROOT / "infra/kafka_topics.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
