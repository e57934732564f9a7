"""The notices consumer passes over the events it has nothing to do for (our own events that no
rule notifies about, e.g. the delivery_succeeded of every message sent) and keeps every event
that can make a notice or a webhook."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from onewindow_kit.outbox import PendingEvent, make_envelope
from onewindow_notifications import bootstrap, config
from onewindow_notifications.adapters.memory import MemoryStore, memory_transactions
from onewindow_notifications.entrypoints.consumers import notice_event_types
from onewindow_notifications.service_layer import catalogue, event_types, intake
from onewindow_notifications.service_layer.ports import Services

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
CATALOGUE = catalogue.load(config.DEFAULT_RULES, config.DEFAULT_TEMPLATES)
WANTED = notice_event_types(CATALOGUE.rules)
OWN = sorted(t for t in event_types.PAYLOADS if t.startswith("onewindow.notifications."))


def test_every_event_of_the_other_domains_and_every_ruled_event_is_kept():
    others = {t for t in event_types.PAYLOADS if not t.startswith("onewindow.notifications.")}
    assert others <= WANTED
    assert {rule.event for rule in CATALOGUE.rules.rules} <= WANTED
    assert "onewindow.notifications.delivery_failed.v1" in WANTED
    assert "onewindow.notifications.delivery_succeeded.v1" not in WANTED


@pytest.mark.parametrize("event_type", [t for t in OWN if t not in WANTED])
def test_an_event_passed_over_would_have_made_no_notice_and_no_webhook(event_type):
    store = MemoryStore()
    svc = Services(
        transaction=memory_transactions(store), outbox=bootstrap.outbox(), catalogue=CATALOGUE,
        clock=lambda: NOW, new_id=lambda: "id-1", webhook_allow_private=("127.0.0.1",),
    )  # fmt: skip
    payload_type = event_types.PAYLOADS[event_type]
    filled = {"department": "civil", "case_id": "c-1", "recipient": "p-1", "channel": "email"}
    names = {f.name for f in payload_type.DESCRIPTOR.fields}
    payload = payload_type(**{k: v for k, v in filled.items() if k in names})
    name = event_type.split(".")[2]
    envelope = make_envelope("notifications", PendingEvent(name, "d-1", "delivery", payload))
    with svc.transaction() as tx:
        assert intake.handle_event(tx, envelope, svc) == 0
    assert store.notices == [] and store.deliveries == [] and store.events == {}
