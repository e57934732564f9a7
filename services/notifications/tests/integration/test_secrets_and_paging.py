"""Secret rotation with an overlap (both signatures verify with the Standard Webhooks library)
and the inbox's cursor pages. Intake runs the consumer's handler directly (no Kafka needed)."""

from __future__ import annotations

import time
import uuid

import grpc
import pytest
from standardwebhooks.webhooks import Webhook

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow.notifications.v1 import notifications_pb2 as pb

from .conftest import Receiver, Stack, event

pytestmark = pytest.mark.integration
SUBMITTED = "onewindow.cases.case_submitted.v1"


def _submitted(applicant: str, department: str) -> tuple:
    c = str(uuid.uuid4())
    return ("cases", event("case_submitted", c, "case", cases_events.CaseSubmitted(
        case_id=c, case_number=f"P-{c[:6]}", service_type="birth_registration",
        responsible_department=department, applicant_id=applicant)))  # fmt: skip


def test_after_a_rotation_both_the_old_and_the_new_secret_verify(base_stack: Stack) -> None:
    stack = base_stack
    department = f"parks-{uuid.uuid4().hex[:6]}"
    account = stack.service_account(department)
    receiver = Receiver().start()
    created = stack.stub.CreateSubscription(
        pb.CreateSubscriptionRequest(url=receiver.url, event_types=[SUBMITTED]), metadata=account
    )
    rotated = stack.stub.RotateSubscriptionSecret(
        pb.RotateSubscriptionSecretRequest(subscription_id=created.subscription.id),
        metadata=account,
    )
    assert rotated.secret != created.secret
    stack.apply([_submitted("p-x", department)])
    dispatcher = stack.dispatcher()
    try:
        deadline = time.monotonic() + 20
        while not receiver.calls:
            assert time.monotonic() < deadline
            dispatcher.run_once()
            time.sleep(0.05)
    finally:
        dispatcher.close()
        receiver.stop()
    headers, body = receiver.calls[0]
    assert len(headers["webhook-signature"].split(" ")) == 2
    for secret in (created.secret, rotated.secret):
        assert Webhook(secret).verify(body, headers)["type"] == SUBMITTED


def test_the_inbox_pages_by_cursor_newest_first(base_stack: Stack) -> None:
    stack = base_stack
    person_id, me = stack.citizen()
    stack.apply([_submitted(person_id, "civil") for _ in range(5)])
    first = stack.stub.ListInbox(pb.ListInboxRequest(page_size=2), metadata=me)
    second = stack.stub.ListInbox(
        pb.ListInboxRequest(page_size=2, page_token=first.next_page_token), metadata=me
    )
    third = stack.stub.ListInbox(
        pb.ListInboxRequest(page_size=2, page_token=second.next_page_token), metadata=me
    )
    pages = [first.notices, second.notices, third.notices]
    assert [len(p) for p in pages] == [2, 2, 1] and third.next_page_token == ""
    ids = [n.id for p in pages for n in p]
    assert len(set(ids)) == 5
    stamps = [(n.created_at.ToDatetime(), n.id) for p in pages for n in p]
    assert stamps == sorted(stamps, reverse=True)
    for bad in (pb.ListInboxRequest(page_size=101), pb.ListInboxRequest(page_token="%%%")):
        with pytest.raises(grpc.RpcError) as err:
            stack.stub.ListInbox(bad, metadata=me)
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
