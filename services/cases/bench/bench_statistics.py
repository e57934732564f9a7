"""`python services/cases/bench/bench_statistics.py` (make bench-statistics): the handling
statistics at 1,000,000 cases (the benchmark database ow_cases_bench of bench_cases.py), figures
merged into var/bench/cases.json:
  - statistics_p99_ms: GetStatistics for one department's month, by day, over gRPC;
  - live_backlog_p99_ms: GetLiveBacklog for one department, over gRPC;
  - SubmitCase throughput with the read model's consumer (the `statistics` process) running and
    without it, in the same run (rounds alternating without / with, medians), with the relay
    publishing to a private Kafka broker (started here on other ports, stopped at the end: the
    shared broker never sees benchmark events); and the consumer's CPU per event it applied.
The statistics tables are rebuilt from the cases table first, as the consumer would have folded
every case (received, decided with its working-day histogram, closed on time, withdrawals)."""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta

import bench_cases as bc
import grpc
from bench_harness import BenchRealm, free_port, start_documents, start_servers, stats, stop_servers
from sqlalchemy import text

from onewindow.cases.v1 import cases_pb2 as pb
from onewindow.cases.v1 import cases_pb2_grpc
from onewindow_cases.adapters.tables import SCHEMA
from onewindow_cases.domain.catalogue import Catalogue

ROOT = bc.ROOT
TZ = "Asia/Shanghai"
KAFKA_VAR = ROOT / "var" / "bench" / "statistics-kafka"
OFFICE = "coalesce(nullif(receiving_office, ''), 'online')"
DAY = f"(%s AT TIME ZONE '{TZ}')::date"
KEY = "department, service_type, office, day"


def log(message: str) -> None:
    print(f"[bench-statistics] {message}", file=sys.stderr, flush=True)


def _upsert(conn, columns: str, select: str) -> None:
    sets = ", ".join(f"{c} = d.{c} + EXCLUDED.{c}" for c in columns.split(", "))
    conn.execute(text(
        f"INSERT INTO {SCHEMA}.stat_days AS d ({KEY}, {columns}) {select} "
        f"ON CONFLICT ({KEY}) DO UPDATE SET {sets}"
    ))  # fmt: skip


def _working_day_ordinals(conn, catalogue: Catalogue) -> None:
    """Temp table wd: each day's count of working days so far (the catalogue's calendar), so
    working days between two dates are a subtraction."""
    first, last = conn.execute(
        text(f"SELECT min(start_date), max(({DAY % 'decided_at'})) FROM {SCHEMA}.cases")
    ).one()
    ordinal, rows, day = 0, [], first - timedelta(days=1)
    while day <= max(last or first, date.today()):
        ordinal += catalogue.calendar.is_working_day(day)
        rows.append({"day": day, "n": ordinal})
        day += timedelta(days=1)
    conn.execute(text("CREATE TEMP TABLE wd (day date PRIMARY KEY, n int) ON COMMIT DROP"))
    conn.execute(text("INSERT INTO wd VALUES (:day, :n)"), rows)


def seed_statistics(engine, catalogue: Catalogue) -> dict:
    """Rebuild the day buckets and histograms from the cases table (what the consumer folds)."""
    started = time.perf_counter()
    with engine.begin() as conn:
        _working_day_ordinals(conn, catalogue)
        conn.execute(text(f"TRUNCATE {SCHEMA}.stat_days, {SCHEMA}.stat_handling"))
        _upsert(
            conn,
            "received",
            f"SELECT responsible_department, service_type, {OFFICE}, "
            f"{DAY % 'created_at'}, count(*) FROM {SCHEMA}.cases GROUP BY 1, 2, 3, 4",
        )
        decided = (
            f"FROM {SCHEMA}.cases c JOIN wd e ON e.day = {DAY % 'c.decided_at'} "
            "JOIN wd s ON s.day = c.start_date WHERE c.decided_at IS NOT NULL"
        )
        _upsert(conn, "decided, closed, closed_on_time",
                f"SELECT responsible_department, service_type, {OFFICE}, e.day, count(*), "
                "count(*) FILTER (WHERE c.status = 'closed'), "
                "count(*) FILTER (WHERE c.status = 'closed' AND e.day <= c.due_date) "
                f"{decided} GROUP BY 1, 2, 3, 4")  # fmt: skip
        conn.execute(text(
            f"INSERT INTO {SCHEMA}.stat_handling ({KEY}, working_days, cases) "
            f"SELECT responsible_department, service_type, {OFFICE}, e.day, "
            f"greatest(0, e.n - s.n - c.paused_days), count(*) {decided} GROUP BY 1, 2, 3, 4, 5"
        ))  # fmt: skip
        _upsert(conn, "withdrawals", f"SELECT responsible_department, service_type, {OFFICE}, "
                f"{DAY % 'updated_at'}, count(*) FROM {SCHEMA}.cases WHERE status = 'withdrawn' "
                "GROUP BY 1, 2, 3, 4")  # fmt: skip
        # bench_cases never ran a relay: its outbox rows stay out of this run's broker
        conn.execute(text(
            f"UPDATE {SCHEMA}.outbox SET published_at = now() WHERE published_at IS NULL"
        ))  # fmt: skip
        counts = conn.execute(text(
            f"SELECT count(*), sum(received) FROM {SCHEMA}.stat_days"
        )).one()  # fmt: skip
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(
            # the cases too: earlier runs' submissions leave pages the live backlog's
            # index-only scan would otherwise visit in the heap
            text(f"VACUUM (ANALYZE) {SCHEMA}.stat_days, {SCHEMA}.stat_handling, {SCHEMA}.cases")
        )
    took = round(time.perf_counter() - started, 1)
    log(f"statistics rebuilt: {counts[0]:,} day buckets, {counts[1]:,} received ({took} s)")
    return {"day_buckets": counts[0], "received": int(counts[1]), "rebuild_s": took}


def _months(count: int) -> list[tuple[str, str]]:
    out, first = [], date.today().replace(day=1)
    for _ in range(count):
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        out.append((first.isoformat(), last.isoformat()))
        first = (first - timedelta(days=1)).replace(day=1)
    return out


def _timed(call, samples: int, warmup: int = 30) -> dict:
    times = []
    for i in range(samples + warmup):
        started = time.perf_counter()
        call(i)
        if i >= warmup:
            times.append(time.perf_counter() - started)
    return stats(times)


def measure_reads(stub, realm: BenchRealm, catalogue: Catalogue, samples: int) -> dict:
    """A department's month by day; a department's live backlog; the city's backlog."""
    rnd = random.Random(5)
    depts = sorted(catalogue.departments)
    months = _months(24)
    tokens = {d: bc._bearer(realm.tokens.token(roles=["supervisor"], department=d,
                                               office="hall-central", ttl_s=3600))
              for d in depts}  # fmt: skip
    city = bc._bearer(realm.tokens.token(roles=["city_supervisor"], ttl_s=3600))
    rows: list[int] = []

    def month_by_day(_: int) -> None:
        dept, (first, last) = rnd.choice(depts), rnd.choice(months)
        req = pb.GetStatisticsRequest(date_from=first, date_to=last, group_by="day",
                                      department=dept)  # fmt: skip
        rows.append(len(stub.GetStatistics(req, metadata=tokens[dept]).rows))

    def backlog(_: int) -> None:
        dept = rnd.choice(depts)
        stub.GetLiveBacklog(pb.GetLiveBacklogRequest(department=dept), metadata=tokens[dept])

    def city_backlog(_: int) -> None:
        stub.GetLiveBacklog(pb.GetLiveBacklogRequest(), metadata=city)

    statistics = {**_timed(month_by_day, samples), "avg_rows": round(sum(rows) / len(rows), 1)}
    return {
        "statistics_department_month": statistics,
        "live_backlog_department": _timed(backlog, samples),
        "live_backlog_city": _timed(city_backlog, max(50, samples // 4)),
    }


class PrivateKafka:
    """A broker of this benchmark's own (infra/kafka.sh with its own var folder and ports)."""

    def __init__(self) -> None:
        self.bootstrap = f"127.0.0.1:{free_port()}"
        self.env = {**os.environ, "ONEWINDOW_VAR": str(KAFKA_VAR),
                    "ONEWINDOW_KAFKA_BOOTSTRAP": self.bootstrap,
                    "ONEWINDOW_KAFKA_CONTROLLER_PORT": str(free_port())}  # fmt: skip

    def _run(self, action: str) -> None:
        subprocess.run(["bash", str(ROOT / "infra" / "kafka.sh"), action], env=self.env,
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip

    def __enter__(self) -> PrivateKafka:
        if KAFKA_VAR.exists():  # a fresh broker each run: no old offsets, no old events
            subprocess.run(["rm", "-rf", str(KAFKA_VAR / "kafka")], check=True)
        self._run("up")
        return self

    def __exit__(self, *exc: object) -> None:
        self._run("down")


def start_process(command: str, env: dict[str, str]) -> subprocess.Popen:
    """One `python -m onewindow_cases <command>` process, logging under var/log. The statistics
    consumer runs from ONEWINDOW_BENCH_CONSUMER_PYTHONPATH when set (another checkout's
    services/cases/src: its consumer against this one, in the same run)."""
    out = open(ROOT / "var" / "log" / f"bench-statistics-{command}.log", "ab")  # noqa: SIM115
    argv = [sys.executable, "-m", "onewindow_cases", command]
    env = {**os.environ, **env}
    other = env.get("ONEWINDOW_BENCH_CONSUMER_PYTHONPATH", "")
    if command == "statistics" and other:
        env["PYTHONPATH"] = other
    return subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)


def stop_process(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


CONSUMER = "cases-statistics"  # the statistics process's consumer group and dedupe name


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _counts(engine) -> tuple[int, int]:
    """(outbox rows ever written, events the statistics consumer has applied)."""
    with engine.connect() as conn:
        outbox = conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {SCHEMA}.outbox"))
        done = conn.execute(
            text(f"SELECT count(*) FROM {SCHEMA}.processed_events WHERE consumer = :c"),
            {"c": CONSUMER},
        )
        return int(outbox.scalar_one()), int(done.scalar_one())


def _caught_up(engine, base: tuple[int, int], timeout_s: float = 180.0) -> int:
    """Wait until the consumer has applied every event written since ``base`` (the run's
    outbox rows all go to the one topic it reads); its applied count."""
    deadline = time.monotonic() + timeout_s
    while True:
        outbox, done = _counts(engine)
        if done - base[1] >= outbox - base[0]:
            return done
        if time.monotonic() > deadline:
            raise RuntimeError(f"the statistics consumer is {outbox - base[0] - done + base[1]} "
                               f"events behind after {timeout_s} s")  # fmt: skip
        time.sleep(0.5)


def _with_consumer(args, addr, realm, env, engine, base) -> tuple[dict, dict]:
    """One round with the consumer: started, caught up with the earlier rounds' events, then
    the submissions; its CPU from there until it has applied them all."""
    started = _counts(engine)[1]
    consumer = start_process("statistics", env)
    try:
        catch_up = _catch_up(engine, base, consumer.pid, started)
        before = _caught_up(engine, base)
        cpu = _cpu_s(consumer.pid)
        run = bc.measure_submit(addr, realm, 1, args.client_threads, args.submit_seconds)
        after = _caught_up(engine, base)
        used = _cpu_s(consumer.pid) - cpu
    finally:
        stop_process(consumer)
    events = after - before
    return run, {
        "events": events,
        "cpu_s": round(used, 2),
        "cpu_ms_per_event": round(1000 * used / events, 3) if events else None,
        **catch_up,
    }


def _catch_up(engine, base: tuple[int, int], pid: int, started: int) -> dict:
    """The backlog a fresh consumer finds (the previous round's events), applied at full speed
    in full polls: CPU per event from its first applied event (start-up excluded) to caught up."""
    deadline = time.monotonic() + 120
    while (first := _counts(engine)[1]) == started and time.monotonic() < deadline:
        time.sleep(0.05)
    cpu = _cpu_s(pid)
    done = _caught_up(engine, base)
    events = done - first
    if events < 200:  # too few to say anything
        return {"catch_up_events": events}
    used = _cpu_s(pid) - cpu
    return {"catch_up_events": events, "catch_up_cpu_ms_per_event": round(1000 * used / events, 3)}


def measure_submit_modes(args, addr, realm, env, engine) -> dict:
    """Rounds alternating without / with the statistics consumer (the relay runs in both),
    ``--submit-runs`` of each; the figures are the medians of each mode's rounds."""
    base = _counts(engine)
    rounds: list[dict] = []
    for i in range(args.submit_runs):
        for mode in ("without_read_model", "with_read_model"):
            if mode == "without_read_model":
                run, consumer = (
                    bc.measure_submit(addr, realm, 1, args.client_threads, args.submit_seconds),
                    {},
                )
            else:
                run, consumer = _with_consumer(args, addr, realm, env, engine, base)
            load = round(os.getloadavg()[0], 2)  # the box's 1-minute load after the round
            rounds.append({"round": i + 1, "mode": mode, **run, "consumer": consumer,
                           "load_average_1m": load})  # fmt: skip
            log(
                f"round {i + 1} {mode}: {run['per_s']}/s p99 {run['p99_ms']} ms load {load} "
                f"{consumer}"
            )
    per_s = {m: [r["per_s"] for r in rounds if r["mode"] == m]
             for m in ("without_read_model", "with_read_model")}  # fmt: skip
    cpu = [r["consumer"]["cpu_ms_per_event"] for r in rounds if r["consumer"].get("events")]
    catch_up = [r["consumer"]["catch_up_cpu_ms_per_event"] for r in rounds
                if "catch_up_cpu_ms_per_event" in r["consumer"]]  # fmt: skip
    return {
        **{m: {"per_s": round(statistics.median(v), 1), "runs_per_s": v} for m, v in per_s.items()},
        "consumer_cpu_ms_per_event": round(statistics.median(cpu), 3) if cpu else None,
        "consumer_cpu_ms_per_event_runs": cpu,
        "consumer_catch_up_cpu_ms_per_event": round(statistics.median(catch_up), 3)
        if catch_up
        else None,
        "consumer_catch_up_cpu_ms_per_event_runs": catch_up,
        "rounds": rounds,
        "consumer_pythonpath": os.environ.get("ONEWINDOW_BENCH_CONSUMER_PYTHONPATH", ""),
        "figure": "median of each mode's rounds; rounds alternate without / with; consumer "
        "CPU (utime + stime of its process, /proc) from caught-up before the submissions to "
        "caught-up after them, per event it applied",
    }


def parse_args(argv):
    p = argparse.ArgumentParser(prog="services/cases/bench/bench_statistics.py")
    p.add_argument("--cases", type=int, default=1_000_000)
    p.add_argument("--database", default="ow_cases_bench")
    p.add_argument("--samples", type=int, default=500, help="latency samples per read")
    p.add_argument("--servers", type=int, default=2)
    p.add_argument("--client-threads", type=int, default=32)
    p.add_argument("--submit-seconds", type=float, default=15.0)
    p.add_argument("--submit-runs", type=int, default=3, help="rounds per mode, alternating")
    p.add_argument("--skip-reads", action="store_true",
                   help="submit rounds only; the read figures in cases.json are kept")  # fmt: skip
    return p.parse_args(argv)


def run(args, common, engine, catalogue: Catalogue) -> dict:
    """Servers, relay and (in turns) the consumer over the bench database; measure; stop."""
    realm = BenchRealm(common.token_audience)
    docs, docs_addr = start_documents()
    addr = f"127.0.0.1:{free_port()}"
    with PrivateKafka() as kafka:
        env = {
            "ONEWINDOW_CASES_GRPC_ADDR": addr, "ONEWINDOW_CASES_DB_NAME": args.database,
            "ONEWINDOW_KEYCLOAK_URL": realm.url, "ONEWINDOW_DOCUMENTS_GRPC_ADDR": docs_addr,
            "ONEWINDOW_CASES_METRICS_PORT": "0", "ONEWINDOW_CASES_SEED_CATALOGUE": "",
            "ONEWINDOW_KAFKA_BOOTSTRAP": kafka.bootstrap, "ONEWINDOW_CASES_TIMEZONE": TZ,
        }  # fmt: skip
        servers = start_servers(args.servers, addr, env, ROOT / "var" / "log")
        relay = start_process("relay", env)
        try:
            stub = cases_pb2_grpc.CasesStub(grpc.insecure_channel(addr))
            reads = {} if args.skip_reads else measure_reads(stub, realm, catalogue, args.samples)
            log(f"reads: {json.dumps(reads)}")
            submit = measure_submit_modes(args, addr, realm, env, engine)
        finally:
            stop_process(relay)
            stop_servers(servers)
            docs.stop(None)
            realm.close()
    return {**reads, "submit": submit}


def main(argv=None) -> int:
    """Seed, measure, merge the figures into var/bench/cases.json."""
    args = parse_args(argv)
    common, engine, catalogue = bc.prepare(args.database, args.cases)
    cases_in_db = bc._count(engine)
    seeded = seed_statistics(engine, catalogue)
    details = run(args, common, engine, catalogue)
    submit = details["submit"]
    figures = (
        {}
        if args.skip_reads
        else {
            "statistics_p99_ms": details["statistics_department_month"]["p99_ms"],
            "live_backlog_p99_ms": details["live_backlog_department"]["p99_ms"],
        }
    )
    figures |= {
        "grpc_submit_per_s_without_read_model": submit["without_read_model"]["per_s"],
        "grpc_submit_per_s_with_read_model": submit["with_read_model"]["per_s"],
        "grpc_submit_per_s_without_read_model_runs": submit["without_read_model"]["runs_per_s"],
        "grpc_submit_per_s_with_read_model_runs": submit["with_read_model"]["runs_per_s"],
        "statistics_consumer_cpu_ms_per_event": submit["consumer_cpu_ms_per_event"],
        "statistics_consumer_catch_up_cpu_ms_per_event": submit[
            "consumer_catch_up_cpu_ms_per_event"
        ],
    }
    log(json.dumps(figures))
    out = json.loads(bc.OUT.read_text(encoding="utf-8")) if bc.OUT.exists() else {}
    out.update(figures)
    previous = out.setdefault("details", {}).get("statistics", {})
    reads = ("statistics_department_month", "live_backlog_department", "live_backlog_city")
    kept = {k: previous[k] for k in reads if k in previous} if args.skip_reads else {}
    out["details"]["statistics"] = {
        **kept, **details, "cases_in_db": cases_in_db, "seeded": seeded, "servers": args.servers,
        "measured_through": "gRPC against `python -m onewindow_cases serve` processes; relay "
                            "and statistics consumer as real processes on a private broker",
    }  # fmt: skip
    bc.OUT.parent.mkdir(parents=True, exist_ok=True)
    bc.OUT.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {bc.OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
