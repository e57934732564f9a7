"""Dispatchers in parallel never send a delivery twice; a rate limit queues a burst, drops none.

Intake runs the consumers' handlers directly (the Kafka path is covered by the other tests)."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import replace

import pytest
from sqlalchemy import text

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow.identity.v1 import events_pb2 as identity_events
from onewindow_notifications.config import RateLimits
from onewindow_notifications.service_layer.dispatch import Dispatcher

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


def test_two_dispatchers_never_send_a_delivery_twice(base_stack: Stack) -> None:
    stack = base_stack
    person_id = str(uuid.uuid4())
    email = f"{person_id}@citizen.example"
    stack.apply([_person(person_id, email)], name="contacts")
    _receipts(stack, person_id, 24)
    dispatchers = [stack.dispatcher(batch=4, workers=2) for _ in range(2)]
    sent = [0, 0]

    def work(i: int) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(
            s != "delivered" for s in _email_statuses(stack, person_id)
        ):
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


def test_a_rate_limit_queues_a_burst_and_drops_nothing(base_stack: Stack) -> None:
    stack = base_stack
    person_id = str(uuid.uuid4())
    email = f"{person_id}@citizen.example"
    stack.apply([_person(person_id, email)], name="contacts")
    _receipts(stack, person_id, 12)
    # 4 emails/s shared through PostgreSQL: the first second's worth goes at once (1 s burst
    # allowance), the rest are re-queued with later due times.
    limited = replace(stack.svc, limits=RateLimits(smtp_per_s=4.0))
    from onewindow_notifications import bootstrap

    dispatcher = Dispatcher(limited, bootstrap.channels(stack.settings), batch=50)
    with stack.engine.begin() as conn:  # a rate bucket of this test's own
        conn.execute(text("DELETE FROM notifications.rate_limits WHERE key = 'smtp'"))
    try:
        dispatcher.run_once()
        statuses = _email_statuses(stack, person_id)
        assert 4 <= statuses.count("delivered") <= 6 and statuses.count("created") >= 6
        deadline = time.monotonic() + 20
        while "created" in _email_statuses(stack, person_id):
            assert time.monotonic() < deadline
            if dispatcher.run_once() == 0:
                time.sleep(0.2)
    finally:
        dispatcher.close()
    assert _email_statuses(stack, person_id) == ["delivered"] * 12
    assert len(mailpit_messages(email)) == 12
