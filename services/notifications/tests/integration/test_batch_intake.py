"""The notices consumer's batch handler: the same notices and deliveries as one event at a time,
a batch's own writes visible to its later events, nothing twice when a batch comes again."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import text
from sqlalchemy.orm import Session

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow.identity.v1 import events_pb2 as identity_events
from onewindow.notifications.v1 import notifications_pb2 as pb
from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.outbox import PendingEvent, make_envelope
from onewindow_kit.principal import Principal
from onewindow_notifications.adapters.tables import SCHEMA
from onewindow_notifications.entrypoints.consumers import notices_batch_handler
from onewindow_notifications.service_layer import subscriptions

from .conftest import BOOTSTRAP, Stack, event

pytestmark = pytest.mark.integration


def test_a_batch_sees_its_own_cases_and_is_not_applied_twice(base_stack: Stack) -> None:
    stack = base_stack
    applicant, helper = str(uuid.uuid4()), str(uuid.uuid4())
    stack.apply([("identity", event("person_registered", helper, "person",
        identity_events.PersonRegistered(person_id=helper, subject=f"kc-{helper}")))],
        name="contacts")  # fmt: skip
    department = f"batch-{uuid.uuid4().hex[:6]}"
    account = Principal(subject="sa", roles=frozenset({"service"}), department=department)
    subscriptions.create(
        stack.svc, account, url="http://127.0.0.1:9/hook", service_type="", case_id="",
        event_types=["onewindow.cases.case_decided.v1"], secret="",
    )  # fmt: skip
    case_id = str(uuid.uuid4())
    actor = Principal(subject=f"kc-{helper}", person_id=helper, acting_for=applicant)
    envelopes = [
        make_envelope("cases", PendingEvent("case_submitted", case_id, "case",
            cases_events.CaseSubmitted(case_id=case_id, case_number="B-1", applicant_id=applicant,
                                       responsible_department=department), actor=actor)),
        make_envelope("cases", PendingEvent("case_decided", case_id, "case",
            cases_events.CaseDecided(case_id=case_id, case_number="B-1", outcome="approved",
                                     applicant_id=applicant))),
    ]  # fmt: skip
    handler = notices_batch_handler(stack.svc)
    for _ in range(2):
        with stack.svc.sessions() as session, session.begin():
            handler(session, envelopes)
    with stack.engine.connect() as conn:
        notices = conn.execute(text(
            "SELECT recipient_id, template_id, department FROM notifications.notices "
            "WHERE case_id = :c"), {"c": case_id}).all()  # fmt: skip
        deliveries = conn.execute(text(
            "SELECT channel, count(*) FROM notifications.deliveries WHERE case_id = :c "
            "GROUP BY channel ORDER BY channel"), {"c": case_id}).all()  # fmt: skip
    # The decision carries no department and no representative: both come from the submission
    # earlier in the same batch.
    assert sorted((r[0], r[1]) for r in notices) == sorted([
        (applicant, "case_receipt"), (helper, "case_receipt"),
        (applicant, "case_decided"), (helper, "case_decided"),
    ])  # fmt: skip
    assert {r[2] for r in notices} == {department}
    assert dict(deliveries) == {"inbox": 4, "email": 4, "sms": 2, "webhook": 1}


class Crash(BaseException):
    """Stands for the process dying mid-batch: no handler or runner catches it."""


def _counts(stack: Stack, consumer: str, case_ids: list[str]) -> dict[str, int]:
    with stack.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT 'notices', count(*) FROM notifications.notices WHERE case_id = ANY(:c) "
            "UNION ALL SELECT 'delivery:' || channel, count(*) FROM notifications.deliveries "
            "  WHERE case_id = ANY(:c) GROUP BY channel "
            "UNION ALL SELECT 'events', count(*) FROM notifications.events WHERE case_id = ANY(:c) "
            "UNION ALL SELECT 'parties', count(*) FROM notifications.case_parties "
            "  WHERE case_id = ANY(:c) "
            "UNION ALL SELECT 'processed', count(*) FROM notifications.processed_events "
            "  WHERE consumer = :n"), {"c": case_ids, "n": consumer}).all()  # fmt: skip
    return {k: v for k, v in rows if v}


def _poll_until(runner: ConsumerRunner, count: int) -> None:
    handled, deadline = 0, time.monotonic() + 30
    while handled < count:
        assert time.monotonic() < deadline, f"only {handled} of {count} records came"
        handled += runner.poll_once(timeout_ms=500)


def test_a_crash_mid_batch_commits_nothing_and_the_redelivered_batch_applies_once(
    stack: Stack,
) -> None:
    """The batch's rows go in with a few multi-row statements inside the consumer's
    transaction: a crash after they were written (before the commit) leaves none of them, and
    the same group then gets the batch again and applies it exactly once."""
    department = f"crash-{uuid.uuid4().hex[:6]}"
    account = Principal(subject="sa", roles=frozenset({"service"}), department=department)
    sub, _ = subscriptions.create(
        stack.svc, account, url="http://127.0.0.1:9/hook", service_type="", case_id="",
        event_types=["onewindow.cases.case_submitted.v1"], secret="",
    )  # fmt: skip
    applicant = str(uuid.uuid4())
    case_ids = [str(uuid.uuid4()) for _ in range(30)]
    submitted = [PendingEvent("case_submitted", c, "case", cases_events.CaseSubmitted(
        case_id=c, case_number=f"C-{i}", applicant_id=applicant, responsible_department=department,
    )) for i, c in enumerate(case_ids)]  # fmt: skip
    stack.publish([("cases", e) for e in submitted])
    name = f"test-crash-{uuid.uuid4().hex[:8]}"
    inner = notices_batch_handler(stack.svc)
    written: list[int] = []

    def crashing(session: Session, envelopes: list[Any]) -> None:
        inner(session, envelopes)
        written.append(session.execute(text(
            "SELECT count(*) FROM notifications.notices WHERE case_id = ANY(:c)"),
            {"c": case_ids}).scalar_one())  # fmt: skip
        raise Crash

    runner = _runner(stack, name, crashing)
    try:
        with pytest.raises(Crash):
            _poll_until(runner, len(case_ids))
    finally:
        runner.close()
    assert written and written[0] > 0  # the batch's rows were in the transaction …
    assert _counts(stack, name, case_ids) == {}  # … and none of them outlived the crash
    again = _runner(stack, name, inner)
    try:
        _poll_until(again, len(case_ids))  # the same group: the batch comes again
        assert again.poll_once(timeout_ms=1000) == 0
    finally:
        again.close()
    expected = {"notices": 30, "delivery:inbox": 30, "delivery:email": 30, "delivery:webhook": 30,
                "events": 30, "parties": 30, "processed": 30}  # fmt: skip
    assert _counts(stack, name, case_ids) == expected
    with stack.engine.connect() as conn:  # one webhook per event, in the events' order
        order = conn.execute(text(
            "SELECT case_id FROM notifications.deliveries WHERE subscription_id = :s "
            "ORDER BY seq"), {"s": sub.id}).scalars().all()  # fmt: skip
    assert sorted(order) == sorted(case_ids)
    with stack.svc.sessions() as session, session.begin():  # applied again: nothing new
        inner(session, [make_envelope("cases", e) for e in submitted[:5]])
    assert _counts(stack, name, case_ids) == expected
    with stack.engine.begin() as conn:  # no due sends left behind for other tests' dispatchers
        conn.execute(text(
            "UPDATE notifications.deliveries SET status = 'failed' "
            "WHERE case_id = ANY(:c) AND channel <> 'inbox'"), {"c": case_ids})  # fmt: skip


def _runner(stack: Stack, name: str, handler: Any) -> ConsumerRunner:
    return ConsumerRunner(
        name=name, topics=[stack.topic], engine=stack.engine, schema=SCHEMA, bootstrap=BOOTSTRAP,
        batch_handler=handler,
    )  # fmt: skip


def test_a_batch_reads_its_applicants_preferences_with_one_query(base_stack: Stack) -> None:
    stack = base_stack
    applicants = [str(uuid.uuid4()) for _ in range(6)]
    english, me = stack.citizen(applicants[0])
    stack.stub.UpdatePreferences(pb.UpdatePreferencesRequest(language="en"), metadata=me)
    department = f"prefs-{uuid.uuid4().hex[:6]}"  # no staff: only the applicants are notified
    case_ids = [str(uuid.uuid4()) for _ in applicants]
    envelopes = [
        make_envelope("cases", PendingEvent("case_submitted", case_id, "case",
            cases_events.CaseSubmitted(case_id=case_id, case_number=f"P-{n}",
                                       applicant_id=applicant, responsible_department=department)))
        for n, (case_id, applicant) in enumerate(zip(case_ids, applicants, strict=True))
    ]  # fmt: skip
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        statements.append(statement)

    sa_event.listen(stack.engine, "before_cursor_execute", seen)
    try:
        with stack.svc.sessions() as session, session.begin():
            notices_batch_handler(stack.svc)(session, envelopes)
    finally:
        sa_event.remove(stack.engine, "before_cursor_execute", seen)
    reads = [s for s in statements if "FROM notifications.preferences" in s]
    assert len(reads) == 1, reads  # one query for the six applicants, not one each
    with stack.engine.connect() as conn:
        languages = dict(conn.execute(text(
            "SELECT recipient_id, language FROM notifications.notices "
            "WHERE case_id = ANY(:c) AND template_id = 'case_receipt'"),
            {"c": case_ids}).all())  # fmt: skip
    assert languages[english] == "en"  # what each person chose still decides
    assert {languages[a] for a in applicants[1:]} == {"zh-CN"}
