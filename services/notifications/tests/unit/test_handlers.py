"""Handlers driven with the in-memory store: who is notified, on which channels, who may see
what, and subscriptions — milliseconds, no database."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow.identity.v1 import events_pb2 as identity_events
from onewindow_kit.errors import InvalidArgument, NotFound, PermissionDenied
from onewindow_kit.outbox import PendingEvent, make_envelope
from onewindow_kit.principal import Principal
from onewindow_notifications import bootstrap, config
from onewindow_notifications.adapters.memory import MemoryStore, memory_transactions
from onewindow_notifications.service_layer import catalogue, intake, reads, subscriptions
from onewindow_notifications.service_layer.ports import Services

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
SUBMITTED = "onewindow.cases.case_submitted.v1"


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def svc(store: MemoryStore) -> Services:
    ids = itertools.count(1)
    return Services(
        transaction=memory_transactions(store),
        outbox=bootstrap.outbox(),
        catalogue=catalogue.load(config.DEFAULT_RULES, config.DEFAULT_TEMPLATES),
        clock=lambda: NOW,
        new_id=lambda: f"id-{next(ids)}",
        webhook_allow_private=("127.0.0.1",),
    )


def apply(svc: Services, source: str, event: PendingEvent) -> int:
    with svc.transaction() as tx:
        if source == "identity" and event.name in ("person_registered", "staff_changed"):
            intake.remember_contact(tx, make_envelope(source, event), NOW)
            return 0
        return intake.handle_event(tx, make_envelope(source, event), svc)


def submitted(case_id: str, applicant: str, department: str = "civil", **kw) -> PendingEvent:
    payload = cases_events.CaseSubmitted(
        case_id=case_id, case_number=f"N-{case_id}", service_type="birth_registration",
        responsible_department=department, applicant_id=applicant, due_date="2026-12-20",
    )  # fmt: skip
    return PendingEvent("case_submitted", case_id, "case", payload, **kw)


def staff(svc: Services, subject: str, department: str, roles: list[str]) -> None:
    payload = identity_events.StaffChanged(
        staff_id=subject,
        department=department,
        roles=roles,
        enabled=True,
        subject=subject,
        email=f"{subject}@gov",
    )
    apply(svc, "identity", PendingEvent("staff_changed", subject, "staff", payload))


def test_a_submission_tells_the_applicant_their_representative_and_the_handling_staff(
    svc: Services, store: MemoryStore
) -> None:
    apply(svc, "identity", PendingEvent("person_registered", "rep", "person",
        identity_events.PersonRegistered(person_id="rep", subject="kc-rep")))  # fmt: skip
    staff(svc, "clerk-1", "civil", ["clerk"])
    staff(svc, "auditor-1", "civil", ["auditor"])
    staff(svc, "clerk-tax", "tax", ["clerk"])
    actor = Principal(subject="kc-rep", person_id="rep", acting_for="p-1")
    assert apply(svc, "cases", submitted("c1", "p-1", actor=actor)) == 3
    by_recipient = {n["recipient_id"]: n for n in store.notices}
    assert set(by_recipient) == {"p-1", "rep", "clerk-1"}
    assert (
        by_recipient["p-1"]["category"] == "case_receipt" and not by_recipient["p-1"]["mandatory"]
    )
    assert by_recipient["clerk-1"]["template_id"] == "department_new_case"
    assert "N-c1" in by_recipient["p-1"]["title"] and by_recipient["p-1"]["language"] == "zh-CN"
    channels = sorted((d["recipient"], d["channel"]) for d in store.deliveries)
    assert channels == sorted([
        ("p-1", "inbox"), ("p-1", "email"), ("rep", "inbox"), ("rep", "email"),
        ("clerk-1", "inbox"),  # a new case reaches the staff's inbox; e-mail only on request
    ])  # fmt: skip


def test_a_clerk_who_asks_for_new_case_emails_gets_them_in_bulk_behind_the_receipt(
    svc: Services, store: MemoryStore
) -> None:
    staff(svc, "clerk-1", "civil", ["clerk"])
    staff(svc, "clerk-2", "civil", ["supervisor"])
    clerk = Principal(subject="clerk-1", department="civil", roles=frozenset({"clerk"}))
    reads.update_preferences(svc, clerk, language="", categories=[("department_queue", ["email"])])
    apply(svc, "cases", submitted("c1", "p-1"))
    emails = {d["recipient"]: d["priority"] for d in store.deliveries if d["channel"] == "email"}
    assert emails == {"p-1": 0, "clerk-1": 1}  # clerk-2 did not ask: inbox only
    inboxes = {d["recipient"] for d in store.deliveries if d["channel"] == "inbox"}
    assert inboxes == {"p-1", "clerk-1", "clerk-2"}


def test_preferences_choose_language_and_channels_but_not_for_mandatory_notices(
    svc: Services, store: MemoryStore
) -> None:
    citizen = Principal(subject="kc-p", person_id="p-2")
    reads.update_preferences(svc, citizen, language="en", categories=[
        ("case_receipt", []), ("supplement", ["email", "sms"]),
    ])  # fmt: skip
    with pytest.raises(InvalidArgument) as err:
        reads.update_preferences(svc, citizen, language="", categories=[("decision", ["sms"])])
    assert [v.field for v in err.value.violations] == ["categories[0].channels"]
    assert store.prefs["p-2"].channels["supplement"] == ("email", "sms")  # unchanged
    apply(svc, "cases", submitted("c2", "p-2"))
    apply(svc, "cases", PendingEvent("supplement_requested", "c2", "case",
        cases_events.SupplementRequested(case_id="c2", case_number="N-c2", applicant_id="p-2",
                                         reason="unreadable")))  # fmt: skip
    sent = sorted((d["template_id"], d["channel"]) for d in store.deliveries)
    assert sent == [
        ("case_receipt", "inbox"),
        ("supplement_requested", "email"), ("supplement_requested", "inbox"),
        ("supplement_requested", "sms"),
    ]  # fmt: skip
    assert {n["language"] for n in store.notices} == {"en"}


def test_low_ratings_reach_the_supervisors_only(svc: Services, store: MemoryStore) -> None:
    staff(svc, "sup-1", "civil", ["supervisor"])
    staff(svc, "clerk-1", "civil", ["clerk"])

    def rate(case_id: str, score: int) -> int:
        return apply(svc, "cases", PendingEvent("rating_received", case_id, "case",
            cases_events.RatingReceived(case_id=case_id, case_number=f"N-{case_id}",
                                        score=score, department="civil")))  # fmt: skip

    assert rate("c3", 4) == 0
    assert rate("c4", 1) == 1
    assert [(n["recipient_id"], n["category"]) for n in store.notices] == [
        ("sup-1", "department_work")
    ]


def test_mandates_are_security_notices_to_both_parties(svc: Services, store: MemoryStore) -> None:
    apply(svc, "identity", PendingEvent("mandate_granted", "m1", "mandate",
        identity_events.MandateGranted(mandate_id="m1", mandator_id="p-5",
                                       mandatee_person_id="p-6")))  # fmt: skip
    assert sorted((n["recipient_id"], n["category"], n["mandatory"]) for n in store.notices) == [
        ("p-5", "security", True), ("p-6", "security", True),
    ]  # fmt: skip


def test_webhooks_go_only_to_the_own_departments_matching_subscriptions(
    svc: Services, store: MemoryStore
) -> None:
    civil = Principal(subject="sa-civil", roles=frozenset({"service"}), department="civil")
    tax = Principal(subject="sa-tax", roles=frozenset({"service"}), department="tax")
    url = "http://127.0.0.1:9/hook"
    all_civil, _ = subscriptions.create(svc, civil, url=url, event_types=[SUBMITTED],
                                        service_type="", case_id="", secret="")  # fmt: skip
    subscriptions.create(svc, civil, url=url, event_types=[SUBMITTED],
                         service_type="food_licence", case_id="", secret="")  # fmt: skip
    subscriptions.create(svc, tax, url=url, event_types=[SUBMITTED], service_type="",
                         case_id="", secret="")  # fmt: skip
    apply(svc, "cases", submitted("c7", "p-7"))
    hooks = [d for d in store.deliveries if d["channel"] == "webhook"]
    assert [(d["subscription_id"], d["order_key"]) for d in hooks] == [
        (all_civil.id, f"{all_civil.id}:c7")
    ]
    assert b'"responsible_department": "civil"' in hooks[0]["payload"]


def test_subscriptions_belong_to_their_department(svc: Services, store: MemoryStore) -> None:
    civil = Principal(subject="sa-civil", roles=frozenset({"service"}), department="civil")
    other = Principal(subject="sa-tax", roles=frozenset({"service"}), department="tax")
    citizen = Principal(subject="kc-p", person_id="p-8")
    with pytest.raises(PermissionDenied):
        subscriptions.create(svc, citizen, url="http://127.0.0.1:9/", event_types=[SUBMITTED],
                             service_type="", case_id="", secret="")  # fmt: skip
    sub, secret = subscriptions.create(svc, civil, url="http://127.0.0.1:9/",
        event_types=[SUBMITTED], service_type="", case_id="", secret="")  # fmt: skip
    assert secret.startswith("whsec_")
    for action in (subscriptions.disable, subscriptions.rotate):
        with pytest.raises(NotFound):
            action(svc, other, sub.id)
    assert subscriptions.list_all(svc, other) == []
    assert store.subs[sub.id].status == "active"


def test_replay_requeues_matching_events_since_a_time_and_reactivates(
    svc: Services, store: MemoryStore
) -> None:
    civil = Principal(subject="sa-civil", roles=frozenset({"service"}), department="civil")
    sub, _ = subscriptions.create(svc, civil, url="http://127.0.0.1:9/", event_types=[SUBMITTED],
                                  service_type="", case_id="", secret="")  # fmt: skip
    apply(svc, "cases", submitted("old", "p-9", occurred_at=NOW - timedelta(days=2)))
    apply(svc, "cases", submitted("new", "p-9", occurred_at=NOW - timedelta(hours=1)))
    apply(svc, "cases", submitted("elsewhere", "p-9", department="tax"))
    store.update_subscription(sub.id, status="suspended", consecutive_failures=10)
    with pytest.raises(InvalidArgument):
        subscriptions.replay(svc, civil, sub.id, None)
    assert subscriptions.replay(svc, civil, sub.id, NOW - timedelta(days=1)) == 1
    hooks = [d["case_id"] for d in store.deliveries if d["channel"] == "webhook"]
    assert hooks == ["old", "new", "new"]
    assert (store.subs[sub.id].status, store.subs[sub.id].consecutive_failures) == ("active", 0)


def test_another_persons_notices_answer_like_missing_ones(
    svc: Services, store: MemoryStore
) -> None:
    apply(svc, "cases", submitted("c10", "p-10"))
    notice_id = store.notices[0]["id"]
    stranger = Principal(subject="kc-x", person_id="p-11")
    with pytest.raises(NotFound) as foreign:
        reads.get_notice(svc, stranger, notice_id)
    with pytest.raises(NotFound) as missing:
        reads.get_notice(svc, stranger, "no-such-notice")
    assert str(foreign.value).replace(notice_id, "X") == str(missing.value).replace(
        "no-such-notice", "X"
    )
    with pytest.raises(NotFound):
        reads.mark_read(svc, stranger, [notice_id])
    assert store.notices[0]["read_at"] is None
    owner = Principal(subject="kc-10", person_id="p-10")
    assert reads.mark_read(svc, owner, [notice_id]) == 1
    assert reads.unread_count(svc, owner) == 0


def test_the_same_event_applied_twice_notifies_once(svc: Services, store: MemoryStore) -> None:
    civil = Principal(subject="sa-civil", roles=frozenset({"service"}), department="civil")
    subscriptions.create(svc, civil, url="http://127.0.0.1:9/", event_types=[SUBMITTED],
                         service_type="", case_id="", secret="")  # fmt: skip
    envelope = make_envelope("cases", submitted("c11", "p-11"))
    for _ in range(2):
        with svc.transaction() as tx:
            intake.handle_event(tx, envelope, svc)
    assert len(store.notices) == 1
    assert sorted(d["channel"] for d in store.deliveries) == ["email", "inbox", "webhook"]


def test_staff_read_the_inbox_of_their_login_even_with_a_person_id(
    svc: Services, store: MemoryStore
) -> None:
    staff(svc, "sup-kc", "civil", ["supervisor"])
    apply(svc, "cases", PendingEvent("rating_received", "c12", "case",
        cases_events.RatingReceived(case_id="c12", case_number="N-c12", score=1,
                                    department="civil")))  # fmt: skip
    supervisor = Principal(subject="sup-kc", roles=frozenset({"supervisor"}), person_id="p-sup")
    assert reads.unread_count(svc, supervisor) == 1
    assert reads.unread_count(svc, Principal(subject="kc-p", person_id="p-sup")) == 0
