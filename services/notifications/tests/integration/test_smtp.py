"""The SMTP sender against Mailpit: one kept connection per thread, no NOOP per message, and a
connection that died while idle is replaced before anything of the message was sent."""

from __future__ import annotations

import smtplib
import socket
import threading
import time
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow_notifications.adapters.channels import SmtpSender, build_email

from .conftest import Stack, event, mailpit_messages

pytestmark = pytest.mark.integration


def test_a_connection_dropped_while_idle_is_replaced_and_each_message_arrives_once(
    base_stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    noops: list[int] = []
    real_noop = smtplib.SMTP.noop
    monkeypatch.setattr(smtplib.SMTP, "noop", lambda self: noops.append(1) or real_noop(self))
    sender = SmtpSender(base_stack.settings.smtp)
    address = f"smtp-{uuid.uuid4().hex[:10]}@test.example"

    def mail(n: int) -> bool:
        email = build_email(
            delivery_id=f"{address}-{n}", sender="OneWindow <no-reply@onewindow.example>",
            to=address, subject=f"message {n}", text="t", html="<p>h</p>", unsubscribe_url=None,
        )  # fmt: skip
        return sender.send(email).ok

    assert mail(1) and mail(2)
    first = sender._local.smtp
    first.sock.shutdown(socket.SHUT_RDWR)  # the server (or a NAT box) dropped it while idle
    assert mail(3)
    assert sender._local.smtp is not first
    subjects = sorted(m["Subject"] for m in mailpit_messages(address))
    assert subjects == ["message 1", "message 2", "message 3"]
    assert noops == []  # no extra round trip per message to check the connection first


def test_the_run_loops_lanes_share_the_work_and_send_nothing_twice(base_stack: Stack) -> None:
    stack = base_stack
    person = str(uuid.uuid4())
    address = f"lanes-{person[:10]}@test.example"
    with stack.svc.transaction() as tx:
        tx.upsert_contact({"recipient_id": person, "kind": "person", "email": address,
                           "updated_at": datetime.now(UTC)})  # fmt: skip
    case_ids = [str(uuid.uuid4()) for _ in range(45)]  # Mailpit's search answers 50 at most
    stack.apply([("cases", event("case_submitted", c, "case", cases_events.CaseSubmitted(
        case_id=c, case_number=f"L-{i}", applicant_id=person, responsible_department="lanes",
    ))) for i, c in enumerate(case_ids)])  # fmt: skip
    dispatcher = stack.dispatcher(batch=7, workers=4, lanes=3)
    stop = threading.Event()
    loop = threading.Thread(target=dispatcher.run, args=(stop, 0.05))
    loop.start()
    try:
        deadline = time.monotonic() + 30
        while len(mailpit_messages(address)) < len(case_ids):
            assert time.monotonic() < deadline, "the lanes did not send everything in time"
            time.sleep(0.2)
        time.sleep(1.0)  # anything sent twice would arrive by now
    finally:
        stop.set()
        loop.join()
        dispatcher.close()
    ids = [m["MessageID"] for m in mailpit_messages(address)]
    assert len(ids) == len(set(ids)) == len(case_ids)
    with stack.engine.connect() as conn:
        statuses = conn.execute(text(
            "SELECT status, count(*) FROM notifications.deliveries WHERE case_id = ANY(:c) "
            "AND channel = 'email' GROUP BY status"), {"c": case_ids}).all()  # fmt: skip
    assert dict(statuses) == {"delivered": len(case_ids)}
