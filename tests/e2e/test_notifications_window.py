"""Notifications end to end, through the running services only: a citizen registers and
applies; the health department decides; the notifications service (its own processes, fed by
Kafka) puts the receipt and the decision into the citizen's inbox and emails them through the
real SMTP server (Mailpit), and the department sees that the citizen was told."""

import time
import uuid

import httpx
import pytest
from e2e_support import DEV_SEED_PASSWORDS, MAILPIT, bearer
from test_one_window import apply, register_and_verify, upload_id_card

from onewindow.cases.v1 import cases_pb2, cases_pb2_grpc
from onewindow.notifications.v1 import notifications_pb2 as pb
from onewindow.notifications.v1 import notifications_pb2_grpc
from onewindow_kit.settings import load_common

pytestmark = pytest.mark.integration


def _decide(window, case: cases_pb2.Case) -> None:
    cases = cases_pb2_grpc.CasesStub(window.channels["cases"])
    supervisor = bearer(window.login("supervisor.health", DEV_SEED_PASSWORDS["supervisor.health"]))
    for step in ("accepted", "claim", "in_review"):
        if step == "claim":
            case = cases.ClaimCase(
                cases_pb2.ClaimCaseRequest(case_id=case.id, expected_version=case.version),
                metadata=supervisor, timeout=30,
            ).case  # fmt: skip
            continue
        case = cases.TransitionCase(
            cases_pb2.TransitionCaseRequest(
                case_id=case.id, expected_version=case.version, to_status=step
            ),
            metadata=supervisor, timeout=30,
        ).case  # fmt: skip
    cases.DecideCase(
        cases_pb2.DecideCaseRequest(
            case_id=case.id, expected_version=case.version, outcome=cases_pb2.OUTCOME_APPROVED
        ),
        metadata=supervisor, timeout=30,
    )  # fmt: skip


def _wait(check, what: str, timeout_s: float = 120):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"{what} did not happen within {timeout_s} s")


def test_a_citizen_is_told_in_the_inbox_and_by_email_and_the_department_sees_it(window):
    import grpc

    channel = grpc.insecure_channel(load_common("notifications").grpc_addr)
    notices = notifications_pb2_grpc.NotificationsStub(channel)
    person = register_and_verify(window)
    citizen = window.login(person.username)
    case = apply(window, citizen, person.national_id, upload_id_card(window, citizen))
    _decide(window, case)

    def inbox() -> list[pb.Notice] | None:
        found = notices.ListInbox(pb.ListInboxRequest(), metadata=bearer(citizen), timeout=10)
        categories = {n.category for n in found.notices if n.case_id == case.id}
        return list(found.notices) if {"case_receipt", "decision"} <= categories else None

    received = _wait(inbox, "receipt and decision notices")
    decision = next(n for n in received if n.category == "decision")
    assert decision.mandatory and decision.language == "zh-CN"
    assert case.case_number in decision.title and decision.subject_person_id == person.person_id

    def mails() -> list[dict] | None:
        reply = httpx.get(
            f"{MAILPIT}/api/v1/search", params={"query": f"to:{person.email}"}, timeout=5
        ).json()
        return reply["messages"] if len(reply["messages"]) >= 2 else None

    subjects = {m["Subject"] for m in _wait(mails, "two emails in Mailpit")}
    assert decision.title in subjects

    supervisor = bearer(window.login("supervisor.health", DEV_SEED_PASSWORDS["supervisor.health"]))
    told = notices.ListDeliveries(
        pb.ListDeliveriesRequest(case_id=case.id), metadata=supervisor, timeout=10
    ).deliveries
    assert {(d.channel, d.status) for d in told if d.recipient == person.person_id} >= {
        ("inbox", "delivered"),
        ("email", "delivered"),
    }
    stranger = bearer(window.login(register_and_verify(window).username))
    with pytest.raises(grpc.RpcError) as err:
        notices.GetNotice(pb.GetNoticeRequest(notice_id=decision.id), metadata=stranger, timeout=10)
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    channel.close()
    assert uuid.UUID(decision.id)
