"""`make bench-e2e`: the whole stack as `make up` runs it (every consumer, relay and dispatcher,
Mailpit receiving the emails), load through the gateway -> var/bench/e2e.json.

1. Saturation: wrk drives authenticated POST /v1/cases (the gateway benchmark's own workload:
   its citizens, registered through the gateway with a real upload, and its submit.lua) ->
   e2e_submit_per_s, e2e_submit_p99_ms; for the cases filed in that window, the time from the
   case's commit to the citizen's inbox notice -> event_to_inbox_p99_ms.
2. Steady: once the consumers have applied what the saturation wrote (Kafka lag 0) and the
   dispatcher has sent its emails (no delivery due), a constant 50 submissions/s (open loop,
   wrk2-style: each request has a scheduled send time and its latency counts from then, so a
   slow answer cannot hide the queue behind it), after a warm-up at the same rate that is not
   counted (as wrk2's calibration period; the JSON gives its p99 too) -> steady_50_per_s_p99_ms.
   wrk has no rate option; this client is asyncio + httpx (no new tool to build: vegeta/k6
   would be a Go build cached in var/), and 50/s costs it little.
3. Reconciliation after both: every case the run filed (cases' database) against the
   case_submitted events on Kafka (distinct event ids) and the citizens' receipt notices
   (notifications' database) -> lost and duplicated, both expected 0.

Benchmarks live outside src/ and never shape production code; figures on a shared 2-core box
are noisy."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import grpc
import httpx
import psycopg
from kafka import KafkaConsumer, TopicPartition
from keycloak import KeycloakOpenID

from onewindow.cases.v1 import events_pb2
from onewindow.events.v1 import envelope_pb2
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


def prepare(http: httpx.Client) -> tuple[list[str], list[str]]:
    """The gateway benchmark's citizens (registered through the gateway, each with a real
    upload), keeping their usernames so tokens can be renewed before each phase."""
    names = [gw._register(http, n) for n in range(gw.CITIZENS)]
    citizens = logins(names)
    return names, [gw.upload_sign(http, token) for token, _ in citizens]


def logins(names: list[str], docs: list[str] | None = None) -> list[tuple[str, str]]:
    """Fresh access tokens (they live 5 minutes) paired with each citizen's document."""
    web = KeycloakOpenID(
        server_url=load_common("cases").keycloak_url, realm_name="onewindow",
        client_id="onewindow-web",
    )  # fmt: skip
    tokens = [web.token(name, gw.PASSWORD)["access_token"] for name in names]
    return list(zip(tokens, docs or [""] * len(names), strict=True))


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
    return psycopg.connect(load_common(service).database_url.replace("+psycopg", ""))


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


async def steady(citizens: list[tuple[str, str]], rate: int, seconds: int, warmup_s: int) -> dict:
    """Open-loop constant-rate POST /v1/cases; latency from each request's scheduled time; the
    first ``warmup_s`` seconds are sent at the same rate and reported apart."""
    latencies: list[float] = []
    warmup: list[float] = []
    statuses: Counter[str] = Counter()
    first = rate * warmup_s
    total = first + rate * seconds
    # As wrk2: a fixed set of connections (wrk's own count); a request whose time has come
    # waits for a free one, and that wait counts in its latency.
    limits = httpx.Limits(max_connections=gw.CONNECTIONS, max_keepalive_connections=gw.CONNECTIONS)
    timeout = httpx.Timeout(30, pool=None)
    async with httpx.AsyncClient(
        base_url=f"http://{gw.GATEWAY}", timeout=timeout, limits=limits
    ) as http:

        async def one(i: int, at: float) -> None:
            await asyncio.sleep(max(0.0, at - time.perf_counter()))
            token, doc = citizens[i % len(citizens)]
            body = {"service_type": "signboard-permit", "form": gw.FORM, "document_ids": [doc]}
            headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())}
            try:
                reply = await http.post("/v1/cases", json=body, headers=headers)
                statuses[str(reply.status_code)] += 1
            except httpx.HTTPError as exc:
                statuses[type(exc).__name__] += 1
            (warmup if i < first else latencies).append((time.perf_counter() - at) * 1000)

        start = time.perf_counter() + 0.2
        await asyncio.gather(*(one(i, start + i / rate) for i in range(total)))
        elapsed = time.perf_counter() - start
    return {
        "p99_ms": percentile(latencies, 0.99),
        "p50_ms": percentile(latencies, 0.50),
        "counted": len(latencies),
        "warmup_s": warmup_s,
        "warmup_p99_ms": percentile(warmup, 0.99),
        "p99_ms_warmup_included": percentile(latencies + warmup, 0.99),
        "sent": total,
        "achieved_per_s": round(total / elapsed, 1),
        "answers": dict(sorted(statuses.items())),
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


def deliveries_due() -> int:
    """Deliveries (emails, webhooks) the dispatcher has yet to make now."""
    with db("notifications") as conn:
        return int(
            conn.execute(
                "SELECT count(*) FROM notifications.deliveries "
                "WHERE status IN ('created', 'retrying', 'sending') AND next_attempt_at <= now()"
            ).fetchone()[0]
        )


def dispatched(limit_s: float = SETTLE_S) -> tuple[float, int]:
    """Wait (bounded) until the dispatcher has made every delivery due; the seconds waited and
    how many were still due then."""
    started = time.monotonic()
    while (due := deliveries_due()) and time.monotonic() - started < limit_s:
        time.sleep(1)
    return round(time.monotonic() - started, 1), due


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
    with httpx.Client(base_url=f"http://{gw.GATEWAY}", timeout=30) as http:
        log(f"registering {gw.CITIZENS} citizens through the gateway, each with an upload")
        names, docs = prepare(http)
    citizens = logins(names, docs)
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
    emailing, still_due = dispatched()
    log(f"deliveries still due: {still_due} (after {emailing} s)")
    log(f"steady: {STEADY_RATE} submissions/s for {STEADY_WARMUP_S} s (warm-up) + "
        f"{STEADY_SECONDS} s (open loop)")  # fmt: skip
    fixed = asyncio.run(steady(logins(names, docs), STEADY_RATE, STEADY_SECONDS, STEADY_WARMUP_S))
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
        "steady_client": "asyncio + httpx open loop on wrk's connection count (latency from "
        "the scheduled send time, queueing included)",
        "e2e_submit_non_2xx": load["non_2xx"],
        "submit_cpu_seconds_by_process": load["cpu_s"],
        "reconciliation": reconcile(cases, events, notices),
        "wrk_submit_command": command.replace(str(data), "<citizens.tsv>"),
        "citizens": gw.CITIZENS,
        "connections": gw.CONNECTIONS,
        "seconds": SECONDS,
        "cores": os.cpu_count(),
        "load_average_1m_after": round(os.getloadavg()[0], 2),
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
