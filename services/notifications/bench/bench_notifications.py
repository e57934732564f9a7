"""`make bench-notifications` → var/bench/notifications.json, on the real PostgreSQL (the
service's test database), Kafka and Mailpit:

- events_to_inbox_per_s: case events already on a topic, applied by the real ConsumerRunner
  with the notices handler (notice + inbox delivery per event, committed with the dedupe row);
- event_to_inbox_p99_ms: a steady 200 events/s for 10 s, from each event's occurred_at to the
  commit of the batch holding its notice (measured after the database commit);
- emails_per_s: email deliveries sent into Mailpit over SMTP by one dispatcher as production
  runs it (its run loop with the default batch, sending threads and lanes);
- webhooks_per_s: signed webhook deliveries sent the same way to a local receiver (a
  separate process, so it does not share the dispatcher's interpreter).

Beside each rate, the CPU it took per 1,000 (``*_cpu_s_per_1000``): ``process`` is this
process's CPU time (consumer or dispatcher: the Python side), ``db`` the CPU of the PostgreSQL
backends serving this bench's connections (read from /proc; null where it cannot be read). The
box is shared, so wall rates move with the neighbours' load; CPU per 1,000 moves much less.

Rate limits are set far above the load. Sizes: ONEWINDOW_BENCH_NOTIFICATIONS_EVENTS etc."""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from sqlalchemy import text

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.db import make_engine
from onewindow_kit.migrations import upgrade
from onewindow_kit.outbox import PendingEvent, make_envelope
from onewindow_kit.relay import make_producer
from onewindow_notifications import bootstrap, config
from onewindow_notifications.adapters.tables import SCHEMA
from onewindow_notifications.config import RateLimits
from onewindow_notifications.domain.model import Preferences
from onewindow_notifications.entrypoints import consumers
from onewindow_notifications.service_layer.dispatch import Dispatcher
from onewindow_notifications.service_layer.ports import Services

EVENTS = int(os.environ.get("ONEWINDOW_BENCH_NOTIFICATIONS_EVENTS", "4000"))
STEADY_RATE, STEADY_S = 200, 10
EMAILS = int(os.environ.get("ONEWINDOW_BENCH_NOTIFICATIONS_EMAILS", "600"))
WEBHOOKS = int(os.environ.get("ONEWINDOW_BENCH_NOTIFICATIONS_WEBHOOKS", "1500"))
OUT = Path(os.environ.get("ONEWINDOW_VAR", "var")) / "bench" / "notifications.json"
RECEIVER_PORT = int(os.environ.get("ONEWINDOW_BENCH_RECEIVER_PORT", "18099"))
APP_NAME = "onewindow-bench-notifications"  # marks this bench's PostgreSQL backends


def _backend_ticks(engine: Any) -> dict[int, int] | None:
    """CPU clock ticks used so far by each PostgreSQL backend of this bench's connections."""
    with engine.connect() as conn:
        pids = conn.execute(
            text("SELECT pid FROM pg_stat_activity WHERE application_name = :a"), {"a": APP_NAME}
        ).scalars()
        ticks = {}
        for pid in pids:
            try:
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                return None  # another box, or not allowed to look
            ticks[pid] = int(stat[11]) + int(stat[12])  # utime + stime
    return ticks


class CpuMeter:
    """CPU used from now on: this process's, and its PostgreSQL backends'."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.process = time.process_time()
        self.backends = _backend_ticks(engine)

    def per_1000(self, count: int) -> dict[str, float | None]:
        """CPU seconds per 1,000 of ``count`` things done since the meter started."""
        process = (time.process_time() - self.process) / count * 1000
        before, after = self.backends, _backend_ticks(self.engine)
        db = None
        if before is not None and after is not None:
            ticks = sum(t - before.get(pid, 0) for pid, t in after.items())
            db = round(ticks / os.sysconf("SC_CLK_TCK") / count * 1000, 3)
        return {"process": round(process, 3), "db": db}


def _submitted(applicant: str, department: str) -> PendingEvent:
    case_id = str(uuid.uuid4())
    payload = cases_events.CaseSubmitted(
        case_id=case_id, case_number=f"B-{case_id[:8]}", service_type="bench",
        responsible_department=department, applicant_id=applicant, due_date="2026-12-31",
    )  # fmt: skip
    return PendingEvent("case_submitted", case_id, "case", payload)


def _topic(bootstrap: str) -> str:
    name = f"bench.notifications.{uuid.uuid4().hex[:8]}"
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    admin.create_topics([NewTopic(name, 6, 1), NewTopic(f"{name}.dlt", 1, 1)])
    admin.close()
    return name


def _runner(svc: Services, engine: Any, topic: str, bootstrap: str, **kw: Any) -> ConsumerRunner:
    return ConsumerRunner(
        name=f"bench-{uuid.uuid4().hex[:8]}", topics=[topic], engine=engine, schema=SCHEMA,
        bootstrap=bootstrap, batch_handler=consumers.notices_batch_handler(svc), **kw,
    )  # fmt: skip


def _quiet_applicant(svc: Services) -> str:
    """An applicant who switched receipts off: the inbox only, so intake alone is measured."""
    person = f"bench-{uuid.uuid4()}"
    with svc.transaction() as tx:
        tx.save_preferences(Preferences(person, "zh-CN", {"case_receipt": ()}, datetime.now(UTC)))
    return person


def events_to_inbox(svc: Services, engine: Any, bootstrap: str) -> tuple[float, dict[str, Any]]:
    topic, person = _topic(bootstrap), _quiet_applicant(svc)
    producer = make_producer(bootstrap, "bench-notifications")
    for _ in range(EVENTS):
        env = make_envelope("cases", _submitted(person, "bench-quiet"))
        producer.send(topic, key=env.subject.encode(), value=env.SerializeToString())
    producer.flush(timeout=60)
    producer.close()
    runner = _runner(svc, engine, topic, bootstrap)
    while runner.poll_once(timeout_ms=2000) == 0:  # joined the group, first records in
        pass
    handled, started, meter = 0, time.perf_counter(), CpuMeter(engine)
    while handled < EVENTS - 500:
        handled += runner.poll_once(timeout_ms=2000)
    elapsed = time.perf_counter() - started
    cpu = meter.per_1000(handled)
    runner.close()
    return handled / elapsed, cpu


def event_to_inbox_p99(svc: Services, engine: Any, bootstrap: str) -> float:
    topic, person = _topic(bootstrap), _quiet_applicant(svc)
    batch: list[float] = []
    latencies: list[float] = []
    inner = consumers.notices_batch_handler(svc)

    def handler(session: Any, envelopes: list[Any]) -> None:
        inner(session, envelopes)
        batch.extend(e.occurred_at.ToDatetime(tzinfo=UTC).timestamp() for e in envelopes)

    def committed() -> None:  # runs after the database commit
        now = time.time()
        latencies.extend(now - t for t in batch)
        batch.clear()

    runner = ConsumerRunner(
        name=f"bench-{uuid.uuid4().hex[:8]}", topics=[topic], engine=engine, schema=SCHEMA,
        bootstrap=bootstrap, batch_handler=handler, before_offset_commit=committed,
    )  # fmt: skip
    stop = threading.Event()

    def consume() -> None:
        while not stop.is_set():
            runner.poll_once(timeout_ms=100)

    thread = threading.Thread(target=consume)
    thread.start()
    deadline = time.monotonic() + 60
    while not runner.consumer.assignment():  # joined the group: partitions assigned
        assert time.monotonic() < deadline, "the bench consumer got no partitions"
        time.sleep(0.2)
    time.sleep(1)
    producer = make_producer(bootstrap, "bench-notifications")  # linger 50 ms, like the relay
    total = STEADY_RATE * STEADY_S
    started = time.perf_counter()
    for i in range(total):
        env = make_envelope("cases", _submitted(person, "bench-quiet"))
        producer.send(topic, key=env.subject.encode(), value=env.SerializeToString())
        time.sleep(max(0.0, started + (i + 1) / STEADY_RATE - time.perf_counter()))
    producer.flush(timeout=30)
    deadline = time.monotonic() + 30
    while len(latencies) < total and time.monotonic() < deadline:
        time.sleep(0.2)
    stop.set()
    thread.join()
    runner.close()
    latencies.sort()
    return latencies[int(len(latencies) * 0.99) - 1] * 1000


def _intake(svc: Services, events: list[PendingEvent]) -> None:
    from onewindow_notifications.service_layer import intake

    with svc.transaction() as tx:
        for e in events:
            intake.handle_event(tx, make_envelope("cases", e), svc)


def _drain(
    svc: Services, settings: config.NotificationsSettings, engine: Any, where: str
) -> tuple[float, dict[str, Any]]:
    """Send the deliveries ``where`` selects with the dispatcher production runs (its run loop
    and its default batch, threads and lanes), until each is delivered or failed."""
    with engine.connect() as conn:
        ids = list(conn.execute(text(f"SELECT id FROM notifications.deliveries WHERE {where}"))
                   .scalars())  # fmt: skip
    pending = text(
        "SELECT count(*) FROM notifications.deliveries WHERE id = ANY(CAST(:ids AS text[])) "
        "AND status NOT IN ('delivered', 'failed')"
    )
    dispatcher = Dispatcher(svc, bootstrap.channels(settings), lease_s=settings.lease_s)
    stop = threading.Event()
    loop = threading.Thread(target=dispatcher.run, args=(stop, 0.05))
    started, meter = time.perf_counter(), CpuMeter(engine)
    loop.start()
    try:
        while True:
            time.sleep(0.05)
            with engine.connect() as conn:
                if conn.execute(pending, {"ids": ids}).scalar() == 0:
                    elapsed = time.perf_counter() - started
                    return len(ids) / elapsed, meter.per_1000(len(ids))
    finally:
        stop.set()
        loop.join()
        dispatcher.close()


def emails_per_s(
    svc: Services, engine: Any, settings: config.NotificationsSettings
) -> tuple[float, dict[str, Any]]:
    person = f"bench-{uuid.uuid4()}"
    with svc.transaction() as tx:
        now = datetime.now(UTC)
        address = f"{person}@bench.example"
        tx.upsert_contact(
            {"recipient_id": person, "kind": "person", "email": address, "updated_at": now}
        )
        tx.save_preferences(Preferences(person, "en", {}, datetime.now(UTC)))
    _intake(svc, [_submitted(person, "bench-mail") for _ in range(EMAILS)])
    return _drain(svc, settings, engine, f"recipient = '{person}' AND channel = 'email'")


def _receive(port: int) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", 0)))
            self.send_response(204)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            return

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


def webhooks_per_s(
    svc: Services, engine: Any, settings: config.NotificationsSettings
) -> tuple[float, dict[str, Any]]:
    from onewindow_kit.principal import Principal
    from onewindow_notifications.service_layer import subscriptions

    receiver = multiprocessing.Process(target=_receive, args=(RECEIVER_PORT,), daemon=True)
    receiver.start()
    time.sleep(0.5)
    department = f"bench-hooks-{uuid.uuid4().hex[:6]}"
    account = Principal(subject="bench", roles=frozenset({"service"}), department=department)
    sub, _ = subscriptions.create(
        svc, account, url=f"http://127.0.0.1:{RECEIVER_PORT}/hook",
        event_types=["onewindow.cases.case_submitted.v1"], service_type="", case_id="", secret="",
    )  # fmt: skip
    quiet = _quiet_applicant(svc)
    _intake(svc, [_submitted(quiet, department) for _ in range(WEBHOOKS)])
    try:
        return _drain(svc, settings, engine, f"subscription_id = '{sub.id}'")
    finally:
        receiver.terminate()


def main() -> None:
    """Run every measurement and write the figures."""
    settings = config.load(test=True)
    fast = RateLimits(smtp_per_s=100_000, sms_per_s=100_000, webhook_per_subscription_per_s=1e5)
    settings = replace(settings, limits=fast, webhook_allow_private=("127.0.0.1",))
    upgrade(bootstrap.MIGRATIONS_DIR, settings.common.database_url, SCHEMA)
    url = settings.common.database_url
    url += ("&" if "?" in url else "?") + f"application_name={APP_NAME}"
    engine = make_engine(url, pool_size=20)
    svc = bootstrap.build_services(engine, settings)
    kafka = settings.common.kafka_bootstrap
    inbox, inbox_cpu = events_to_inbox(svc, engine, kafka)
    p99 = event_to_inbox_p99(svc, engine, kafka)
    emails, emails_cpu = emails_per_s(svc, engine, settings)
    webhooks, webhooks_cpu = webhooks_per_s(svc, engine, settings)
    figures: dict[str, Any] = {
        "events_to_inbox_per_s": round(inbox, 1),
        "event_to_inbox_p99_ms": round(p99, 1),
        "emails_per_s": round(emails, 1),
        "webhooks_per_s": round(webhooks, 1),
        "events_to_inbox_cpu_s_per_1000": inbox_cpu,
        "emails_cpu_s_per_1000": emails_cpu,
        "webhooks_cpu_s_per_1000": webhooks_cpu,
    }
    figures["sizes"] = {"events": EVENTS, "steady_events": STEADY_RATE * STEADY_S,
                        "emails": EMAILS, "webhooks": WEBHOOKS}  # fmt: skip
    # The box is shared: the load says how much of it the figures had.
    figures["kafka"] = kafka
    figures["load_average_1m_after"] = round(os.getloadavg()[0], 2)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    engine.dispose()


if __name__ == "__main__":
    main()
