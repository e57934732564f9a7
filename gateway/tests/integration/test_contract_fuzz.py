"""schemathesis against the running gateway, as a citizen and as staff: every documented
operation, 0 responses with a 5xx status, 0 responses that break the documented schema."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
CLI = Path(sys.executable).parent / "schemathesis"


def fuzz(token: str, workdir: Path) -> str:
    addr = os.environ.get("ONEWINDOW_GATEWAY_ADDR", "127.0.0.1:8000")
    command = [
        str(CLI), "run", f"http://{addr}/v1/openapi.json",
        "--header", f"Authorization: Bearer {token}",
        "--checks", "not_a_server_error,response_schema_conformance",
        "--phases", "examples,fuzzing",  # the coverage phase alone takes ~2 min per token
        "--max-examples", os.environ.get("ONEWINDOW_GATEWAY_FUZZ_EXAMPLES", "10"),
        "--rate-limit", "18/s",  # under the principal's 20/s, so cases reach the services
        "--seed", "20261202",
        "--no-color",
    ]  # fmt: skip
    run = subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=900)
    summary = run.stdout[run.stdout.rfind("SUMMARY") :]
    print(summary)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    return summary


def counted(summary: str) -> tuple[int, int]:
    operations = int(re.search(r"Tested: (\d+)", summary).group(1))
    cases = int(re.search(r"(\d+) generated", summary).group(1))
    return operations, cases


@pytest.mark.parametrize("who", ["citizen", "staff"])
def test_fuzzing_finds_no_server_error_and_no_schema_violation(front, tmp_path, who):
    token = front.register().token if who == "citizen" else front.staff("supervisor.health")
    operations, cases = counted(fuzz(token, tmp_path))
    assert operations >= 50 and cases > operations
