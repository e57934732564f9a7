"""Identity's contact changes: the code reaches only the NEW address, the OLD one is told of the
change, and the contact row follows — driven with the in-memory store."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from onewindow.identity.v1 import events_pb2 as identity_events
from onewindow_kit.outbox import PendingEvent, make_envelope
from onewindow_notifications import bootstrap, config
from onewindow_notifications.adapters.memory import MemoryStore, memory_transactions
from onewindow_notifications.service_layer import catalogue, intake
from onewindow_notifications.service_layer.ports import Services

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


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
        webhook_allow_private=(),
    )


def both_consumers(svc: Services, event: PendingEvent) -> str:
    """What the contacts and the notices consumers do with one identity event; its id."""
    envelope = make_envelope("identity", event)
    with svc.transaction() as tx:
        intake.remember_contact(tx, envelope, NOW)
    with svc.transaction() as tx:
        intake.handle_event(tx, envelope, svc)
    return envelope.id


def registered(svc: Services) -> None:
    payload = identity_events.PersonRegistered(
        person_id="p-1", email="old@example.cn", phone="+8613800000001", subject="kc-1"
    )
    with svc.transaction() as tx:
        intake.remember_contact(
            tx, make_envelope("identity", PendingEvent("person_registered", "p-1", "person",
                                                        payload)), NOW)  # fmt: skip


def sends(store: MemoryStore) -> list[tuple[str, str, str]]:
    """(channel, address, text) of every outgoing delivery, as the dispatcher would resolve it."""
    out = []
    for d in store.deliveries:
        if d["channel"] == "inbox":
            continue
        contact = store.contact(d["recipient"])
        assert contact is not None
        address = contact["email"] if d["channel"] == "email" else contact["phone"]
        out.append((d["channel"], address, d["text_body"]))
    return out


def test_the_code_goes_only_to_the_new_email_address(svc: Services, store: MemoryStore) -> None:
    registered(svc)
    payload = identity_events.ContactChangeRequested(
        change_id="ch-1", person_id="p-1", channel="email", new_email="new@example.cn",
        code="493817",
    )  # fmt: skip
    both_consumers(svc, PendingEvent("contact_change_requested", "p-1", "person", payload))

    out = sends(store)
    assert [(c, a) for c, a, _ in out] == [("email", "new@example.cn")]
    assert "493817" in out[0][2]
    assert all(n["recipient_id"] != "p-1" for n in store.notices)  # no copy in the inbox
    assert all(n["mandatory"] for n in store.notices)
    assert store.contact("p-1")["email"] == "old@example.cn"  # not changed by a request


def test_a_phone_code_goes_by_sms_to_the_new_number(svc: Services, store: MemoryStore) -> None:
    registered(svc)
    payload = identity_events.ContactChangeRequested(
        change_id="ch-2", person_id="p-1", channel="sms", new_phone="+8613900000002",
        code="000731",
    )  # fmt: skip
    both_consumers(svc, PendingEvent("contact_change_requested", "p-1", "person", payload))

    out = sends(store)
    assert [(c, a) for c, a, _ in out] == [("sms", "+8613900000002")]
    assert "000731" in out[0][2]


def test_a_confirmed_change_tells_the_old_address_and_updates_the_contact(
    svc: Services, store: MemoryStore
) -> None:
    registered(svc)
    payload = identity_events.ContactDetailsChanged(
        change_id="ch-1", person_id="p-1", channel="email", old_email="old@example.cn",
        new_email="new@example.cn", old_phone="+8613800000001", new_phone="+8613800000001",
    )  # fmt: skip
    both_consumers(svc, PendingEvent("contact_details_changed", "p-1", "person", payload))

    out = sends(store)
    assert [(c, a) for c, a, _ in out] == [("email", "old@example.cn")]
    assert "new@example.cn" in out[0][2]
    contact = store.contact("p-1")
    assert (contact["email"], contact["subject"], contact["kind"]) == (
        "new@example.cn",
        "kc-1",
        "person",
    )


def test_a_new_login_is_a_mandatory_security_notice_to_the_person(
    svc: Services, store: MemoryStore
) -> None:
    registered(svc)
    payload = identity_events.NewLoginDetected(
        person_id="p-1", client_id="onewindow-mobile", ip_address="203.0.113.9"
    )
    payload.logged_in_at.FromDatetime(NOW)
    both_consumers(svc, PendingEvent("new_login_detected", "p-1", "person", payload))

    (notice,) = store.notices
    assert (notice["recipient_id"], notice["category"], notice["mandatory"]) == (
        "p-1",
        "security",
        True,
    )
    assert "203.0.113.9" in notice["body"]
    assert ("email", "old@example.cn") in [(c, a) for c, a, _ in sends(store)]
