"""`make bench-gateway`: authenticated POST /v1/cases through the gateway (wrk, rotating real
tokens and Idempotency-Keys; each citizen registered through the gateway with a real uploaded
document; the real documents service in the path) and the same submission over gRPC directly,
in alternating windows (gateway, direct, direct, gateway, …) so that both meet the same box; the
dashboard's latency with 16 concurrent citizens, alone (no other load of this bench, the
consumers caught up) two ways: 16 citizens each loading their own dashboard and pausing a think
time between loads (what a citizen sees), and the same connections with no pause (saturation);
and where the CPU went per process -> var/bench/gateway.json. `--help` for a short run.
Benchmarks live outside src/ and never shape production code."""

from __future__ import annotations

import argparse
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
from onewindow_kit.settings import load_common

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
GATEWAY = os.environ.get("ONEWINDOW_GATEWAY_ADDR", "127.0.0.1:8000")
CASES = os.environ.get("ONEWINDOW_CASES_GRPC_ADDR", "127.0.0.1:50052")
CITIZENS = int(os.environ.get("ONEWINDOW_BENCH_GATEWAY_CITIZENS", "40"))
SECONDS = int(os.environ.get("ONEWINDOW_BENCH_GATEWAY_SECONDS", "20"))
# each submission window; SECONDS of each kind are split into windows this long
WINDOW_S = int(os.environ.get("ONEWINDOW_BENCH_GATEWAY_WINDOW_S", "5"))
CONNECTIONS = int(os.environ.get("ONEWINDOW_BENCH_GATEWAY_CONNECTIONS", "16"))
DASHBOARD_SECONDS = int(os.environ.get("ONEWINDOW_BENCH_GATEWAY_DASHBOARD_SECONDS", "60"))
THINK_S = float(os.environ.get("ONEWINDOW_BENCH_GATEWAY_THINK_S", "1.0"))
WRK_THREADS = 2
PASSWORD = "bench-Passw0rd!"
TOKEN_RENEW_S = 120.0  # access tokens live 300 s
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


def prepare(http: httpx.Client) -> tuple[list[str], list[str]]:
    """Citizens registered through the gateway, each with an uploaded document: their usernames
    (tokens are renewed from them, see Citizens) and document ids."""
    names = [_register(http, n) for n in range(CITIZENS)]
    return names, [upload_sign(http, token) for token, _ in logins(names)]


def logins(names: list[str], docs: list[str] | None = None) -> list[tuple[str, str]]:
    """Fresh access tokens (they live 5 minutes) paired with each citizen's document."""
    web = KeycloakOpenID(
        server_url=load_common("cases").keycloak_url,
        realm_name="onewindow",
        client_id="onewindow-web",
    )
    tokens = [web.token(name, PASSWORD)["access_token"] for name in names]
    return list(zip(tokens, docs or [""] * len(names), strict=True))


class Citizens:
    """The simulated citizens, their tokens renewed before each load once they are
    TOKEN_RENEW_S old: a window and its drain can take a minute (the receipts are paced by the
    SMTP limit), and a token that expired mid-run made the later loads measure 401s."""

    def __init__(self, names: list[str], docs: list[str], data: Path) -> None:
        self.names, self.docs, self.data = names, docs, data
        self._pairs: list[tuple[str, str]] = []
        self._at = float("-inf")

    def fresh(self) -> list[tuple[str, str]]:
        """(token, document) per citizen, written to ``data`` for wrk as well. After a renewal
        it waits for the logins to stop costing CPU (probe.logins_settled): otherwise the load
        that follows, always a gateway window at the start, is charged for them."""
        if time.monotonic() - self._at > TOKEN_RENEW_S:
            self._at = time.monotonic()
            self._pairs = logins(self.names, self.docs)
            self.data.write_text("".join(f"{t}\t{d}\n" for t, d in self._pairs))
            log(f"  tokens renewed; the logins settled after {probe.logins_settled()} s")
        return self._pairs


def upload_sign(http: httpx.Client, token: str) -> str:
    """A signboard design (a 20 kB PDF) uploaded through the gateway by the citizen; its id."""
    upload = http.post(
        "/v1/documents",
        data={"document_type": "signboard_design", "title": "sign"},
        files={"file": ("sign.pdf", b"%PDF-1.7 " + os.urandom(20_000), "application/pdf")},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())},
    )
    upload.raise_for_status()
    return str(upload.json()["document"]["id"])


def _wrk_once(
    script: str, data: Path, seconds: int, extra: tuple[str, ...] = ()
) -> tuple[dict, str]:
    """One wrk run: rate, p99, non-2xx, requests and wrk's own CPU seconds; its command line."""
    command = [
        "wrk", f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency",
        "-s", str(HERE / script), f"http://{GATEWAY}", "--", str(data), *extra,
    ]  # fmt: skip
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures = {
        "per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p99_ms": _ms(p99.group(1), p99.group(2)),
        "p50_ms": _ms(*re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out).groups()),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "load_tool_cpu_s": round(
            done.ru_utime + done.ru_stime - children.ru_utime - children.ru_stime, 2
        ),
    }
    return figures, shlex.join(command)


def _ms(value: str, unit: str) -> float:
    return round(float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit], 2)


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


def submit_window(kind: str, citizens: Citizens, seconds: int, idle: dict) -> dict:
    """One window of submissions (wrk through the gateway, or direct gRPC from this process),
    with the CPU per submission of each component until the consumers caught up."""
    people, data = citizens.fresh(), citizens.data
    pids = probe.processes(detail=True)
    box: dict = {}

    def run() -> int:
        if kind == "gateway":
            figures, box["command"] = _wrk_once("submit.lua", data, seconds)
            box.update(figures)
        else:  # the client runs in this process: its CPU is the load tool's
            me = resource.getrusage(resource.RUSAGE_SELF)
            box.update(asyncio.run(direct_submit(people, seconds)))
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


def _dashboard_run(
    script: str, data: Path, seconds: int, idle: dict, extra: tuple[str, ...] = ()
) -> tuple[dict, str]:
    """One wrk run of GET /v1/me/dashboard, the consumers caught up first: latency, rate, CPU
    per request by process, and each fan-out RPC's server-side time."""
    waited, done = probe.caught_up()
    load = os.getloadavg()[0]
    log(f"  consumers caught up: {done} (after {waited} s); load average {load:.2f}")
    pids, before = probe.processes(detail=True), probe.grpc_server_seconds()
    box: dict = {}

    def run() -> int:
        box["figures"], box["command"] = _wrk_once(script, data, seconds, extra)
        return int(box["figures"]["requests"])

    requests, per, _ = probe.per_request_ms(pids, run, idle)
    per["load tool"] = round(box["figures"]["load_tool_cpu_s"] * 1000 / max(1, requests), 2)
    figures = {
        **box["figures"],
        "cpu_ms": per,
        "rpcs": probe.mean_ms_between(before, probe.grpc_server_seconds()),
        "caught_up_before": done,
        "load_average_at_start": round(load, 2),
    }
    log(f"  {script}: {figures['per_s']:.1f}/s, p50 {figures['p50_ms']} ms, "
        f"p99 {figures['p99_ms']} ms, non-2xx {figures['non_2xx']}")  # fmt: skip
    return figures, box["command"]


def open_cases(http: httpx.Client, citizens: list[tuple[str, str]]) -> list[int]:
    """How many open cases each simulated citizen's dashboard lists (it grows with every
    submission window of this bench, which files for the same citizens)."""
    counts = []
    for token, _ in citizens:
        reply = http.get("/v1/me/dashboard", headers={"Authorization": f"Bearer {token}"})
        counts.append(len(reply.json().get("open_cases", [])) if reply.status_code == 200 else -1)
    return counts


def dashboards(citizens: Citizens, idle: dict) -> tuple[dict, dict]:
    """GET /v1/me/dashboard with no other load of this bench running, measured twice:
    CONNECTIONS citizens each loading their own dashboard then pausing a jittered think time
    (what a citizen sees), and the same connections loading with no pause (saturation)."""
    everyone, data = citizens.fresh(), citizens.data
    own = everyone[:CONNECTIONS]
    mine = data.with_name("gateway-dashboard-citizens.tsv")
    mine.write_text("".join(f"{t}\t{d}\n" for t, d in own))
    try:
        with httpx.Client(base_url=f"http://{GATEWAY}", timeout=30) as http:
            listed = open_cases(http, own)
        think_ms = str(round(THINK_S * 1000))
        log(f"GET /v1/me/dashboard: {len(own)} citizens, think time {THINK_S} s (jittered)")
        think, think_cmd = _dashboard_run(
            "dashboard_think.lua", mine, DASHBOARD_SECONDS, idle, (think_ms, str(WRK_THREADS))
        )
    finally:
        mine.unlink()  # the file holds live tokens
    log(f"GET /v1/me/dashboard: {CONNECTIONS} connections, no pause (saturation)")
    citizens.fresh()  # renews the tokens in `data` when they are due
    saturated, saturated_cmd = _dashboard_run("dashboard.lua", data, WINDOW_S, idle)
    think["command"] = think_cmd.replace(str(mine), "<citizens.tsv>")
    saturated["command"] = saturated_cmd.replace(str(data), "<citizens.tsv>")
    think["open_cases_listed"] = listed
    think["measured"] = (
        f"{len(own)} concurrent simulated citizens (one wrk connection and one token each), "
        f"each loading its own dashboard, then pausing a think time of {THINK_S} s jittered "
        f"uniformly from {THINK_S / 2} to {THINK_S * 1.5} s before its next load; latency per "
        f"load (wrk starts the clock when it writes the request, after the pause); no other "
        f"load of this bench; consumers caught up before: {think['caught_up_before']}; load "
        f"average at start {think['load_average_at_start']} (a shared box); open cases each "
        f"dashboard listed: {listed}"
    )
    saturated["measured"] = (
        f"saturation: {CONNECTIONS} wrk connections, closed loop with no pause (a new load as "
        f"soon as the last answered), tokens rotating over {len(everyone)} citizens; p99 here "
        f"is about connections / throughput; load average at start "
        f"{saturated['load_average_at_start']} (a shared box)"
    )
    return think, saturated


def worker_rss_mb() -> float:
    pids = probe.processes(detail=True).get("gateway", [])
    sizes = []
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return round(max(sizes), 1) if sizes else 0.0


def cpu_table(columns: dict[str, dict[str, float]]) -> str:
    """CPU ms per request by process, one column per measurement (gateway submit, direct
    submit, dashboards), the processes that cost most first."""
    first = next(iter(columns.values()))
    names = sorted({n for c in columns.values() for n in c}, key=lambda n: -first.get(n, 0.0))
    rows = [f"{'process':<26}" + "".join(f"{title:>18}" for title in columns)]
    for n in names:
        rows.append(f"{n:<26}" + "".join(f"{c.get(n, 0.0):>18.2f}" for c in columns.values()))
    rows.append(f"{'total':<26}" + "".join(f"{sum(c.values()):>18.2f}" for c in columns.values()))
    return "\n".join(rows)


def window_order(pairs: int) -> list[str]:
    """gateway, direct, direct, gateway, gateway, direct, …: each kind goes first in half of the
    pairs, so a box that speeds up or slows down steadily during the run (a shared box does)
    favours neither kind."""
    order: list[str] = []
    for n in range(pairs):
        order += ["gateway", "direct"] if n % 2 == 0 else ["direct", "gateway"]
    return order


def measure(citizens: Citizens) -> tuple[dict, dict, dict, dict, str]:
    """Submissions in alternating windows (in window_order; SECONDS of each kind in windows of
    WINDOW_S, at least two of each, the consumers caught up between them),
    then the dashboard alone, both ways."""
    idle = probe.idle_rates(probe.processes(detail=True))
    windows = max(2, SECONDS // WINDOW_S)
    log(f"POST /v1/cases (wrk) and SubmitCase (gRPC) alternately, {windows} windows of "
        f"{WINDOW_S} s each, {CONNECTIONS} in flight")  # fmt: skip
    runs: dict[str, list[dict]] = {"gateway": [], "direct": []}
    for kind in window_order(windows):
        runs[kind].append(submit_window(kind, citizens, WINDOW_S, idle))
    gateway, direct = combined(runs["gateway"]), combined(runs["direct"])
    gateway["non_2xx"] = sum(w["non_2xx"] for w in runs["gateway"])
    direct["errors"] = sum(w["errors"] for w in runs["direct"])
    think, saturated = dashboards(citizens, idle)
    submit_cmd = runs["gateway"][0]["command"].replace(str(citizens.data), "<citizens.tsv>")
    return gateway, direct, think, saturated, submit_cmd


def options(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options (each defaults to its ONEWINDOW_BENCH_GATEWAY_* variable)."""
    parser = argparse.ArgumentParser(
        prog="bench_gateway.py",
        description="The gateway benchmark against a running stack (make bench-gateway starts "
        "one). A short run: --seconds 10 --citizens 16 --dashboard-seconds 8",
    )
    parser.add_argument("--gateway", default=GATEWAY, help="HOST:PORT of the gateway")
    parser.add_argument(
        "--seconds", type=int, default=SECONDS, help=f"load of each kind, in {WINDOW_S} s windows"
    )
    parser.add_argument("--citizens", type=int, default=CITIZENS)
    parser.add_argument("--connections", type=int, default=CONNECTIONS)
    parser.add_argument("--dashboard-seconds", type=int, default=DASHBOARD_SECONDS,
                        help="the think-time dashboard run")  # fmt: skip
    parser.add_argument("--think-s", type=float, default=THINK_S, help="mean think time")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "gateway.json")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the gateway benchmark once and write its figures."""
    global GATEWAY, SECONDS, CITIZENS, CONNECTIONS, DASHBOARD_SECONDS, THINK_S
    args = options(argv)
    GATEWAY, SECONDS, CITIZENS = args.gateway, args.seconds, args.citizens
    CONNECTIONS, DASHBOARD_SECONDS, THINK_S = (
        args.connections, args.dashboard_seconds, args.think_s,
    )  # fmt: skip
    os.environ["ONEWINDOW_GATEWAY_ADDR"] = GATEWAY  # the gateway whose processes are charged
    out = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    speed_before = probe.box_speed()
    log(f"box speed: {speed_before}")
    with httpx.Client(base_url=f"http://{GATEWAY}", timeout=30) as http:
        log(f"registering {CITIZENS} citizens through the gateway, each with an uploaded document")
        names, docs = prepare(http)
    waited, due_at_start = probe.dispatched()
    log(f"deliveries of earlier loads still due: {due_at_start} (after {waited} s)")
    data = out.parent / "gateway-citizens.tsv"
    try:
        gateway, direct, dashboard, saturated, submit_cmd = measure(Citizens(names, docs, data))
    finally:
        data.unlink(missing_ok=True)  # the file holds live tokens
    figures = {
        "gateway_submit_per_s": gateway["per_s"],
        "gateway_submit_p99_ms": gateway["p99_ms"],
        "direct_grpc_submit_per_s": direct["per_s"],
        "direct_grpc_submit_p99_ms": direct["p99_ms"],
        "gateway_overhead_ratio": round(gateway["per_s"] / direct["per_s"], 3)
        if direct["per_s"]
        else None,
        "dashboard_p99_ms": dashboard["p99_ms"],
        "dashboard_p50_ms": dashboard["p50_ms"],
        "dashboard_per_s": round(dashboard["per_s"], 1),
        "dashboard_non_2xx": dashboard["non_2xx"],
        "dashboard_measured": dashboard["measured"],
        "dashboard_saturated_p99_ms": saturated["p99_ms"],
        "dashboard_saturated_p50_ms": saturated["p50_ms"],
        "dashboard_saturated_per_s": round(saturated["per_s"], 1),
        "dashboard_saturated_non_2xx": saturated["non_2xx"],
        "dashboard_saturated_measured": saturated["measured"],
        "gateway_worker_rss_mb": worker_rss_mb(),
        "gateway_submit_non_2xx": gateway["non_2xx"],
        "direct_grpc_errors": direct["errors"],
        # everything each submission set off, consumers included (until they caught up: Kafka
        # lag 0), idle CPU subtracted; from /proc/<pid>/stat; "load tool" = wrk, or this
        # process for the direct gRPC client
        "submit_cpu_ms_per_submission_by_process": gateway["cpu_ms"],
        "direct_cpu_ms_per_submission_by_process": direct["cpu_ms"],
        "dashboard_cpu_ms_per_request_by_process": dashboard["cpu_ms"],
        "dashboard_saturated_cpu_ms_per_request_by_process": saturated["cpu_ms"],
        # each fan-out RPC as its serve process timed it (the kit's gRPC histogram), during
        # each dashboard run
        "dashboard_rpc_server_mean_ms": dashboard["rpcs"],
        "dashboard_saturated_rpc_server_mean_ms": saturated["rpcs"],
        "submit_consumers_caught_up": gateway["caught_up"] and direct["caught_up"],
        "deliveries_due_at_start": due_at_start,
        "gateway_windows_per_s": gateway["windows_per_s"],
        "direct_windows_per_s": direct["windows_per_s"],
        "gateway_submissions": gateway["requests"],
        "direct_submissions": direct["requests"],
        "citizens": CITIZENS,
        "connections": CONNECTIONS,
        "seconds": SECONDS,
        "wrk_submit_command": submit_cmd,
        "wrk_dashboard_command": dashboard["command"],
        "wrk_dashboard_saturated_command": saturated["command"],
        "dashboard_seconds": DASHBOARD_SECONDS,
        "think_s": THINK_S,
        "cores": os.cpu_count(),
        "load_average_after": round(os.getloadavg()[0], 2),
        "box_speed": {"before": speed_before, "after": probe.box_speed()},
        "box_speed_means": probe.BOX_SPEED_MEANS,
    }
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    print("CPU ms per request by process (idle subtracted, consumers' work included):")
    print(
        cpu_table(
            {
                "gateway submit": gateway["cpu_ms"],
                "direct submit": direct["cpu_ms"],
                "dashboard": dashboard["cpu_ms"],
                "dash. saturated": saturated["cpu_ms"],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
