"""`make bench-gateway`: authenticated POST /v1/cases through the gateway (wrk, rotating real
tokens and Idempotency-Keys; each citizen registered through the gateway with a real uploaded
document; the real documents service in the path), the same submission over gRPC directly,
the dashboard's latency with 16 concurrent citizens, and where the CPU went per process
-> var/bench/gateway.json. Benchmarks live outside src/ and never shape production code."""

from __future__ import annotations

import asyncio
import json
import os
import re
import resource
import shlex
import subprocess
import sys
import time
import uuid
from pathlib import Path

import grpc
import httpx
from google.protobuf import struct_pb2
from keycloak import KeycloakOpenID

from onewindow.cases.v1 import cases_pb2, cases_pb2_grpc

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
GATEWAY = os.environ.get("ONEWINDOW_GATEWAY_ADDR", "127.0.0.1:8000")
CASES = os.environ.get("ONEWINDOW_CASES_GRPC_ADDR", "127.0.0.1:50052")
CITIZENS = int(os.environ.get("ONEWINDOW_BENCH_GATEWAY_CITIZENS", "40"))
SECONDS = int(os.environ.get("ONEWINDOW_BENCH_GATEWAY_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("ONEWINDOW_BENCH_GATEWAY_CONNECTIONS", "16"))
PASSWORD = "bench-Passw0rd!"
DRAIN_LIMIT_S = 60.0  # longest wait for the consumers to catch up after a load
FORM = {"premises_address": "88 Renmin Road, shop 3", "sign_width_m": 2.5, "sign_height_m": 0.8}


def log(message: str) -> None:
    print(f"[bench-gateway] {message}", flush=True)


def resident_id(n: int) -> str:
    body = f"310104{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def _register(http: httpx.Client, n: int) -> str:
    number = resident_id(int(time.time()) % 100000 * 100 + n)
    body = {
        "national_id": number,
        "family_name": "Bench",
        "given_name": f"C{n}",
        "date_of_birth": f"{number[6:10]}-{number[10:12]}-{number[12:14]}",
        "email": f"bench-{uuid.uuid4().hex[:12]}@example.org",
        "password": PASSWORD,
    }
    while True:
        reply = http.post(
            "/v1/registrations", json=body, headers={"Idempotency-Key": str(uuid.uuid4())}
        )
        if reply.status_code != 429:
            break
        time.sleep(float(reply.headers.get("retry-after", "1")))  # anonymous routes are limited
    if reply.status_code == 409:  # the generated number exists already: try another
        return _register(http, n + 7919)
    reply.raise_for_status()
    return str(reply.json()["username"])


def prepare(http: httpx.Client) -> list[tuple[str, str]]:
    """Citizens registered through the gateway, logged in, each with an uploaded document."""
    web = KeycloakOpenID(
        server_url=os.environ.get("ONEWINDOW_KEYCLOAK_URL", "http://127.0.0.1:8080"),
        realm_name="onewindow",
        client_id="onewindow-web",
    )
    out = []
    for n in range(CITIZENS):
        token = web.token(_register(http, n), PASSWORD)["access_token"]
        upload = http.post(
            "/v1/documents",
            data={"document_type": "signboard_design", "title": "sign"},
            files={"file": ("sign.pdf", b"%PDF-1.7 " + os.urandom(20_000), "application/pdf")},
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())},
        )
        upload.raise_for_status()
        out.append((token, upload.json()["document"]["id"]))
    return out


def processes() -> dict[str, list[int]]:
    """The stack's processes by component, from the pid files and the process table."""
    found: dict[str, list[int]] = {}
    for line in subprocess.run(
        ["ps", "-eo", "pid=,args="], capture_output=True, text=True
    ).stdout.splitlines():
        pid, _, args = line.strip().partition(" ")
        for name, pattern in (
            ("gateway", "onewindow_gateway serve|multiprocessing.spawn"),
            ("cases", "onewindow_cases "),
            ("documents", "onewindow_documents "),
            ("identity", "onewindow_identity "),
            ("notifications", "onewindow_notifications "),
            ("postgres", "^postgres"),
            ("keycloak", "keycloak|quarkus"),
            ("kafka", "kafka.Kafka"),
            ("redis", "redis-server"),
            ("wrk", "^wrk "),
        ):
            if re.search(pattern, args):
                found.setdefault(name, []).append(int(pid))
                break
    return found


def cpu_ticks(pids: dict[str, list[int]]) -> dict[int, int]:
    """utime + stime of each process, in clock ticks (processes that vanished are left out)."""
    out = {}
    for group in pids.values():
        for pid in group:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            out[pid] = int(fields[11]) + int(fields[12])
    return out


def cpu_seconds(pids: dict[str, list[int]], before: dict[int, int], after: dict[int, int]) -> dict:
    """CPU seconds per component between two samples, over the processes alive in both."""
    tick = os.sysconf("SC_CLK_TCK")
    return {
        name: round(
            sum(after[p] - before[p] for p in group if p in before and p in after) / tick, 2
        )
        for name, group in pids.items()
    }


def idle_rates(pids: dict[str, list[int]], seconds: float = 5.0) -> dict[str, float]:
    """CPU seconds per second each component spends with no load (pollers, heartbeats), once
    the consumers have worked off the preparation (registrations, uploads)."""
    drained(pids)
    before = cpu_ticks(pids)
    time.sleep(seconds)
    return {k: v / seconds for k, v in cpu_seconds(pids, before, cpu_ticks(pids)).items()}


def drained(pids: dict[str, list[int]], limit_s: float = DRAIN_LIMIT_S) -> float:
    """Wait until the services' consumers have caught up with the load (their CPU over 2 s
    falls below 0.1 s), at most ``limit_s``; the seconds waited."""
    started = time.monotonic()
    services = {k: v for k, v in pids.items() if k in ("cases", "documents", "notifications")}
    last = cpu_ticks(services)
    while time.monotonic() - started < limit_s:
        time.sleep(2)
        now = cpu_ticks(services)
        if sum(cpu_seconds(services, last, now).values()) < 0.1:
            break
        last = now
    return round(time.monotonic() - started, 1)


def per_submission_ms(
    pids: dict[str, list[int]],
    start: tuple[dict[int, int], float],
    idle: dict[str, float],
    submissions: int,
) -> tuple[dict[str, float], float]:
    """CPU ms per submission by component, from the start of the run (ticks, monotonic time)
    until the consumers have caught up (the work each submission sets off), idle CPU
    subtracted; and the seconds waited for them after the run."""
    waited = drained(pids)
    spent = cpu_seconds(pids, start[0], cpu_ticks(pids))
    window = time.monotonic() - start[1]
    out = {
        name: round(max(0.0, seconds - idle.get(name, 0.0) * window) * 1000 / submissions, 2)
        for name, seconds in spent.items()
    }
    return out, waited


def wrk(script: str, data: Path, seconds: int) -> tuple[dict, str]:
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
        "-s",
        str(HERE / script),
        f"http://{GATEWAY}",
        "--",
        str(data),
    ]
    pids = processes()
    idle = idle_rates(pids) if script == "submit.lua" else {}
    start, children = cpu_ticks(pids), resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    run = subprocess.run(command, capture_output=True, text=True, check=True)
    end, done = cpu_ticks(pids), resource.getrusage(resource.RUSAGE_CHILDREN)
    out = run.stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    cpu = cpu_seconds(pids, start, end)
    load_tool = done.ru_utime + done.ru_stime - children.ru_utime - children.ru_stime
    cpu["wrk (load tool)"] = round(load_tool, 2)
    figures = {
        "per_s": rate,
        "p99_ms": round(float(p99.group(1)) * scale, 2),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "requests": requests,
        "cpu_s": cpu,
    }
    if idle and requests:
        figures["cpu_ms_per_request"], figures["drain_s"] = per_submission_ms(
            pids, (start, started), idle, requests
        )
    return figures, shlex.join(command)


async def direct_submit(citizens: list[tuple[str, str]], seconds: int) -> float:
    """SubmitCase straight to the cases service, CONNECTIONS calls in flight."""
    form = struct_pb2.Struct()
    form.update(FORM)
    async with grpc.aio.insecure_channel(CASES) as channel:
        stub = cases_pb2_grpc.CasesStub(channel)
        done = 0
        stop = time.perf_counter() + seconds

        async def client(i: int) -> None:
            nonlocal done
            while time.perf_counter() < stop:
                token, doc = citizens[(i + done) % len(citizens)]
                request = cases_pb2.SubmitCaseRequest(
                    client_key=str(uuid.uuid4()),
                    service_type="signboard-permit",
                    form=form,
                    document_ids=[doc],
                )
                await stub.SubmitCase(
                    request, metadata=[("authorization", f"Bearer {token}")], timeout=10
                )
                done += 1

        start = time.perf_counter()
        await asyncio.gather(*(client(i) for i in range(CONNECTIONS)))
        return done / (time.perf_counter() - start)


def worker_rss_mb() -> float:
    pids = processes().get("gateway", [])
    sizes = []
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return round(max(sizes), 1) if sizes else 0.0


def main() -> int:
    """Run the gateway benchmark once and write its figures."""
    out = ROOT / "var" / "bench" / "gateway.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    with httpx.Client(base_url=f"http://{GATEWAY}", timeout=30) as http:
        log(f"registering {CITIZENS} citizens through the gateway, each with an uploaded document")
        citizens = prepare(http)
    data = out.parent / "gateway-citizens.tsv"
    data.write_text("".join(f"{t}\t{d}\n" for t, d in citizens))
    log(f"POST /v1/cases for {SECONDS} s with {CONNECTIONS} connections (wrk)")
    submit, submit_cmd = wrk("submit.lua", data, SECONDS)
    log("SubmitCase over gRPC directly, the same concurrency")
    direct = asyncio.run(direct_submit(citizens, SECONDS))
    # the dashboard is measured on a stack that has caught up with the submissions above
    log(f"consumers caught up after {drained(processes())} s")
    log("GET /v1/me/dashboard with 16 concurrent citizens (wrk)")
    dashboard, dashboard_cmd = wrk("dashboard.lua", data, max(5, SECONDS // 2))
    data.unlink()  # the file holds live tokens
    figures = {
        "gateway_submit_per_s": round(submit["per_s"], 1),
        "gateway_submit_p99_ms": submit["p99_ms"],
        "direct_grpc_submit_per_s": round(direct, 1),
        "gateway_overhead_ratio": round(submit["per_s"] / direct, 3) if direct else None,
        "dashboard_p99_ms": dashboard["p99_ms"],
        "dashboard_per_s": round(dashboard["per_s"], 1),
        "gateway_worker_rss_mb": worker_rss_mb(),
        "gateway_submit_non_2xx": submit["non_2xx"],
        "submit_cpu_seconds_by_process": submit["cpu_s"],
        # everything each submission set off, consumers included (until they caught up,
        # drain_s after the run), idle CPU subtracted; from /proc/<pid>/stat
        "submit_cpu_ms_per_submission_by_process": submit.get("cpu_ms_per_request"),
        "submit_consumers_drain_s": submit.get("drain_s"),
        "submit_consumers_caught_up": (submit.get("drain_s") or 0) < DRAIN_LIMIT_S,
        "gateway_submissions": submit["requests"],
        "citizens": CITIZENS,
        "connections": CONNECTIONS,
        "seconds": SECONDS,
        "wrk_submit_command": submit_cmd.replace(str(data), "<citizens.tsv>"),
        "wrk_dashboard_command": dashboard_cmd.replace(str(data), "<citizens.tsv>"),
        "cores": os.cpu_count(),
    }
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
