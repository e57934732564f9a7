"""What the running stack did during a benchmark window: CPU per component from /proc, whether
the services' consumers have caught up (Kafka lag of their groups), and the services' own
gRPC latency per method (their Prometheus metrics). Bench code only."""

from __future__ import annotations

import os
import re
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import psycopg
from kafka import KafkaAdminClient, KafkaConsumer

from onewindow_kit.db import conninfo
from onewindow_kit.settings import load_common

BOOTSTRAP = os.environ.get("ONEWINDOW_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
DRAIN_LIMIT_S = 60.0  # longest wait for the consumers to catch up after a load
# longest wait for an earlier load's e-mails (sent at the SMTP limit) before a bench measures
QUIET_LIMIT_S = float(os.environ.get("ONEWINDOW_BENCH_QUIET_LIMIT_S", "600"))
# the serve processes' metrics ports (the kit's defaults; ONEWINDOW_<SVC>_METRICS_PORT moves them)
METRICS_PORTS = {"identity": 9461, "cases": 9462, "documents": 9463, "notifications": 9464}
_COMPONENTS = (
    ("gateway", "onewindow_gateway serve|multiprocessing.spawn"),
    ("cases", "onewindow_cases "),
    ("documents", "onewindow_documents "),
    ("identity", "onewindow_identity "),
    ("notifications", "onewindow_notifications "),
    ("postgres", "^postgres"),
    ("keycloak", "keycloak|quarkus"),
    ("kafka", "kafka.Kafka"),
    ("redis", "redis-server"),
    ("mailpit", "bin/mailpit "),  # receives each submission's receipt e-mail
    ("s3", "bin/minio server"),  # the documents' content store
    ("wrk", "^wrk "),
)
RUN = Path(__file__).resolve().parents[2] / "var" / "run"  # the shared stack's pid files
# a PostgreSQL backend's title: "postgres: 15/main: <user> <database> <client> <state>"
_BACKEND = re.compile(r"^postgres: \S+: (\S+) (\S+) ")


BOX_LOOP_ADDITIONS = 10_000_000
BOX_SPEED_MEANS = (
    "how fast this shared box ran Python when measured: user CPU and wall seconds of one "
    f"pure-Python loop of {BOX_LOOP_ADDITIONS:,} additions in the bench process (the same code "
    "every run, so a slower figure is the box's other tenants, not the stack), and the kernel's "
    "CPU pressure (/proc/pressure/cpu 'some' avg60: the share of the last minute in which a "
    "runnable task waited for a core), before the first load and after the last"
)


def box_speed() -> dict[str, float | None]:
    """See BOX_SPEED_MEANS: the figures put beside a run's throughput and latency."""
    cpu, wall = time.process_time(), time.perf_counter()
    total = 0
    for i in range(BOX_LOOP_ADDITIONS):
        total += i
    figures: dict[str, float | None] = {
        "loop_cpu_s": round(time.process_time() - cpu, 3),
        "loop_wall_s": round(time.perf_counter() - wall, 3),
        "cpu_pressure_some_avg60": None,
    }
    try:
        some = Path("/proc/pressure/cpu").read_text().splitlines()[0]
        figures["cpu_pressure_some_avg60"] = float(some.split("avg60=")[1].split()[0])
    except (OSError, IndexError, ValueError):  # no pressure stall information on this kernel
        pass
    return figures


def _gateway_pids(addr: str) -> list[int]:
    """The processes holding the listening socket of the gateway at ``addr`` (the uvicorn
    parent and its workers): not another gateway on this box (a private stack, a test's)."""
    port = addr.rpartition(":")[2]
    listing = subprocess.run(
        ["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True
    ).stdout
    return sorted({int(pid) for pid in re.findall(r"pid=(\d+)", listing)})


def _pid_file_processes(detail: bool) -> dict[str, list[int]]:
    """The shared stack's service processes from its pid files (var/run/<svc>-<proc>.pid), by
    service, or by process (cases-serve, cases-relay, …) with ``detail``."""
    found: dict[str, list[int]] = {}
    for pidfile in sorted(RUN.glob("*-*.pid")):
        name = pidfile.stem
        service = name.partition("-")[0]
        if service not in ("identity", "cases", "documents", "notifications"):
            continue
        try:
            pid = int(pidfile.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
        if Path(f"/proc/{pid}").exists():
            found.setdefault(name if detail else service, []).append(pid)
    return found


def processes(gateway_addr: str | None = None, *, detail: bool = False) -> dict[str, list[int]]:
    """The stack's processes by component. The gateway is the one listening at
    ``gateway_addr`` (default ONEWINDOW_GATEWAY_ADDR); the services are the shared stack's (its
    pid files) when it has them; PostgreSQL is split into the backends of the services'
    databases and the cluster's own processes (shared with whatever else uses the cluster).
    ``detail`` names each service process (cases-serve, cases-relay, …)."""
    addr = gateway_addr or os.environ.get("ONEWINDOW_GATEWAY_ADDR", "127.0.0.1:8000")
    services = _pid_file_processes(detail)
    found: dict[str, list[int]] = {**services}
    gateway = _gateway_pids(addr)
    if gateway:
        found["gateway"] = gateway
    databases = {f"ow_{s}" for s in ("identity", "cases", "documents", "notifications")}
    for line in subprocess.run(
        ["ps", "-eo", "pid=,args="], capture_output=True, text=True
    ).stdout.splitlines():
        pid, _, args = line.strip().partition(" ")
        backend = _BACKEND.match(args)
        if backend and backend.group(2) in databases:
            found.setdefault("postgres", []).append(int(pid))
            continue
        if backend or args.startswith("postgres"):
            found.setdefault("postgres (cluster)", []).append(int(pid))
            continue
        for name, pattern in _COMPONENTS:
            if re.search(pattern, args):
                known = name in ("gateway", "postgres") or (
                    services and name in ("identity", "cases", "documents", "notifications")
                )
                if not known:  # a component without a better source than its command line
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


class Backlog:
    """Events on the onewindow topics that the running consumer groups (the services') have not
    applied yet."""

    def __init__(self, bootstrap: str = BOOTSTRAP) -> None:
        self.admin = KafkaAdminClient(bootstrap_servers=bootstrap)
        self.ends = KafkaConsumer(bootstrap_servers=bootstrap)

    def count(self) -> tuple[int, int]:
        """(events behind over every group, events ever written to the topics they read)."""
        # groups with members only: a finished tool's group (Empty) no longer reads anything
        groups = [
            g["group_id"]
            for g in self.admin.list_groups()
            if g.get("group_state") not in ("Empty", "Dead")
        ]
        committed = self.admin.list_group_offsets(groups) if groups else {}
        positions = {
            (group, tp): meta.offset
            for group, offsets in committed.items()
            for tp, meta in offsets.items()
            if tp.topic.startswith("onewindow.") and not tp.topic.endswith(".dlt")
        }
        ends = self.ends.end_offsets(list({tp for _, tp in positions}))
        behind = sum(max(0, ends[tp] - at) for (_, tp), at in positions.items() if at >= 0)
        return behind, sum(ends.values())

    def close(self) -> None:
        """Close both clients."""
        self.admin.close()
        self.ends.close()


def caught_up(limit_s: float = DRAIN_LIMIT_S) -> tuple[float, bool]:
    """Wait until every consumer group has applied every event and no new event arrived for a
    second (the relays have published what the load wrote), at most ``limit_s``; the seconds
    waited and whether they caught up."""
    started = time.monotonic()
    backlog = Backlog()
    try:
        last = -1
        while time.monotonic() - started < limit_s:
            behind, written = backlog.count()
            if behind == 0 and written == last:
                return round(time.monotonic() - started, 1), True
            last = written
            time.sleep(1.0)
        return round(time.monotonic() - started, 1), False
    finally:
        backlog.close()


# identity's ``logins`` worker reads Keycloak's LOGIN events this often (its default)
LOGIN_WATCH_S = float(os.environ.get("ONEWINDOW_IDENTITY_LOGIN_WATCH_S", "5.0"))
# Keycloak and identity's logins worker at or under this share of a core for a second: settled
SETTLED_CORE_SHARE = 0.05


def logins_settled(limit_s: float = 30.0) -> float:
    """Wait until a burst of logins has stopped costing CPU: Keycloak finishes its own work at
    once, but identity's ``logins`` worker reads the new LOGIN events from Keycloak within
    LOGIN_WATCH_S. So wait at least that (plus a second), then until Keycloak and that worker
    together spend at most SETTLED_CORE_SHARE of a core for a whole second (at most ``limit_s``
    in all). A load measured at once would be charged for the logins. The seconds waited."""
    started = time.monotonic()
    found = processes(detail=True)
    pids = {"watch": found.get("keycloak", []) + found.get("identity-logins", [])}
    time.sleep(LOGIN_WATCH_S + 1.0)
    while time.monotonic() - started < limit_s:
        before = cpu_ticks(pids)
        time.sleep(1.0)
        if cpu_seconds(pids, before, cpu_ticks(pids))["watch"] <= SETTLED_CORE_SHARE:
            break
    return round(time.monotonic() - started, 1)


def deliveries_due() -> int:
    """Deliveries (e-mails, webhooks) the notifications dispatcher has yet to make now."""
    with psycopg.connect(conninfo(load_common("notifications").database_url)) as conn:
        row = conn.execute(
            "SELECT count(*) FROM notifications.deliveries "
            "WHERE status IN ('created', 'retrying', 'sending') AND next_attempt_at <= now()"
        ).fetchone()
    return int(row[0]) if row else 0


def dispatched(limit_s: float = QUIET_LIMIT_S) -> tuple[float, int]:
    """Wait (at most ``limit_s``) until the dispatcher has made every delivery due: the e-mails
    go at the SMTP limit (50/s by default), so an earlier load's receipts can keep it sending
    for minutes after its events were applied. The seconds waited and how many were still due."""
    started = time.monotonic()
    while (due := deliveries_due()) and time.monotonic() - started < limit_s:
        time.sleep(1)
    return round(time.monotonic() - started, 1), due


def idle_rates(pids: dict[str, list[int]], seconds: float = 5.0) -> dict[str, float]:
    """CPU seconds per second each component spends with no load (pollers, heartbeats, other
    people's work on a shared box), once the consumers have caught up."""
    caught_up()
    before = cpu_ticks(pids)
    time.sleep(seconds)
    return {k: v / seconds for k, v in cpu_seconds(pids, before, cpu_ticks(pids)).items()}


def per_request_ms(
    pids: dict[str, list[int]],
    run: Callable[[], int],
    idle: dict[str, float],
) -> tuple[int, dict[str, float], dict]:
    """Run ``run`` (it returns how many requests it made), wait for the consumers to catch up
    with what they set off, and charge each component its CPU over that span, idle CPU
    subtracted, per request; (requests, ms per request by component, drain figures)."""
    start, started = cpu_ticks(pids), time.monotonic()
    requests = run()
    waited, done = caught_up()
    pids = _with_newcomers(pids, start)
    spent = cpu_seconds(pids, start, cpu_ticks(pids))
    span = time.monotonic() - started
    per = {
        name: round(max(0.0, seconds - idle.get(name, 0.0) * span) * 1000 / max(1, requests), 2)
        for name, seconds in spent.items()
    }
    return requests, per, {"drain_s": waited, "caught_up": done, "cpu_s": spent}


def _with_newcomers(pids: dict[str, list[int]], start: dict[int, int]) -> dict[str, list[int]]:
    """``pids`` plus the processes of the same components that started since ``start`` was
    sampled (a pool's new database connection): their whole CPU is the window's (``start``
    gains 0 for each)."""
    later = processes(detail=any("-" in name for name in pids))
    merged = {name: list(group) for name, group in pids.items()}
    for name, group in later.items():
        for pid in group:
            if pid not in start and pid not in merged.get(name, []):
                merged.setdefault(name, []).append(pid)
                start[pid] = 0
    return merged


def grpc_server_seconds() -> dict[str, tuple[float, float]]:
    """(sum of seconds, calls) per gRPC method as the serve processes measured them."""
    out: dict[str, tuple[float, float]] = {}
    for svc, default in METRICS_PORTS.items():
        port = int(os.environ.get(f"ONEWINDOW_{svc.upper()}_METRICS_PORT", default))
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as reply:
                text = reply.read().decode()
        except OSError:
            continue
        for kind, method, value in re.findall(
            r'^onewindow_grpc_request_seconds_(sum|count)\{[^}]*method="([^"]+)"[^}]*\} (\S+)$',
            text,
            re.M,
        ):
            seconds, calls = out.get(method, (0.0, 0.0))
            out[method] = (
                (seconds + float(value), calls)
                if kind == "sum"
                else (seconds, calls + float(value))
            )
    return out


def mean_ms_between(before: dict, after: dict) -> dict[str, dict[str, float]]:
    """Calls and mean server-side ms per method between two grpc_server_seconds samples."""
    out = {}
    for method, (seconds, calls) in after.items():
        s0, c0 = before.get(method, (0.0, 0.0))
        if calls > c0:
            out[method.rsplit("/", 1)[-1]] = {
                "calls": int(calls - c0),
                "mean_ms": round((seconds - s0) * 1000 / (calls - c0), 2),
            }
    return out
