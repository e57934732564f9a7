"""Events from Kafka → inbox notices and email through Mailpit, in the citizen's language;
mandatory notices despite an opt-out; the representative's view; delivery status."""

from __future__ import annotations

import uuid

import grpc
import pytest

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow.notifications.v1 import notifications_pb2 as pb
from onewindow_kit.grpc_errors import field_violations

from .conftest import Stack, event, mailpit_message, mailpit_messages

pytestmark = pytest.mark.integration


def _submitted(case_id: str, applicant: str, department: str = "civil") -> tuple:
    return ("cases", event("case_submitted", case_id, "case", cases_events.CaseSubmitted(
        case_id=case_id, case_number=f"N-{case_id[:6]}", service_type="birth_registration",
        responsible_department=department, applicant_id=applicant, due_date="2026-12-20",
    )))  # fmt: skip


def _decided(case_id: str, applicant: str, outcome: str = "approved") -> tuple:
    return ("cases", event("case_decided", case_id, "case", cases_events.CaseDecided(
        case_id=case_id, case_number=f"N-{case_id[:6]}", outcome=outcome, reason="All in order",
        applicant_id=applicant, responsible_department="civil", service_type="birth_registration",
        service_type_name={"zh-CN": "出生登记", "en": "Birth registration"},
    )))  # fmt: skip


def _emails_delivered(stack: Stack, case_id: str, count: int) -> bool:
    staff = stack.staff("clerk-civil", "civil")
    rows = stack.stub.ListDeliveries(pb.ListDeliveriesRequest(case_id=case_id), metadata=staff)
    done = [d for d in rows.deliveries if d.channel == "email" and d.status == "delivered"]
    return len(done) >= count


def test_a_decision_reaches_the_inbox_and_email_in_the_citizens_language(stack: Stack) -> None:
    person_id, me = stack.citizen()
    email = f"{person_id}@citizen.example"
    stack.register_person(person_id, email)
    stack.stub.UpdatePreferences(pb.UpdatePreferencesRequest(language="en"), metadata=me)
    case_id = str(uuid.uuid4())
    stack.publish([_submitted(case_id, person_id), _decided(case_id, person_id)])
    stack.consume()

    inbox = stack.stub.ListInbox(pb.ListInboxRequest(), metadata=me).notices
    assert [n.category for n in inbox] == ["decision", "case_receipt"]
    decision = inbox[0]
    assert decision.title == f"Decision on N-{case_id[:6]}: approved" and decision.mandatory
    assert "Birth registration" in decision.body and decision.language == "en"
    assert (decision.template_id, decision.template_version) == ("case_decided", 1)
    assert stack.stub.UnreadCount(pb.UnreadCountRequest(), metadata=me).unread == 2

    stack.drain(lambda: _emails_delivered(stack, case_id, 2))
    mails = mailpit_messages(email)
    assert sorted(m["Subject"] for m in mails) == sorted(
        [f"Decision on N-{case_id[:6]}: approved", f"Application received: N-{case_id[:6]}"]
    )
    full = mailpit_message(next(m["ID"] for m in mails if m["Subject"].startswith("Decision")))
    assert "Birth registration" in full["Text"] and "<strong>" in full["HTML"]
    assert full["ListUnsubscribe"]["Header"] == ""  # a decision is mandatory
    receipt = mailpit_message(next(m["ID"] for m in mails if m["Subject"].startswith("Appl")))
    assert receipt["ListUnsubscribe"]["Header"] == "<https://onewindow.example/me/preferences>"
    deliveries = stack.stub.ListDeliveries(
        pb.ListDeliveriesRequest(case_id=case_id), metadata=me
    ).deliveries
    email_ids = {d.id for d in deliveries if d.channel == "email"}
    assert {m["MessageID"] for m in mails} == {f"{i}@notifications.onewindow" for i in email_ids}
    assert {(d.channel, d.status) for d in deliveries} == {
        ("inbox", "delivered"),
        ("email", "delivered"),
        ("sms", "failed"),
    }
    sms = next(d for d in deliveries if d.channel == "sms")  # the decision's SMS: no phone known
    assert (sms.attempts, sms.last_error) == (1, "no phone number on record")

    marked = stack.stub.MarkRead(pb.MarkReadRequest(notice_ids=[decision.id]), metadata=me)
    assert marked.marked == 1
    assert stack.stub.UnreadCount(pb.UnreadCountRequest(), metadata=me).unread == 1


def test_a_supplement_request_is_emailed_despite_an_opt_out(stack: Stack) -> None:
    person_id, me = stack.citizen()
    email = f"{person_id}@citizen.example"
    stack.register_person(person_id, email)
    with pytest.raises(grpc.RpcError) as err:
        stack.stub.UpdatePreferences(pb.UpdatePreferencesRequest(categories=[
            pb.CategoryChannels(category="supplement", channels=[]),
        ]), metadata=me)  # fmt: skip
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in field_violations(err.value)] == ["categories[0].channels"]
    prefs = stack.stub.UpdatePreferences(pb.UpdatePreferencesRequest(categories=[
        pb.CategoryChannels(category="case_receipt", channels=[]),
        pb.CategoryChannels(category="supplement", channels=["email"]),
    ]), metadata=me).preferences  # fmt: skip
    assert "supplement" in prefs.mandatory_categories

    case_id = str(uuid.uuid4())
    supplement = ("cases", event("supplement_requested", case_id, "case",
        cases_events.SupplementRequested(
            case_id=case_id, case_number=f"N-{case_id[:6]}", applicant_id=person_id,
            reason="Birth certificate is unreadable", responsible_department="civil",
            requested_document_types=["birth_certificate"],
        )))  # fmt: skip
    stack.publish([_submitted(case_id, person_id), supplement])
    stack.consume()

    stack.drain(lambda: _emails_delivered(stack, case_id, 1))
    mails = mailpit_messages(email)
    # zh-CN by default (the title has a full-width colon)
    assert [m["Subject"] for m in mails] == [f"请补充材料\uff1aN-{case_id[:6]}"]
    assert mailpit_message(mails[0]["ID"]).get("ListUnsubscribe", {}).get("Header", "") == ""
    inbox = stack.stub.ListInbox(pb.ListInboxRequest(), metadata=me).notices
    assert [n.category for n in inbox] == ["supplement", "case_receipt"]  # the inbox gets both


def test_bad_preferences_name_the_field_and_store_nothing(stack: Stack) -> None:
    _, me = stack.citizen()
    with pytest.raises(grpc.RpcError) as err:
        stack.stub.UpdatePreferences(pb.UpdatePreferencesRequest(language="fr", categories=[
            pb.CategoryChannels(category="gossip", channels=["email"]),
            pb.CategoryChannels(category="bundle", channels=["fax"]),
        ]), metadata=me)  # fmt: skip
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in field_violations(err.value)] == [
        "language",
        "categories[0].category",
        "categories[1].channels[0]",
    ]
    prefs = stack.stub.GetPreferences(pb.GetPreferencesRequest(), metadata=me).preferences
    assert prefs.language == "zh-CN" and list(prefs.categories) == []


def test_inbox_is_per_person_and_a_representative_reads_it_under_a_mandate(stack: Stack) -> None:
    person_id, me = stack.citizen()
    helper_id, helper = stack.citizen()
    case_id = str(uuid.uuid4())
    stack.publish([_decided(case_id, person_id, outcome="rejected")])
    stack.consume()
    notice = stack.stub.ListInbox(pb.ListInboxRequest(), metadata=me).notices[0]
    assert stack.stub.ListInbox(pb.ListInboxRequest(), metadata=helper).notices == []
    with pytest.raises(grpc.RpcError) as err:
        stack.stub.GetNotice(pb.GetNoticeRequest(notice_id=notice.id), metadata=helper)
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    _, acting = stack.citizen(helper_id, **{"x-acting-for": person_id})
    with pytest.raises(grpc.RpcError) as err:
        stack.stub.ListInbox(pb.ListInboxRequest(), metadata=acting)
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    stack.mandates.granted.add((helper_id, person_id))
    seen = stack.stub.GetNotice(pb.GetNoticeRequest(notice_id=notice.id), metadata=acting)
    assert seen.notice.id == notice.id and seen.notice.subject_person_id == person_id


def test_staff_of_another_department_cannot_see_a_cases_deliveries(stack: Stack) -> None:
    person_id, _me = stack.citizen()
    case_id = str(uuid.uuid4())
    stack.publish([_submitted(case_id, person_id)])
    stack.consume()
    own = stack.stub.ListDeliveries(
        pb.ListDeliveriesRequest(case_id=case_id), metadata=stack.staff("c1", "civil")
    )
    assert {d.channel for d in own.deliveries} == {"inbox", "email"}
    for outsider in (stack.staff("t1", "tax"), stack.citizen()[1]):
        with pytest.raises(grpc.RpcError) as err:
            stack.stub.ListDeliveries(pb.ListDeliveriesRequest(case_id=case_id), metadata=outsider)
        assert err.value.code() == grpc.StatusCode.NOT_FOUND
