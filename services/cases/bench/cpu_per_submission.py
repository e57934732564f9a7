"""CPU per submission of every process of a running stack (issues 10 and 14): a fixed number of
real SubmitCase calls straight to the cases service (real Keycloak tokens of citizens registered
through the gateway, each with a real upload), then every relay and consumer caught up; each
process is charged its /proc utime+stime over that span minus what it spends idle (pollers,
heartbeats) over the same span, per submission. PostgreSQL backends are charged to the process
holding their client socket ("pg:<process>").

    eval "$(tests/faults/private-stack.sh env cpu)"   # the private stack (or nothing: shared)
    .venv/bin/python services/cases/bench/cpu_per_submission.py --submissions 2000

Bench code only; it never shapes production code. On a shared 2-core box the CPU a process
spends per operation is steadier than any rate, but still moves with cache and frequency
contention: the load average is printed beside the figures."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import grpc
import httpx
from google.protobuf import struct_pb2
from keycloak import KeycloakOpenID

from onewindow.cases.v1 import cases_pb2, cases_pb2_grpc
from onewindow_kit.settings import load_common

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "gateway" / "bench"))
import bench_gateway as gw  # noqa: E402  (its citizens: registered through the gateway)
import stack_probe as probe  # noqa: E402  (Kafka lag of the running consumer groups)

TICK = os.sysconf("SC_CLK_TCK")
VAR = Path(os.environ.get("ONEWINDOW_VAR", ROOT / "var"))


def log(message: str) -> None:
    print(f"[cpu-per-submission] {message}", flush=True)


def stack_processes() -> dict[str, int]:
    """The stack's processes by name (its pid files), gateway workers included."""
    out = {}
    for pidfile in sorted((VAR / "run").glob("*-*.pid")):
        name = pidfile.stem
        if not re.match(r"(identity|cases|documents|notifications|gateway)-", name):
            continue
        pid = int(pidfile.read_text().strip())
        if Path(f"/proc/{pid}").exists():
            out[name] = pid
            for n, child in enumerate(_children(pid), start=1):
                out[f"{name}/worker{n}"] = child
    return out


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in found.split()]


def _socket_owners() -> dict[int, str]:
    """Local TCP port -> the name of the stack process that holds it."""
    by_pid = {pid: name for name, pid in stack_processes().items()}
    owners = {}
    for line in subprocess.run(["ss", "-tnpH"], capture_output=True, text=True).stdout.splitlines():
        parts = line.split()
        if len(parts) < 6:
            continue
        port = int(parts[3].rsplit(":", 1)[1])
        for pid in re.findall(r"pid=(\d+)", parts[5]):
            if int(pid) in by_pid:
                owners[port] = by_pid[int(pid)]
    return owners


def pg_backends() -> dict[str, int]:
    """The PostgreSQL backends of the stack's databases, named after the process they serve."""
    databases = [load_common(s).database_url.rsplit("/", 1)[1] for s in _SERVICES]
    # as the superuser: another role's client_port reads NULL in pg_stat_activity
    query = (
        "SELECT pid, datname, client_port FROM pg_stat_activity "
        f"WHERE datname IN ({', '.join(repr(d) for d in databases)})"
    )
    found = subprocess.run(
        ["runuser", "-u", "postgres", "--", "psql", "-tAF,", "-d", "postgres", "-c", query],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rows = [line.split(",") for line in found.splitlines() if line.strip()]
    owners = _socket_owners()
    out = {}
    for pid, datname, port in rows:
        owner = owners.get(int(port or -1), f"other@{datname}")
        out[f"pg:{owner}#{pid}"] = int(pid)
    return out


_SERVICES = ("identity", "cases", "documents", "notifications")


def ticks(pids: dict[str, int]) -> dict[str, int]:
    """utime + stime per named process (those gone are left out)."""
    out = {}
    for name, pid in pids.items():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[name] = int(fields[11]) + int(fields[12])
    return out


def _group(name: str) -> str:
    """pg:documents-serve#123 -> pg:documents-serve; gateway workers -> gateway-serve."""
    return name.split("#", 1)[0].split("/", 1)[0]


def spent(pids: dict[str, int], before: dict[str, int], after: dict[str, int]) -> dict[str, float]:
    """CPU seconds per process group between two samples."""
    out: dict[str, float] = {}
    for name in pids:
        if name in after:  # a backend that started meanwhile: all its CPU is of this span
            key = _group(name)
            out[key] = out.get(key, 0.0) + (after[name] - before.get(name, 0)) / TICK
    return out


def all_pids() -> dict[str, int]:
    return {**stack_processes(), **pg_backends()}


def citizens(count: int) -> tuple[list[str], list[str]]:
    """Citizens registered through the stack's gateway (their usernames), each with an upload."""
    names, docs = [], []
    with httpx.Client(base_url=f"http://{gw.GATEWAY}", timeout=60) as http:
        for n in range(count):
            names.append(gw._register(http, n))
            docs.append(gw.upload_sign(http, logins(names[-1:])[0]))
    return names, docs


def known_citizens(count: int) -> tuple[list[str], list[str]]:
    """The citizens an earlier run on this stack registered (kept under its var folder), or
    new ones."""
    saved = VAR / "bench" / "cpu-citizens.json"
    if saved.exists():
        names, docs = json.loads(saved.read_text())
        if len(names) >= count:
            return names[:count], docs[:count]
    log(f"registering {count} citizens through http://{gw.GATEWAY}, each with an upload")
    names, docs = citizens(count)
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text(json.dumps([names, docs]))
    return names, docs


def logins(names: list[str]) -> list[str]:
    """Fresh access tokens (they live 5 minutes)."""
    web = KeycloakOpenID(
        server_url=load_common("cases").keycloak_url, realm_name="onewindow",
        client_id="onewindow-web",
    )  # fmt: skip
    return [web.token(name, gw.PASSWORD)["access_token"] for name in names]


async def submit(
    addr: str, people: list[tuple[str, str]], total: int, in_flight: int
) -> tuple[int, int, float]:
    """``total`` SubmitCase calls, ``in_flight`` at a time: (done, errors, seconds)."""
    form = struct_pb2.Struct()
    form.update(gw.FORM)
    done = errors = 0
    queue = iter(range(total))
    async with grpc.aio.insecure_channel(addr) as channel:
        stub = cases_pb2_grpc.CasesStub(channel)

        async def client() -> None:
            nonlocal done, errors
            for i in queue:
                token, doc = people[i % len(people)]
                request = cases_pb2.SubmitCaseRequest(
                    client_key=str(uuid.uuid4()), service_type="signboard-permit", form=form,
                    document_ids=[doc],
                )  # fmt: skip
                try:
                    await stub.SubmitCase(
                        request, metadata=[("authorization", f"Bearer {token}")], timeout=30
                    )
                    done += 1
                except grpc.aio.AioRpcError as exc:
                    errors += 1
                    if errors <= 3:
                        log(f"SubmitCase failed: {exc.code().name} {exc.details()}")

        start = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(in_flight)))
        return done, errors, time.perf_counter() - start


def settle(extra_s: float) -> tuple[float, bool]:
    """Consumers caught up (Kafka lag 0, nothing new for a second), then ``extra_s`` for what
    Kafka does not show (the dispatcher sending the emails of committed notices)."""
    waited, done = probe.caught_up(120.0)
    time.sleep(extra_s)
    return waited + extra_s, done


def measure(run: Callable[[], int], idle_s: float, extra_s: float) -> dict:
    """Idle rates, then ``run`` and the catch-up: CPU ms per submission per process."""
    settle(1.0)
    pids = all_pids()
    t0 = ticks(pids)
    time.sleep(idle_s)
    idle = {k: v / idle_s for k, v in spent(pids, t0, ticks(pids)).items()}
    pids = all_pids()  # pools may have opened connections meanwhile
    start, started = ticks(pids), time.monotonic()
    load0 = os.getloadavg()[0]
    requests = run()
    waited, caught_up = settle(extra_s)
    pids.update({k: v for k, v in all_pids().items() if k not in pids})  # new backends: partial
    used = spent(pids, start, ticks(pids))
    span = time.monotonic() - started
    per = {
        name: round((s - idle.get(name, 0.0) * span) * 1000 / max(1, requests), 3)
        for name, s in sorted(used.items())
    }
    return {
        "submissions": requests,
        "span_s": round(span, 1),
        "drain_s": round(waited, 1),
        "caught_up": caught_up,
        "load_average_1m": [round(load0, 2), round(os.getloadavg()[0], 2)],
        "cpu_ms_per_submission": per,
        "cpu_ms_total": round(sum(per.values()), 2),
        "idle_cpu_ms_per_s": {k: round(v * 1000, 1) for k, v in sorted(idle.items())},
    }


def table(result: dict) -> str:
    """The per-process figures, largest first."""
    per = result["cpu_ms_per_submission"]
    idle = result["idle_cpu_ms_per_s"]
    lines = [f"{'process':40} {'ms/submission':>14} {'idle ms/s':>10}"]
    for name, value in sorted(per.items(), key=lambda kv: -kv[1]):
        if abs(value) >= 0.005 or idle.get(name, 0) >= 1:
            lines.append(f"{name:40} {value:14.3f} {idle.get(name, 0.0):10.1f}")
    lines.append(f"{'total':40} {result['cpu_ms_total']:14.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Register, warm up, measure; print (and with --out write) the figures."""
    p = argparse.ArgumentParser(prog="services/cases/bench/cpu_per_submission.py")
    p.add_argument("--submissions", type=int, default=2000)
    p.add_argument("--in-flight", type=int, default=16)
    p.add_argument("--citizens", type=int, default=40)
    p.add_argument("--warmup", type=int, default=200)
    p.add_argument("--idle-s", type=float, default=10.0, help="idle CPU sampled this long")
    p.add_argument("--extra-s", type=float, default=3.0, help="wait after the catch-up")
    p.add_argument("--out", type=Path, help="write the figures as JSON here")
    p.add_argument("--load-only", action="store_true", help="submit, measure nothing (profiling)")
    args = p.parse_args(argv)
    addr = load_common("cases").grpc_addr
    names, docs = known_citizens(args.citizens)

    def run(n: int, people: list[tuple[str, str]]) -> Callable[[], int]:
        def go() -> int:
            done, errors, seconds = asyncio.run(submit(addr, people, n, args.in_flight))
            log(f"{done} submissions in {seconds:.1f} s ({done / seconds:.1f}/s), {errors} errors")
            return done

        return go

    if args.load_only:
        run(args.submissions, list(zip(logins(names), docs, strict=True)))()
        return 0
    run(args.warmup, list(zip(logins(names), docs, strict=True)))()
    people = list(zip(logins(names), docs, strict=True))
    result = measure(run(args.submissions, people), args.idle_s, args.extra_s)
    result.update(cases_addr=addr, in_flight=args.in_flight, var=str(VAR))
    print(table(result))
    print(json.dumps({k: v for k, v in result.items() if k != "cpu_ms_per_submission"}))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
