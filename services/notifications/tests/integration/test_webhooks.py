"""Signed webhooks to a local receiver: outage then recovery in order, 4xx → failed + admin alert
+ suspension, replay from a time, crash → one resend with the same webhook-id, bad input."""

from __future__ import annotations

import json
import socket
import time
import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from sqlalchemy import text
from standardwebhooks.webhooks import Webhook

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow.events.v1 import envelope_pb2
from onewindow.notifications.v1 import notifications_pb2 as pb
from onewindow_kit.grpc_errors import field_violations

from .conftest import Receiver, Stack, event

pytestmark = pytest.mark.integration
SUBMITTED = "onewindow.cases.case_submitted.v1"
SUPPLEMENT = "onewindow.cases.supplement_requested.v1"
DECIDED = "onewindow.cases.case_decided.v1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _subscribe(stack: Stack, url: str, department: str, types: list[str]) -> tuple[str, str]:
    reply = stack.stub.CreateSubscription(
        pb.CreateSubscriptionRequest(url=url, event_types=types),
        metadata=stack.service_account(department),
    )
    return reply.subscription.id, reply.secret


def _case_events(case_id: str, department: str, **kw: object) -> list[tuple]:
    number = f"W-{case_id[:6]}"
    return [
        ("cases", event("case_submitted", case_id, "case", cases_events.CaseSubmitted(
            case_id=case_id, case_number=number, service_type="food_licence",
            responsible_department=department, applicant_id="p-1"), **kw)),
        ("cases", event("supplement_requested", case_id, "case", cases_events.SupplementRequested(
            case_id=case_id, case_number=number, applicant_id="p-1", reason="floor plan",
            responsible_department=department), **kw)),
        ("cases", event("case_decided", case_id, "case", cases_events.CaseDecided(
            case_id=case_id, case_number=number, outcome="approved", applicant_id="p-1",
            responsible_department=department, service_type="food_licence"), **kw)),
    ]  # fmt: skip


def _webhook_statuses(stack: Stack, subscription_id: str) -> list[tuple[str, int]]:
    with stack.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT status, attempts FROM notifications.deliveries "
            "WHERE subscription_id = :s ORDER BY seq"), {"s": subscription_id})  # fmt: skip
        return [(r[0], r[1]) for r in rows]


def _settled(stack: Stack, subscription_id: str, count: int) -> bool:
    statuses = _webhook_statuses(stack, subscription_id)
    return len(statuses) == count and all(s in ("delivered", "failed") for s, _ in statuses)


def test_a_subscriber_down_then_up_gets_everything_in_order(stack: Stack) -> None:
    department = f"market-{uuid.uuid4().hex[:6]}"
    port = _free_port()
    sub_id, secret = _subscribe(
        stack, f"http://127.0.0.1:{port}/hook", department, [SUBMITTED, SUPPLEMENT, DECIDED]
    )
    case_id = str(uuid.uuid4())
    stack.publish([*_case_events(case_id, department), *_case_events(str(uuid.uuid4()), "tax")])
    stack.consume()
    dispatcher = stack.dispatcher()
    try:
        outage_end = time.monotonic() + 1.5  # the receiver is down: connection refused
        while time.monotonic() < outage_end:
            dispatcher.run_once()
            time.sleep(0.05)
    finally:
        dispatcher.close()
    statuses = _webhook_statuses(stack, sub_id)
    assert statuses[0][0] == "retrying" and statuses[0][1] >= 2
    assert [s for s, _ in statuses[1:]] == ["created", "created"]  # held behind the first

    receiver = Receiver().start(port)
    try:
        stack.drain(lambda: _settled(stack, sub_id, 3))
    finally:
        receiver.stop()
    assert [s for s, _ in _webhook_statuses(stack, sub_id)] == ["delivered"] * 3
    bodies = [Webhook(secret).verify(body, headers) for headers, body in receiver.calls]
    assert [b["type"] for b in bodies] == [SUBMITTED, SUPPLEMENT, DECIDED]  # in event order
    assert {b["payload"]["responsible_department"] for b in bodies} == {department}
    assert bodies[0]["payload"]["@type"].endswith("onewindow.cases.v1.CaseSubmitted")
    assert len({h["webhook-id"] for h, _ in receiver.calls}) == 3


def test_a_4xx_subscriber_is_not_retried_and_its_admins_are_alerted(stack: Stack) -> None:
    department = f"health-{uuid.uuid4().hex[:6]}"
    admin = f"admin-{uuid.uuid4().hex[:8]}"
    stack.register_staff(admin, department, ["dept_admin"], f"{admin}@gov.example")
    receiver = Receiver(statuses=[404, 410]).start()
    sub_id, _ = _subscribe(stack, receiver.url, department, [SUBMITTED])
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    stack.publish([_case_events(first, department)[0], _case_events(second, department)[0]])
    stack.consume()
    try:
        stack.drain(lambda: _settled(stack, sub_id, 2))
    finally:
        receiver.stop()
    assert _webhook_statuses(stack, sub_id) == [("failed", 1), ("failed", 1)]
    assert len(receiver.calls) == 2  # one call each, no retry

    # The dispatcher wrote delivery_failed (and subscription_suspended) to the outbox; the
    # notices consumer turns delivery_failed into an alert for the department's admins.
    with stack.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT envelope, event_type FROM notifications.outbox WHERE key = :s OR key IN ("
            " SELECT id FROM notifications.deliveries WHERE subscription_id = :s) ORDER BY id"
        ), {"s": sub_id}).all()  # fmt: skip
    types = [r[1] for r in rows]
    assert types.count("onewindow.notifications.delivery_failed.v1") == 2
    assert "onewindow.notifications.subscription_suspended.v1" in types
    for raw, _ in rows:
        envelope = envelope_pb2.EventEnvelope.FromString(raw)
        stack.publish_envelope(envelope)
    stack.consume()
    inbox = stack.stub.ListInbox(
        pb.ListInboxRequest(), metadata=stack.staff(admin, department, "dept_admin")
    ).notices
    assert [n.category for n in inbox] == ["department_alert", "department_alert"]
    assert sub_id in inbox[0].title and "HTTP 4" in inbox[0].body
    subs = stack.stub.ListSubscriptions(
        pb.ListSubscriptionsRequest(), metadata=stack.service_account(department)
    ).subscriptions
    assert [(s.id, s.status, s.consecutive_failures) for s in subs] == [(sub_id, "suspended", 2)]


def test_replay_resends_everything_since_a_time(stack: Stack) -> None:
    department = f"transport-{uuid.uuid4().hex[:6]}"
    receiver = Receiver().start()
    sub_id, secret = _subscribe(stack, receiver.url, department, [SUBMITTED, DECIDED])
    old, new = str(uuid.uuid4()), str(uuid.uuid4())
    earlier = datetime.now(UTC) - timedelta(hours=3)
    stack.publish([
        _case_events(old, department, occurred_at=earlier)[0],
        *_case_events(new, department),
    ])  # fmt: skip
    stack.consume()
    try:
        stack.drain(lambda: _settled(stack, sub_id, 3))
        since = Timestamp()
        since.FromDatetime(datetime.now(UTC) - timedelta(hours=1))
        replayed = stack.stub.ReplaySubscription(
            pb.ReplaySubscriptionRequest(subscription_id=sub_id, since=since),
            metadata=stack.service_account(department),
        )
        assert replayed.scheduled == 2  # the new case's two events; not the one 3 h ago
        stack.drain(lambda: _settled(stack, sub_id, 5))
    finally:
        receiver.stop()
    bodies = [Webhook(secret).verify(body, headers) for headers, body in receiver.calls]
    # Different cases travel independently; one case's events stay in order, replays too.
    assert sorted(b["subject"] for b in bodies[:3]) == sorted([old, new, new])
    assert [b["type"] for b in bodies[:3] if b["subject"] == new] == [SUBMITTED, DECIDED]
    assert [(b["subject"], b["type"]) for b in bodies[3:]] == [(new, SUBMITTED), (new, DECIDED)]
    with pytest.raises(grpc.RpcError) as err:
        stack.stub.ReplaySubscription(
            pb.ReplaySubscriptionRequest(subscription_id=sub_id, since=since),
            metadata=stack.service_account("other-department"),
        )
    assert err.value.code() == grpc.StatusCode.NOT_FOUND


def test_a_dispatcher_killed_mid_send_causes_one_resend_with_the_same_webhook_id(
    stack: Stack,
) -> None:
    department = f"water-{uuid.uuid4().hex[:6]}"
    receiver = Receiver().start()
    sub_id, _ = _subscribe(stack, receiver.url, department, [SUBMITTED])
    stack.publish([_case_events(str(uuid.uuid4()), department)[0]])
    stack.consume()
    crashed = stack.dispatcher(lease_s=0.5)
    try:
        claimed = [r for r in crashed._claim() if r["subscription_id"] == sub_id]
        assert len(claimed) == 1
        crashed._send(claimed[0])  # sent; the process dies before recording it
        time.sleep(0.6)  # the claim's lease runs out
        stack.drain(lambda: _settled(stack, sub_id, 1))
    finally:
        crashed.close()
        receiver.stop()
    ids = [headers["webhook-id"] for headers, _ in receiver.calls]
    assert len(ids) == 2 and ids[0] == ids[1] == claimed[0]["id"]
    assert _webhook_statuses(stack, sub_id) == [("delivered", 2)]


def test_bad_subscriptions_name_the_field_and_only_department_accounts_subscribe(
    stack: Stack,
) -> None:
    account = stack.service_account("civil")
    with pytest.raises(grpc.RpcError) as err:
        stack.stub.CreateSubscription(pb.CreateSubscriptionRequest(
            url="ftp://hooks.example/x", event_types=[SUBMITTED, "onewindow.cases.nope.v1"],
            secret="not-base64!",
        ), metadata=account)  # fmt: skip
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in field_violations(err.value)] == ["url", "event_types[1]", "secret"]
    with pytest.raises(grpc.RpcError) as err:
        stack.stub.CreateSubscription(pb.CreateSubscriptionRequest(
            url="http://10.0.0.7/hook", event_types=[SUBMITTED]), metadata=account)  # fmt: skip
    assert "private" in dict(field_violations(err.value))["url"]
    with pytest.raises(grpc.RpcError) as err:
        stack.stub.CreateSubscription(pb.CreateSubscriptionRequest(
            url="http://127.0.0.1:1/hook", event_types=[SUBMITTED]),
            metadata=stack.citizen()[1])  # fmt: skip
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    sub_id, _ = _subscribe(stack, "http://127.0.0.1:1/hook", "civil", [SUBMITTED])
    with pytest.raises(grpc.RpcError) as err:
        stack.stub.DisableSubscription(
            pb.DisableSubscriptionRequest(subscription_id=sub_id),
            metadata=stack.service_account("tax"),
        )
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    disabled = stack.stub.DisableSubscription(
        pb.DisableSubscriptionRequest(subscription_id=sub_id), metadata=account
    )
    assert disabled.subscription.status == "disabled"
    rotated = stack.stub.RotateSubscriptionSecret(
        pb.RotateSubscriptionSecretRequest(subscription_id=sub_id), metadata=account
    )
    assert rotated.secret.startswith("whsec_") and json.dumps(rotated.secret)
