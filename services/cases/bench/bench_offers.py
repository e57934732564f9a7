"""Offer latency: from a triggering event (certificate_issued produced to Kafka) to the committed
offers, at a steady 100 events/s, through the real offers consumer (the kit's ConsumerRunner with
its dedupe, the production handler and the shipped catalogue's offer rules) on the benchmark's
own database (ow_cases_bench) and a topic of its own on the broker (deleted afterwards).
``offer_latency_p99_ms`` (and details) merged into var/bench/cases.json; about 40 s."""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from sqlalchemy import text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).parent))
from bench_harness import stats

from onewindow.documents.v1 import events_pb2 as documents_events
from onewindow_cases.adapters.clock import SystemClock
from onewindow_cases.adapters.repository import CaseRepository
from onewindow_cases.adapters.tables import SCHEMA
from onewindow_cases.bootstrap import make_outbox
from onewindow_cases.config import load_settings
from onewindow_cases.domain.case import Case
from onewindow_cases.domain.catalogue_parser import parse_catalogue_yaml
from onewindow_cases.entrypoints.offers_consumer import offers_handler
from onewindow_cases.testing import MIGRATIONS, SAMPLE_CATALOGUE, SAMPLE_FORMS
from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.db import make_engine
from onewindow_kit.migrations import upgrade
from onewindow_kit.outbox import PendingEvent, make_envelope
from onewindow_kit.relay import make_producer
from onewindow_kit.settings import load_common

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "var" / "bench" / "cases.json"


def log(message: str) -> None:
    print(f"[bench-offers] {message}", flush=True)


def birth_cases(engine, run: str, count: int) -> list[Case]:
    """One approved birth medical certificate case per bench person (the case behind each
    event: its form is what the offers pre-fill)."""
    st = parse_catalogue_yaml(SAMPLE_CATALOGUE.read_text(encoding="utf-8")).service_type(
        "birth-medical-certificate"
    )
    now = datetime.now(UTC)
    form = {**SAMPLE_FORMS["birth-medical-certificate"],
            "birth_date": (now.date() - timedelta(days=10)).isoformat()}  # fmt: skip
    cases = [
        Case(
            id=str(uuid.uuid4()),
            case_number=f"BENCH-OFFER-{run}-{i:06d}",
            catalogue_version=1,
            service_type=st.code,
            responsible_department=st.department,
            receiving_office="",
            delivery_office="",
            channel="online",
            applicant_id=f"bench-offer-{run}-{i}",
            submitted_by="bench",
            status="approved",
            form=form,
            documents=[
                {
                    "document_type": "resident_id",
                    "document_id": f"id-{run}-{i}",
                    "satisfied_by_case_id": "",
                    "state": "provided",
                }
            ],
            time_limit_days=st.time_limit_days,
            start_date=now.date(),
            created_at=now,
            updated_at=now,
            decision="approved",
            certificate_type=st.certificate_type,
        )
        for i in range(count)
    ]
    with Session(engine) as session, session.begin():
        for start in range(0, count, 1000):
            CaseRepository(session).add_many(cases[start : start + 1000])
    return cases


def envelope(case: Case) -> tuple[str, bytes]:
    issued = documents_events.CertificateIssued(
        document_id=str(uuid.uuid4()), certificate_type="birth_medical_certificate",
        applicant_id=case.applicant_id, case_id=case.id, issuer_department="health",
        service_type=case.service_type,
    )  # fmt: skip
    event = PendingEvent("certificate_issued", issued.document_id, "document", issued)
    return event.event_id, make_envelope("documents", event).SerializeToString()


class Timing:
    """Send times per event id, and the time each event's offers were committed."""

    def __init__(self) -> None:
        self.sent: dict[str, float] = {}
        self.committed: dict[str, float] = {}
        self.pending: list[str] = []
        self.batches: list[tuple[int, float]] = []  # (events, seconds in the handler)

    def seen(self, event_id: str) -> None:
        self.pending.append(event_id)

    def after_commit(self) -> None:
        at = time.monotonic()
        for event_id in self.pending:
            self.committed.setdefault(event_id, at)
        self.pending.clear()


def consumer(engine, topic: str, bootstrap: str, timing: Timing, run: str) -> ConsumerRunner:
    """The production handler (with the shipped catalogue's rules), wrapped to note each event."""
    catalogue = parse_catalogue_yaml(SAMPLE_CATALOGUE.read_text(encoding="utf-8"))
    real = offers_handler(lambda: catalogue, make_outbox(), SystemClock(load_settings().timezone))

    def handle(session, envelopes) -> None:
        started = time.monotonic()
        real(session, envelopes)
        timing.batches.append((len(envelopes), time.monotonic() - started))
        for env in envelopes:
            timing.seen(env.id)

    return ConsumerRunner(
        name=f"bench-offers-{run}", topics=[topic], engine=engine, schema=SCHEMA,
        bootstrap=bootstrap, batch_handler=handle, before_offset_commit=timing.after_commit,
    )  # fmt: skip


def drive(runner: ConsumerRunner, stop: threading.Event) -> None:
    while not stop.is_set():
        runner.poll_once(timeout_ms=100)


def produce(bootstrap: str, topic: str, cases: list[Case], rate: float, timing: Timing) -> float:
    """Send one event per case at a steady ``rate`` per second; the achieved rate."""
    producer = make_producer(bootstrap, "bench-offers")
    start = time.monotonic()
    for i, case in enumerate(cases):
        due = start + i / rate
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        event_id, raw = envelope(case)
        timing.sent[event_id] = time.monotonic()
        producer.send(topic, key=case.id.encode(), value=raw)
    producer.flush()
    producer.close()
    return len(cases) / (time.monotonic() - start)


def measure(args, common, engine, run: str) -> dict:
    topic = f"bench.offers.{run}"
    admin = KafkaAdminClient(bootstrap_servers=common.kafka_bootstrap)
    admin.create_topics([NewTopic(topic, 3, 1), NewTopic(f"{topic}.dlt", 1, 1)])
    total = int(args.rate * (args.seconds + args.warmup))
    cases = birth_cases(engine, run, total)
    timing = Timing()
    runner = consumer(engine, topic, common.kafka_bootstrap, timing, run)
    stop = threading.Event()
    worker = threading.Thread(target=drive, args=(runner, stop), daemon=True)
    try:
        joined = time.monotonic() + 60  # join the group (and see the new topic) before the clock
        while not runner.consumer.assignment() and time.monotonic() < joined:
            runner.poll_once(timeout_ms=500)
        log(f"consuming {sorted(p.partition for p in runner.consumer.assignment())} of {topic}")
        worker.start()
        achieved = produce(common.kafka_bootstrap, topic, cases, args.rate, timing)
        deadline = time.monotonic() + 30
        while len(timing.committed) < total and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        stop.set()
        worker.join(10)
        runner.consumer.close()
        admin.delete_topics([topic, f"{topic}.dlt"])
        admin.close()
    warm = int(args.rate * args.warmup)
    ids = list(timing.sent)[warm:]  # in the order sent
    latencies = [timing.committed[i] - timing.sent[i] for i in ids if i in timing.committed]
    handled = sum(n for n, _ in timing.batches)
    busy = sum(t for _, t in timing.batches)
    with engine.connect() as conn:
        offers = conn.execute(
            text(f"SELECT count(*) FROM {SCHEMA}.offers WHERE person_id LIKE :p"),
            {"p": f"bench-offer-{run}-%"},
        ).scalar_one()
    return {
        "events": total, "measured_events": len(ids), "warmup_events": warm,
        "committed_events": len(timing.committed), "offers_made": int(offers),
        "rate_per_s": args.rate, "achieved_rate_per_s": round(achieved, 1),
        "not_committed_30s_after_the_last": len(ids) - len(latencies), **stats(latencies),
        "batches": len(timing.batches),
        "mean_batch_events": round(handled / max(1, len(timing.batches)), 1),
        "handler_ms_per_event": round(1000 * busy / max(1, handled), 2),
        "load_average_1m": round(os.getloadavg()[0], 1), "cores": os.cpu_count(),
    }  # fmt: skip


def cleanup(engine, run: str) -> None:
    """The bench persons' offers, their outbox rows and cases go again (the 1M cases stay)."""
    with engine.begin() as conn:
        p = {"p": f"bench-offer-{run}-%"}
        conn.execute(
            text(f"DELETE FROM {SCHEMA}.outbox WHERE event_type LIKE 'onewindow.cases.offer_%'")
        )
        conn.execute(text(f"DELETE FROM {SCHEMA}.offers WHERE person_id LIKE :p"), p)
        history = (
            f"DELETE FROM {SCHEMA}.case_history WHERE case_id IN "
            f"(SELECT id FROM {SCHEMA}.cases WHERE applicant_id LIKE :p)"
        )
        conn.execute(text(history), p)
        conn.execute(text(f"DELETE FROM {SCHEMA}.cases WHERE applicant_id LIKE :p"), p)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="services/cases/bench/bench_offers.py")
    p.add_argument("--database", default="ow_cases_bench", help="the benchmark's own database")
    p.add_argument("--rate", type=float, default=100.0, help="triggering events per second")
    p.add_argument("--seconds", type=float, default=30.0, help="measured seconds")
    p.add_argument("--warmup", type=float, default=5.0, help="seconds not measured")
    p.add_argument("--no-write", action="store_true", help="print figures, keep cases.json")
    args = p.parse_args(argv)
    common = load_common("cases", {**os.environ, "ONEWINDOW_CASES_DB_NAME": args.database})
    upgrade(MIGRATIONS, common.database_url, SCHEMA)
    engine = make_engine(common.database_url)
    run = uuid.uuid4().hex[:8]
    try:
        figures = measure(args, common, engine, run)
    finally:
        cleanup(engine, run)
    log(json.dumps(figures))
    if args.no_write:
        return 0
    result = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
    result["offer_latency_p99_ms"] = figures["p99_ms"]
    result.setdefault("details", {})["offers"] = {
        **figures,
        "measured_through": "certificate_issued on Kafka -> the offers consumer (kit "
        "ConsumerRunner, production handler) -> offers and offer_made committed in PostgreSQL",
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    log(f"wrote offer_latency_p99_ms into {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
