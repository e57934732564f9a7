"""`make bench-gateway`: authenticated POST /v1/cases through the gateway (wrk, rotating real
tokens and Idempotency-Keys; each citizen registered through the gateway with a real uploaded
document; the real documents service in the path) and the same submission over gRPC directly,
in alternating windows (gateway, direct, gateway, direct) so that both meet the same box; the
dashboard's latency with 16 concurrent citizens, alone (no other load of this bench, the
consumers caught up); and where the CPU went per process -> var/bench/gateway.json.
Benchmarks live outside src/ and never shape production code."""

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
import stack_probe as probe
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
    key = str(uuid.uuid4())  # the same key on every retry: a registration that went through
    busy = 0  # before a timeout answers as a replay, never twice
    while True:
        reply = http.post("/v1/registrations", json=body, headers={"Idempotency-Key": key})
        if reply.status_code == 429:  # anonymous routes are limited
            time.sleep(float(reply.headers.get("retry-after", "1")))
        elif reply.status_code in (502, 503, 504) and busy < 5:  # a busy shared box
            busy += 1
            time.sleep(2.0 * busy)
        else:
            break
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


def _wrk_once(script: str, data: Path, seconds: int) -> tuple[dict, str]:
    """One wrk run: rate, p99, non-2xx, requests and wrk's own CPU seconds; its command line."""
    command = [
        "wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency",
        "-s", str(HERE / script), f"http://{GATEWAY}", "--", str(data),
    ]  # fmt: skip
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures = {
        "per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p99_ms": round(
            float(p99.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)], 2
        ),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "load_tool_cpu_s": round(
            done.ru_utime + done.ru_stime - children.ru_utime - children.ru_stime, 2
        ),
    }
    return figures, shlex.join(command)


def wrk(script: str, data: Path, seconds: int) -> tuple[dict, str]:
    """A wrk run; for submit.lua also the CPU each component spent per submission, from the
    start of the load until the consumers caught up, idle CPU subtracted (bench_e2e uses it)."""
    pids = probe.processes()
    idle = probe.idle_rates(pids) if script == "submit.lua" else {}
    start = probe.cpu_ticks(pids)
    box: dict = {}

    def run() -> int:
        box["figures"], box["command"] = _wrk_once(script, data, seconds)
        box["cpu_s"] = probe.cpu_seconds(pids, start, probe.cpu_ticks(pids))
        return int(box["figures"]["requests"])

    if idle:
        _, per, drain = probe.per_request_ms(pids, run, idle)
        box["figures"].update(cpu_ms_per_request=per, drain_s=drain["drain_s"])
    else:
        run()
    figures = {
        **box["figures"],
        "cpu_s": {**box["cpu_s"], "wrk (load tool)": box["figures"]["load_tool_cpu_s"]},
    }
    return figures, box["command"]


async def direct_submit(citizens: list[tuple[str, str]], seconds: int) -> dict:
    """SubmitCase straight to the cases service, CONNECTIONS calls in flight: rate, p99, errors."""
    form = struct_pb2.Struct()
    form.update(FORM)
    latencies: list[float] = []
    errors = 0
    async with grpc.aio.insecure_channel(CASES) as channel:
        stub = cases_pb2_grpc.CasesStub(channel)
        stop = time.perf_counter() + seconds

        async def client(i: int) -> None:
            nonlocal errors
            while time.perf_counter() < stop:
                token, doc = citizens[(i + len(latencies) + errors) % len(citizens)]
                request = cases_pb2.SubmitCaseRequest(
                    client_key=str(uuid.uuid4()), service_type="signboard-permit", form=form,
                    document_ids=[doc],
                )  # fmt: skip
                sent = time.perf_counter()
                try:
                    await stub.SubmitCase(
                        request, metadata=[("authorization", f"Bearer {token}")], timeout=10
                    )
                except grpc.aio.AioRpcError:
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - sent)

        start = time.perf_counter()
        await asyncio.gather(*(client(i) for i in range(CONNECTIONS)))
        elapsed = time.perf_counter() - start
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else 0.0
    return {"per_s": len(latencies) / elapsed, "p99_ms": round(p99, 2), "requests": len(latencies),
            "errors": errors}  # fmt: skip


def submit_window(kind: str, citizens: list, data: Path, seconds: int, idle: dict) -> dict:
    """One window of submissions (wrk through the gateway, or direct gRPC from this process),
    with the CPU per submission of each component until the consumers caught up."""
    pids = probe.processes()
    box: dict = {}

    def run() -> int:
        if kind == "gateway":
            figures, box["command"] = _wrk_once("submit.lua", data, seconds)
            box.update(figures)
        else:  # the client runs in this process: its CPU is the load tool's
            me = resource.getrusage(resource.RUSAGE_SELF)
            box.update(asyncio.run(direct_submit(citizens, seconds)))
            now = resource.getrusage(resource.RUSAGE_SELF)
            box["load_tool_cpu_s"] = now.ru_utime + now.ru_stime - me.ru_utime - me.ru_stime
        return int(box["requests"])

    requests, per, drain = probe.per_request_ms(pids, run, idle)
    per["load tool"] = round(box["load_tool_cpu_s"] * 1000 / max(1, requests), 2)
    log(f"  {kind}: {box['per_s']:.1f}/s, p99 {box['p99_ms']} ms, consumers caught up "
        f"{drain['drain_s']} s after")  # fmt: skip
    return {**box, "seconds": seconds, "cpu_ms": per, **drain}


def combined(windows: list[dict]) -> dict:
    """Windows of one kind as one: rate over their time, the worst p99, CPU per submission
    weighted by each window's submissions."""
    requests = sum(w["requests"] for w in windows)
    names = {n for w in windows for n in w["cpu_ms"]}
    return {
        "per_s": round(
            sum(w["per_s"] * w["seconds"] for w in windows) / sum(w["seconds"] for w in windows), 1
        ),
        "p99_ms": max(w["p99_ms"] for w in windows),
        "requests": requests,
        "cpu_ms": {
            n: round(
                sum(w["cpu_ms"].get(n, 0.0) * w["requests"] for w in windows) / max(1, requests), 2
            )
            for n in sorted(names)
        },
        "caught_up": all(w["caught_up"] for w in windows),
        "windows_per_s": [round(w["per_s"], 1) for w in windows],
    }


def dashboard_alone(data: Path, seconds: int, idle: dict) -> tuple[dict, str]:
    """GET /v1/me/dashboard with CONNECTIONS citizens at once and nothing else of this bench
    running: latency, CPU per request by component, and each fan-out RPC's server-side time."""
    waited, done = probe.caught_up()
    load = os.getloadavg()[0]
    log(f"consumers caught up: {done} (after {waited} s); load average {load:.2f}")
    pids, before = probe.processes(), probe.grpc_server_seconds()
    box: dict = {}

    def run() -> int:
        box["figures"], box["command"] = _wrk_once("dashboard.lua", data, seconds)
        return int(box["figures"]["requests"])

    requests, per, _ = probe.per_request_ms(pids, run, idle)
    per["load tool"] = round(box["figures"]["load_tool_cpu_s"] * 1000 / max(1, requests), 2)
    figures = {
        **box["figures"],
        "cpu_ms": per,
        "rpcs": probe.mean_ms_between(before, probe.grpc_server_seconds()),
    }
    figures["measured"] = (
        f"alone: {CONNECTIONS} wrk connections (one citizen token each request, rotating "
        f"{CITIZENS} citizens), no submission load of this bench; consumers caught up "
        f"beforehand: {done}; load average at start {load:.2f} (a shared box)"
    )
    return figures, box["command"]


def worker_rss_mb() -> float:
    pids = probe.processes().get("gateway", [])
    sizes = []
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return round(max(sizes), 1) if sizes else 0.0


def cpu_table(gateway: dict, direct: dict, dashboard: dict) -> str:
    """CPU ms per submission (gateway path, direct path) and per dashboard, by component."""
    names = sorted({*gateway, *direct, *dashboard}, key=lambda n: -gateway.get(n, 0.0))
    rows = [f"{'component':<16}{'gateway submit':>16}{'direct submit':>16}{'dashboard':>12}"]
    for n in names:
        cells = (gateway.get(n, 0.0), direct.get(n, 0.0), dashboard.get(n, 0.0))
        rows.append(f"{n:<16}{cells[0]:>16.2f}{cells[1]:>16.2f}{cells[2]:>12.2f}")
    rows.append(f"{'total':<16}{sum(gateway.values()):>16.2f}{sum(direct.values()):>16.2f}"
                f"{sum(dashboard.values()):>12.2f}")  # fmt: skip
    return "\n".join(rows)


def measure(citizens: list[tuple[str, str]], data: Path) -> tuple[dict, dict, dict, str, str]:
    """Submissions in alternating windows (gateway, direct, gateway, direct; each half of
    SECONDS, the consumers caught up between them), then the dashboard alone."""
    idle = probe.idle_rates(probe.processes())
    half = max(3, SECONDS // 2)
    log(f"POST /v1/cases (wrk) and SubmitCase (gRPC) alternately, {half} s windows, "
        f"{CONNECTIONS} in flight")  # fmt: skip
    runs: dict[str, list[dict]] = {"gateway": [], "direct": []}
    for kind in ("gateway", "direct", "gateway", "direct"):
        runs[kind].append(submit_window(kind, citizens, data, half, idle))
    gateway, direct = combined(runs["gateway"]), combined(runs["direct"])
    gateway["non_2xx"] = sum(w["non_2xx"] for w in runs["gateway"])
    direct["errors"] = sum(w["errors"] for w in runs["direct"])
    log(f"GET /v1/me/dashboard, {CONNECTIONS} concurrent citizens (wrk), alone")
    dashboard, dashboard_cmd = dashboard_alone(data, max(5, SECONDS // 2), idle)
    submit_cmd = runs["gateway"][0]["command"].replace(str(data), "<citizens.tsv>")
    return gateway, direct, dashboard, submit_cmd, dashboard_cmd


def main() -> int:
    """Run the gateway benchmark once and write its figures."""
    out = ROOT / "var" / "bench" / "gateway.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    with httpx.Client(base_url=f"http://{GATEWAY}", timeout=30) as http:
        log(f"registering {CITIZENS} citizens through the gateway, each with an uploaded document")
        citizens = prepare(http)
    data = out.parent / "gateway-citizens.tsv"
    data.write_text("".join(f"{t}\t{d}\n" for t, d in citizens))
    try:
        gateway, direct, dashboard, submit_cmd, dashboard_cmd = measure(citizens, data)
    finally:
        data.unlink()  # the file holds live tokens
    figures = {
        "gateway_submit_per_s": gateway["per_s"],
        "gateway_submit_p99_ms": gateway["p99_ms"],
        "direct_grpc_submit_per_s": direct["per_s"],
        "direct_grpc_submit_p99_ms": direct["p99_ms"],
        "gateway_overhead_ratio": round(gateway["per_s"] / direct["per_s"], 3)
        if direct["per_s"]
        else None,
        "dashboard_p99_ms": dashboard["p99_ms"],
        "dashboard_per_s": round(dashboard["per_s"], 1),
        "dashboard_measured": dashboard["measured"],
        "gateway_worker_rss_mb": worker_rss_mb(),
        "gateway_submit_non_2xx": gateway["non_2xx"],
        "direct_grpc_errors": direct["errors"],
        # everything each submission set off, consumers included (until they caught up: Kafka
        # lag 0), idle CPU subtracted; from /proc/<pid>/stat; "load tool" = wrk, or this
        # process for the direct gRPC client
        "submit_cpu_ms_per_submission_by_process": gateway["cpu_ms"],
        "direct_cpu_ms_per_submission_by_process": direct["cpu_ms"],
        "dashboard_cpu_ms_per_request_by_process": dashboard["cpu_ms"],
        # each fan-out RPC as its serve process timed it (the kit's gRPC histogram), during
        # the dashboard run
        "dashboard_rpc_server_mean_ms": dashboard["rpcs"],
        "submit_consumers_caught_up": gateway["caught_up"] and direct["caught_up"],
        "gateway_windows_per_s": gateway["windows_per_s"],
        "direct_windows_per_s": direct["windows_per_s"],
        "gateway_submissions": gateway["requests"],
        "direct_submissions": direct["requests"],
        "citizens": CITIZENS,
        "connections": CONNECTIONS,
        "seconds": SECONDS,
        "wrk_submit_command": submit_cmd,
        "wrk_dashboard_command": dashboard_cmd.replace(str(data), "<citizens.tsv>"),
        "cores": os.cpu_count(),
        "load_average_after": round(os.getloadavg()[0], 2),
    }
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    print("CPU ms per request by component (idle subtracted, consumers' work included):")
    print(cpu_table(gateway["cpu_ms"], direct["cpu_ms"], dashboard["cpu_ms"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
