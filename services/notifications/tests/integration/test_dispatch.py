"""Dispatchers in parallel never send a delivery twice; a rate limit queues a burst, drops none.

Intake runs the consumers' handlers directly (the Kafka path is covered by the other tests)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import replace

import pytest
from sqlalchemy import text

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow.identity.v1 import events_pb2 as identity_events
from onewindow_kit.principal import Principal
from onewindow_notifications.config import RateLimits
from onewindow_notifications.service_layer.dispatch import Dispatcher
from onewindow_notifications.service_layer.reads import update_preferences

from .conftest import Stack, event, mailpit_messages

pytestmark = pytest.mark.integration


def _person(person_id: str, email: str) -> tuple:
    payload = identity_events.PersonRegistered(person_id=person_id, email=email)
    return ("identity", event("person_registered", person_id, "person", payload))


def _receipts(stack: Stack, person_id: str, count: int) -> list[str]:
    case_ids = [str(uuid.uuid4()) for _ in range(count)]
    stack.apply([
        ("cases", event("case_submitted", c, "case", cases_events.CaseSubmitted(
            case_id=c, case_number=f"R-{c[:8]}", service_type="birth_registration",
            responsible_department="civil", applicant_id=person_id)))
        for c in case_ids
    ])  # fmt: skip
    return case_ids


def _email_statuses(stack: Stack, person_id: str) -> list[str]:
    with stack.engine.connect() as conn:
        return list(conn.execute(text(
            "SELECT status FROM notifications.deliveries WHERE recipient = :p AND channel = 'email'"
        ), {"p": person_id}).scalars())  # fmt: skip


@pytest.fixture
def own_queue(base_stack: Stack) -> Stack:
    """The test database's queue as this test's own: deliveries earlier tests left due (e.g.
    retries to an unreachable receiver) are parked an hour ahead and the rate buckets start
    empty, so the claims below see only this test's deliveries, in this test's order."""
    with base_stack.engine.begin() as conn:
        conn.execute(text(
            "UPDATE notifications.deliveries SET next_attempt_at = now() + interval '1 hour', "
            "rate_slot = NULL WHERE status IN ('created', 'retrying') AND channel <> 'inbox'"
        ))  # fmt: skip
        conn.execute(text("DELETE FROM notifications.rate_limits"))
    return base_stack


def test_two_dispatchers_never_send_a_delivery_twice(own_queue: Stack) -> None:
    stack = own_queue
    person_id = str(uuid.uuid4())
    email = f"{person_id}@citizen.example"
    stack.apply([_person(person_id, email)], name="contacts")
    _receipts(stack, person_id, 24)
    dispatchers = [stack.dispatcher(batch=4, workers=2) for _ in range(2)]
    sent = [0, 0]
    # Both dispatchers claim in the same instants, round after round (a barrier before each
    # claim): SKIP LOCKED must give them different rows, so both take work and none twice.
    # Each round both read "done?" between two barriers, while neither dispatches, so they
    # always agree on when to stop.
    rounds = threading.Barrier(2, timeout=30)

    def work(i: int) -> None:
        for _ in range(60):
            rounds.wait()
            done = all(s == "delivered" for s in _email_statuses(stack, person_id))
            rounds.wait()
            if done:
                return
            sent[i] += dispatchers[i].run_once()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for d in dispatchers:
        d.close()
    assert _email_statuses(stack, person_id) == ["delivered"] * 24
    assert min(sent) > 0  # both dispatchers took work
    with stack.engine.connect() as conn:
        attempts = conn.execute(text(
            "SELECT attempts FROM notifications.deliveries "
            "WHERE recipient = :p AND channel = 'email'"
        ), {"p": person_id}).scalars().all()  # fmt: skip
    assert attempts == [1] * 24  # no delivery was claimed twice
    mails = mailpit_messages(email)
    assert len(mails) == 24 and len({m["MessageID"] for m in mails}) == 24


def test_a_rate_limit_queues_a_burst_and_drops_nothing(own_queue: Stack) -> None:
    stack = own_queue
    person_id = str(uuid.uuid4())
    email = f"{person_id}@citizen.example"
    stack.apply([_person(person_id, email)], name="contacts")
    _receipts(stack, person_id, 20)
    # 4 emails/s shared through PostgreSQL, a bucket of 2 s: the bucket starts idle, so its
    # 2 s' worth (9 slots: 1 s of saved credit, now, and 1 s reserved ahead) goes at once; the
    # rest are re-queued with later due times.
    limited = replace(stack.svc, limits=RateLimits(smtp_per_s=4.0, burst_s=2.0))
    from onewindow_notifications import bootstrap

    dispatcher = Dispatcher(limited, bootstrap.channels(stack.settings), batch=50)
    try:
        dispatcher.run_once()
        statuses = _email_statuses(stack, person_id)
        # the burst (9), plus at most what refilled while the claim ran; without the saved
        # credit it would be 5 (the second reserved ahead and now)
        assert 9 <= statuses.count("delivered") <= 10 and statuses.count("created") >= 10
        with stack.engine.connect() as conn:
            next_free = conn.execute(text(
                "SELECT next_free - now() FROM notifications.rate_limits WHERE key = 'smtp'"
            )).scalar_one()  # fmt: skip
        assert next_free.total_seconds() > 0.5  # the bucket is empty: the rest waits its rate
        deadline = time.monotonic() + 20
        while "created" in _email_statuses(stack, person_id):
            assert time.monotonic() < deadline
            if dispatcher.run_once() == 0:
                time.sleep(0.2)
    finally:
        dispatcher.close()
    assert _email_statuses(stack, person_id) == ["delivered"] * 20
    assert len(mailpit_messages(email)) == 20


def test_sms_goes_to_the_provider_as_json_and_a_bad_number_is_not_retried(
    base_stack: Stack,
) -> None:
    from onewindow_notifications import bootstrap

    from .conftest import Receiver

    stack = base_stack
    receiver = Receiver().start()
    good, bad = str(uuid.uuid4()), str(uuid.uuid4())
    stack.apply([
        ("identity", event("person_registered", good, "person",
            identity_events.PersonRegistered(person_id=good, phone="+8613800138000"))),
        ("identity", event("person_registered", bad, "person",
            identity_events.PersonRegistered(person_id=bad, phone="13800138000"))),
    ], name="contacts")  # fmt: skip
    stack.apply([
        ("cases", event("case_decided", c, "case", cases_events.CaseDecided(
            case_id=c, case_number=f"S-{c[:6]}", outcome="approved", applicant_id=p,
            responsible_department="civil")))
        for p in (good, bad) for c in [str(uuid.uuid4())]
    ])  # fmt: skip
    settings = replace(stack.settings, sms_url=receiver.url)
    dispatcher = Dispatcher(stack.svc, bootstrap.channels(settings))

    def sms_rows() -> dict[str, tuple[str, int, str]]:
        with stack.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT recipient, status, attempts, last_error FROM notifications.deliveries "
                    "WHERE channel = 'sms' AND recipient IN (:g, :b)"
                ),
                {"g": good, "b": bad},
            )
            return {r[0]: (r[1], r[2], r[3]) for r in rows}

    try:
        deadline = time.monotonic() + 20
        while any(s[0] not in ("delivered", "failed") for s in sms_rows().values()):
            assert time.monotonic() < deadline
            if dispatcher.run_once() == 0:
                time.sleep(0.1)
    finally:
        dispatcher.close()
        receiver.stop()
    rows = sms_rows()
    assert rows[good][:2] == ("delivered", 1)
    assert rows[bad] == ("failed", 1, "phone number is not E.164")
    sent = [json.loads(body) for _, body in receiver.calls]
    assert len(sent) == 1 and sent[0]["to"] == "+8613800138000"
    assert sent[0]["text"].startswith("【一网通办】申请S-") and sent[0]["encoding"] == "UCS-2"
    assert sent[0]["segments"] == 1


def test_receipts_go_before_bulk_staff_notices_queued_under_a_rate_limit(
    own_queue: Stack,
) -> None:
    """Each new case e-mails the applicant a receipt and every clerk of the department who asked
    for new-case e-mails a bulk notice; under the SMTP rate limit the receipts go first, though
    the bulk notices of earlier
    cases were queued before the receipts of later ones (a broker outage releases them all at
    once: the last receipt waited behind thousands of staff e-mails)."""
    stack = own_queue
    department = f"dept-{uuid.uuid4().hex[:8]}"
    person_id = str(uuid.uuid4())
    stack.apply([_person(person_id, f"{person_id}@citizen.example")], name="contacts")
    clerks = [str(uuid.uuid4()) for _ in range(6)]
    stack.apply([
        ("identity", event("staff_changed", clerk, "staff", identity_events.StaffChanged(
            staff_id=clerk, change="created", department=department, roles=["clerk"],
            enabled=True, email=f"{clerk}@staff.example", subject=clerk)))
        for clerk in clerks
    ], name="contacts")  # fmt: skip
    for clerk in clerks:  # new cases reach staff by e-mail only when they ask for it
        update_preferences(
            stack.svc, Principal(subject=clerk, department=department, roles=frozenset({"clerk"})),
            language="", categories=[("department_queue", ["email"])],
        )  # fmt: skip
    case_ids = [str(uuid.uuid4()) for _ in range(8)]
    stack.apply([
        ("cases", event("case_submitted", c, "case", cases_events.CaseSubmitted(
            case_id=c, case_number=f"R-{c[:8]}", service_type="birth_registration",
            responsible_department=department, applicant_id=person_id)))
        for c in case_ids
    ])  # fmt: skip
    limited = replace(stack.svc, limits=RateLimits(smtp_per_s=20.0))
    from onewindow_notifications import bootstrap

    dispatcher = Dispatcher(limited, bootstrap.channels(stack.settings), batch=50)
    query = text(
        "SELECT recipient = :p, status, delivered_at FROM notifications.deliveries "
        "WHERE case_id = ANY(:ids) AND channel = 'email'"
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            with stack.engine.connect() as conn:
                rows = conn.execute(query, {"p": person_id, "ids": case_ids}).all()
            if all(status == "delivered" for _, status, _ in rows):
                break
            assert time.monotonic() < deadline
            if dispatcher.run_once() == 0:
                time.sleep(0.2)
    finally:
        dispatcher.close()
    receipts = [at for is_receipt, _, at in rows if is_receipt]
    staff = [at for is_receipt, _, at in rows if not is_receipt]
    assert (len(receipts), len(staff)) == (8, 48)
    assert max(receipts) <= min(staff)  # no clerk's notice went before a citizen's receipt


def _plan_nodes(plan: dict) -> list[dict]:
    return [plan, *(n for child in plan.get("Plans", []) for n in _plan_nodes(child))]


def test_a_claim_walks_the_queue_in_order_and_stops_at_its_batch(own_queue: Stack) -> None:
    """With 300 receipts due, a claim of 50 reads the queue index in the claim's order and stops
    there: no sort, no bitmap scan over every due delivery (and every dead entry since the last
    vacuum), which is what each claim cost before ix_deliveries_queue."""
    from onewindow_notifications.service_layer.dispatch import DUE

    stack = own_queue
    person_id = str(uuid.uuid4())
    stack.apply([_person(person_id, f"{person_id}@citizen.example")], name="contacts")
    _receipts(stack, person_id, 300)
    with stack.engine.begin() as conn:
        conn.execute(text("ANALYZE notifications.deliveries"))
    with stack.engine.connect() as conn, conn.begin():
        explained = conn.execute(
            text(f"EXPLAIN (ANALYZE, FORMAT JSON) {DUE.text}"),
            {"now": conn.execute(text("SELECT now()")).scalar_one(), "limit": 50},
        ).scalar_one()
        conn.rollback()  # EXPLAIN ANALYZE took the rows' locks
    nodes = _plan_nodes(explained[0]["Plan"])
    kinds = [n["Node Type"] for n in nodes]
    scans = [
        n for n in nodes if n.get("Relation Name") == "deliveries" and "Scan" in n["Node Type"]
    ]
    assert "Sort" not in kinds and "Bitmap Heap Scan" not in kinds, kinds
    assert scans[0]["Node Type"] == "Index Scan"
    assert scans[0]["Index Name"] == "ix_deliveries_queue"
    assert scans[0]["Actual Rows"] == 50  # read up to the batch, not the 300 due
    assert sorted(_email_statuses(stack, person_id)) == ["created"] * 300  # nothing was taken


def test_expired_leases_are_looked_for_every_tenth_of_a_lease_not_in_every_claim(
    own_queue: Stack,
) -> None:
    """A claim asks for deliveries whose lease ran out (their dispatcher died mid-send) only
    when a tenth of a lease has passed since it last asked: they are rare and a lease late
    already, and the question cost every claim a round trip of its own."""
    from datetime import timedelta

    from sqlalchemy import event as sa_event

    from onewindow_notifications import bootstrap
    from onewindow_notifications.service_layer.dispatch import EXPIRED

    now = [own_queue.svc.clock()]
    svc = replace(own_queue.svc, clock=lambda: now[0])
    asked: list[int] = []

    def count(conn, cursor, statement, *args) -> None:
        if statement == EXPIRED.text.replace(":now", "%(now)s").replace(":limit", "%(limit)s"):
            asked.append(1)

    sa_event.listen(own_queue.engine, "before_cursor_execute", count)
    dispatcher = Dispatcher(svc, bootstrap.channels(own_queue.settings), lease_s=10.0)
    try:
        dispatcher._claim()  # the first claim asks
        now[0] += timedelta(seconds=0.5)
        dispatcher._claim()
        now[0] += timedelta(seconds=0.4)
        dispatcher._claim()
        assert len(asked) == 1
        now[0] += timedelta(seconds=0.1)  # a tenth of the 10 s lease since it asked
        dispatcher._claim()
        assert len(asked) == 2
    finally:
        sa_event.remove(own_queue.engine, "before_cursor_execute", count)
        dispatcher.close()
