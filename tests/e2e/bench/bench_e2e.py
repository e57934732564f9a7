"""`make bench-e2e`: the whole stack as `make up` runs it (every consumer, relay and dispatcher,
Mailpit receiving the emails), load through the gateway -> var/bench/e2e.json.

1. Saturation: wrk drives authenticated POST /v1/cases (the gateway benchmark's own workload:
   its citizens, registered through the gateway with a real upload, and its submit.lua) ->
   e2e_submit_per_s, e2e_submit_p99_ms; for the cases filed in that window, the time from the
   case's commit to the citizen's inbox notice -> event_to_inbox_p99_ms.
2. Steady: once the consumers have applied what the saturation wrote (Kafka lag 0) and the
   dispatcher has sent its emails (no delivery due), a constant 50 submissions/s (open loop:
   each request leaves at its scheduled time, so a slow answer cannot hide the queue behind
   it), after a warm-up at the same rate that is not counted (as wrk2's calibration period;
   the JSON gives its p99 too) -> steady_50_per_s_p99_ms, with the CPU one submission costs
   each process at that rate.
   wrk has no rate option; vegeta (infra/vegeta.sh builds it once into var/cache) sends at the
   rate from a Go process, so the load tool's own CPU and event loop add little to the latency.
3. Reconciliation after both: every case the run filed (cases' database) against the
   case_submitted events on Kafka (distinct event ids) and the citizens' receipt notices
   (notifications' database) -> lost and duplicated, both expected 0.

Benchmarks live outside src/ and never shape production code; figures on a shared 2-core box
are noisy."""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import resource
import shlex
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import grpc
import httpx
import psycopg
from kafka import KafkaConsumer, TopicPartition

from onewindow.cases.v1 import events_pb2
from onewindow.events.v1 import envelope_pb2
from onewindow_kit.db import conninfo
from onewindow_kit.settings import load_common

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "gateway" / "bench"))
import bench_gateway as gw  # noqa: E402  (the gateway benchmark's workload, reused as is)
import stack_probe as probe  # noqa: E402

SECONDS = int(os.environ.get("ONEWINDOW_BENCH_E2E_SECONDS", "15"))
STEADY_RATE = int(os.environ.get("ONEWINDOW_BENCH_E2E_STEADY_RATE", "50"))
STEADY_SECONDS = int(os.environ.get("ONEWINDOW_BENCH_E2E_STEADY_SECONDS", "20"))
# As wrk2's calibration period: the first seconds at the rate run but are not counted (the
# client's connections open, fresh tokens are verified once); the JSON also gives all of them.
STEADY_WARMUP_S = int(os.environ.get("ONEWINDOW_BENCH_E2E_STEADY_WARMUP_S", "5"))
SETTLE_S = float(os.environ.get("ONEWINDOW_BENCH_E2E_SETTLE_S", "120"))
TOPIC = "onewindow.cases.v1"
SUBMITTED = "onewindow.cases.case_submitted.v1"


def log(message: str) -> None:
    print(f"[bench-e2e] {message}", flush=True)


def require_stack() -> None:
    """Stop before measuring when a service the path needs is not listening."""
    for service in ("identity", "cases", "documents", "notifications"):
        addr = load_common(service).grpc_addr
        channel = grpc.insecure_channel(addr)
        try:
            grpc.channel_ready_future(channel).result(timeout=5)
        except grpc.FutureTimeoutError:
            raise SystemExit(
                f"{service} is not serving at {addr}: start it (make up) first"
            ) from None
        finally:
            channel.close()


def person_of(token: str) -> str:
    """The person id claim of an access token (read, not verified: the token is our own)."""
    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return str(claims["person_id"])


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def db(service: str) -> psycopg.Connection:
    return psycopg.connect(conninfo(load_common(service).database_url))


class Tap:
    """The cases topic from the offsets it had before the run."""

    def __init__(self) -> None:
        self.consumer = KafkaConsumer(
            bootstrap_servers=load_common("cases").kafka_bootstrap,
            enable_auto_commit=False,
            group_id=None,
        )
        parts = [TopicPartition(TOPIC, p) for p in self.consumer.partitions_for_topic(TOPIC)]
        self.consumer.assign(parts)
        self.consumer.seek_to_end(*parts)
        self.start = {tp: self.consumer.position(tp) for tp in parts}

    def submitted(self) -> dict[str, list[str]]:
        """Event ids of case_submitted per case id, read up to the topic's current end."""
        end = self.consumer.end_offsets(list(self.start))
        seen: dict[str, list[str]] = {}
        while any(self.consumer.position(tp) < end[tp] for tp in end):
            for records in self.consumer.poll(timeout_ms=1000, max_records=5000).values():
                for record in records:
                    env = envelope_pb2.EventEnvelope()
                    env.ParseFromString(record.value)
                    if env.type != SUBMITTED:
                        continue
                    payload = events_pb2.CaseSubmitted()
                    env.payload.Unpack(payload)
                    seen.setdefault(payload.case_id, []).append(env.id)
        return seen


VEGETA = ROOT / "infra" / "vegeta.sh"


def vegeta_targets(citizens: list[tuple[str, str]], count: int, path: Path) -> None:
    """``count`` authenticated POST /v1/cases, one per line in vegeta's JSON target format,
    rotating the citizens, each with a fresh Idempotency-Key (vegeta sends them in order)."""
    with path.open("w") as out:
        for i in range(count):
            token, doc = citizens[i % len(citizens)]
            body = {"service_type": "signboard-permit", "form": gw.FORM, "document_ids": [doc]}
            out.write(json.dumps({
                "method": "POST",
                "url": f"http://{gw.GATEWAY}/v1/cases",
                "body": base64.b64encode(json.dumps(body).encode()).decode(),
                "header": {
                    "Authorization": [f"Bearer {token}"],
                    "Content-Type": ["application/json"],
                    "Idempotency-Key": [str(uuid.uuid4())],
                },
            }) + "\n")  # fmt: skip


def steady(citizens: list[tuple[str, str]], rate: int, seconds: int, warmup_s: int) -> dict:
    """Constant-rate POST /v1/cases with vegeta (open loop: a request leaves at its scheduled
    time whether or not earlier ones answered; at most wrk's connection count open, so a request
    waiting for a free connection counts that wait); the first ``warmup_s`` seconds are sent at
    the same rate and reported apart. Returns the figures and vegeta's command line."""
    binary = subprocess.run(
        ["bash", str(VEGETA), "install"], capture_output=True, text=True, check=True
    ).stdout.strip()
    total = rate * (warmup_s + seconds)
    with tempfile.TemporaryDirectory() as tmp:  # the targets hold live tokens
        targets = Path(tmp) / "targets.json"
        vegeta_targets(citizens, total, targets)
        command = [
            binary, "attack", "-format=json", f"-targets={targets}", f"-rate={rate}/1s",
            f"-duration={warmup_s + seconds}s", f"-max-connections={gw.CONNECTIONS}",
            f"-workers={gw.CONNECTIONS}", "-timeout=30s",
        ]  # fmt: skip
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        results = subprocess.run(command, capture_output=True, check=True).stdout
        done = resource.getrusage(resource.RUSAGE_CHILDREN)
        tool_s = done.ru_utime + done.ru_stime - children.ru_utime - children.ru_stime
        shown = shlex.join(command).replace(str(targets), "<targets.json>")
    rows = subprocess.run(
        [binary, "encode", "--to", "csv"], input=results, capture_output=True, check=True
    ).stdout.decode()
    # csv columns: timestamp (ns), status code, latency (ns), bytes out, bytes in, error, …
    answers: list[tuple[int, str, float]] = [
        (int(r[0]), r[1] if r[1] != "0" else (r[5] or "no answer"), int(r[2]) / 1e6)
        for r in csv.reader(io.StringIO(rows))
    ]
    first = min(at for at, _, _ in answers) if answers else 0
    span = (max(at for at, _, _ in answers) - first) / 1e9 if answers else 0.0
    counted = [ms for at, _, ms in answers if at - first >= warmup_s * 1e9]
    warmup = [ms for at, _, ms in answers if at - first < warmup_s * 1e9]
    return {
        "p99_ms": percentile(counted, 0.99),
        "p50_ms": percentile(counted, 0.50),
        "p90_ms": percentile(counted, 0.90),
        "max_ms": percentile(counted, 1.0),
        "counted": len(counted),
        "warmup_s": warmup_s,
        "warmup_p99_ms": percentile(warmup, 0.99),
        "p99_ms_warmup_included": percentile(counted + warmup, 0.99),
        "sent": len(answers),
        "achieved_per_s": round((len(answers) - 1) / span, 1) if span else None,
        "answers": dict(sorted(Counter(code for _, code, _ in answers).items())),
        "command": shown,
        "load_tool_cpu_ms_per_request": round(tool_s * 1000 / max(1, len(answers)), 2),
    }


def run_cases(applicants: list[str], since: datetime) -> dict[str, datetime]:
    """The cases the run's citizens filed since ``since``, by id, with their commit time."""
    with db("cases") as conn:
        rows = conn.execute(
            "SELECT id::text, created_at FROM cases.cases "
            "WHERE applicant_id = ANY(%s) AND created_at >= %s",
            (applicants, since),
        ).fetchall()
    return dict(rows)


def receipts(case_ids: list[str]) -> dict[str, list[datetime]]:
    """The applicant's receipt notices (case_submitted) per case."""
    with db("notifications") as conn:
        rows = conn.execute(
            "SELECT case_id, created_at FROM notifications.notices "
            "WHERE case_id = ANY(%s) AND event_type = %s AND category = 'case_receipt'",
            (case_ids, SUBMITTED),
        ).fetchall()
    out: dict[str, list[datetime]] = {}
    for case_id, at in rows:
        out.setdefault(case_id, []).append(at)
    return out


def settle(cases: dict[str, datetime]) -> dict[str, list[datetime]]:
    """Wait (bounded) until every case has its receipt notice; what arrived by then."""
    deadline = time.monotonic() + SETTLE_S
    while True:
        got = receipts(list(cases))
        if len(got) >= len(cases) or time.monotonic() > deadline:
            return got
        time.sleep(1)


def reconcile(cases: dict[str, datetime], events: dict[str, list[str]], notices: dict) -> dict:
    no_event = [c for c in cases if c not in events]
    no_notice = [c for c in cases if c not in notices]
    twice_events = [c for c in cases if len(set(events.get(c, []))) > 1]
    twice_notices = [c for c in cases if len(notices.get(c, [])) > 1]
    return {
        "cases": len(cases),
        "case_submitted_events": sum(len(set(events.get(c, []))) for c in cases),
        "receipt_notices": sum(len(notices.get(c, [])) for c in cases),
        "kafka_redeliveries_same_event_id": sum(
            len(events.get(c, [])) - len(set(events.get(c, []))) for c in cases
        ),
        "cases_without_event": len(no_event),
        "cases_without_notice": len(no_notice),
        "cases_with_two_events": len(twice_events),
        "cases_with_two_notices": len(twice_notices),
        "lost": len(set(no_event) | set(no_notice)),
        "duplicated": len(set(twice_events) | set(twice_notices)),
    }


def main() -> int:
    """Run the end-to-end benchmark once and write its figures."""
    out = ROOT / "var" / "bench" / "e2e.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    require_stack()
    speed_before = probe.box_speed()
    log(f"box speed: {speed_before}")
    with httpx.Client(base_url=f"http://{gw.GATEWAY}", timeout=30) as http:
        log(f"registering {gw.CITIZENS} citizens through the gateway, each with an upload")
        names, docs = gw.prepare(http)
    waited, due_at_start = probe.dispatched()
    log(f"deliveries of earlier loads still due: {due_at_start} (after {waited} s)")
    citizens = gw.logins(names, docs)
    applicants = sorted({person_of(t) for t, _ in citizens})
    data = out.parent / "e2e-citizens.tsv"
    data.write_text("".join(f"{t}\t{d}\n" for t, d in citizens))
    tap = Tap()
    t0 = datetime.now(UTC)
    log(f"saturation: POST /v1/cases for {SECONDS} s, {gw.CONNECTIONS} connections (wrk)")
    try:
        load, command = gw.wrk("submit.lua", data, SECONDS)
    finally:
        data.unlink()  # the file holds live tokens
    t1 = datetime.now(UTC)
    # steady state: the consumers first apply what the saturation run wrote and the dispatcher
    # sends its emails (paced by the SMTP limit), else this measures that backlog, not 50/s
    waited, drained = probe.caught_up()
    log(f"consumers caught up: {drained} (after {waited} s)")
    emailing, still_due = probe.dispatched(SETTLE_S)
    log(f"deliveries still due: {still_due} (after {emailing} s)")
    log(f"steady: {STEADY_RATE} submissions/s for {STEADY_WARMUP_S} s (warm-up) + "
        f"{STEADY_SECONDS} s (open loop)")  # fmt: skip
    citizens = gw.logins(names, docs)
    pids = probe.processes(detail=True)
    idle = probe.idle_rates(pids)
    box: dict = {}

    def run() -> int:
        box.update(steady(citizens, STEADY_RATE, STEADY_SECONDS, STEADY_WARMUP_S))
        return int(box["sent"])

    # what one submission costs each process at this rate (idle subtracted, until the
    # consumers caught up): at a low rate little is batched, unlike under saturation
    _, steady_cpu, _ = probe.per_request_ms(pids, run, idle)
    fixed = {**box, "cpu_ms_per_submission_by_process": steady_cpu}
    log(f"  steady: p50 {fixed['p50_ms']} ms, p99 {fixed['p99_ms']} ms, answers "
        f"{fixed['answers']}, CPU {sum(steady_cpu.values()):.2f} ms per submission")  # fmt: skip
    fixed.update(
        consumers_caught_up_before=drained,
        waited_for_consumers_s=waited,
        deliveries_due_before=still_due,
        waited_for_dispatcher_s=emailing,
    )
    cases = run_cases(applicants, t0)
    log(f"{len(cases)} cases filed; waiting for every receipt notice (at most {SETTLE_S:.0f} s)")
    notices = settle(cases)
    events = tap.submitted()
    loaded = {c: at for c, at in cases.items() if at < t1}
    span = (max(loaded.values()) - min(loaded.values())).total_seconds() if loaded else 0.0
    to_inbox = [
        (min(notices[c]) - at).total_seconds() * 1000 for c, at in loaded.items() if c in notices
    ]
    figures = {
        # accepted submissions: cases committed while wrk ran, over wrk's duration
        "e2e_submit_per_s": round(len(loaded) / SECONDS, 1),
        "e2e_cases_committed_under_load": len(loaded),
        "deliveries_due_at_start": due_at_start,  # an earlier load's e-mails (waited for first)
        "e2e_first_to_last_commit_s": round(span, 2),
        "e2e_submit_p99_ms": load["p99_ms"],  # wrk's, over every answer it got
        "wrk_requests_per_s": round(load["per_s"], 1),
        "event_to_inbox_p99_ms": percentile(to_inbox, 0.99),
        "event_to_inbox_p50_ms": percentile(to_inbox, 0.50),
        "event_to_inbox_measured_as": "notice created_at - case created_at (both committed "
        "rows), for the cases filed during the saturation window",
        "steady_50_per_s_p99_ms": fixed["p99_ms"],
        "steady_50_per_s_p50_ms": fixed["p50_ms"],
        "steady": fixed,
        "steady_client": "vegeta attack (open loop at a constant rate, at most wrk's connection "
        "count open; latency from the moment vegeta sends, a wait for a free connection "
        "included)",
        "e2e_submit_non_2xx": load["non_2xx"],
        "submit_cpu_seconds_by_process": load["cpu_s"],
        "reconciliation": reconcile(cases, events, notices),
        "wrk_submit_command": command.replace(str(data), "<citizens.tsv>"),
        "citizens": gw.CITIZENS,
        "connections": gw.CONNECTIONS,
        "seconds": SECONDS,
        "cores": os.cpu_count(),
        "load_average_1m_after": round(os.getloadavg()[0], 2),
        "box_speed": {"before": speed_before, "after": probe.box_speed()},
        "box_speed_means": probe.BOX_SPEED_MEANS,
        "measured": "the whole stack as make up runs it (every consumer, dispatcher, Mailpit); "
        "real HTTP through the gateway, real PostgreSQL, Kafka, Keycloak tokens",
    }
    figures["lost"] = figures["reconciliation"]["lost"]
    figures["duplicated"] = figures["reconciliation"]["duplicated"]
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
