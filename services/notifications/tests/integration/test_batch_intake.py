"""The notices consumer's batch handler: the same notices and deliveries as one event at a time,
a batch's own writes visible to its later events, nothing twice when a batch comes again."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow.identity.v1 import events_pb2 as identity_events
from onewindow_kit.outbox import PendingEvent, make_envelope
from onewindow_kit.principal import Principal
from onewindow_notifications.entrypoints.consumers import notices_batch_handler

from .conftest import Stack, event

pytestmark = pytest.mark.integration


def test_a_batch_sees_its_own_cases_and_is_not_applied_twice(base_stack: Stack) -> None:
    stack = base_stack
    applicant, helper = str(uuid.uuid4()), str(uuid.uuid4())
    stack.apply([("identity", event("person_registered", helper, "person",
        identity_events.PersonRegistered(person_id=helper, subject=f"kc-{helper}")))],
        name="contacts")  # fmt: skip
    department = f"batch-{uuid.uuid4().hex[:6]}"
    account = Principal(subject="sa", roles=frozenset({"service"}), department=department)
    from onewindow_notifications.service_layer import subscriptions

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
