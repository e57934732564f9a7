"""The consuming processes: one group per purpose.

- ``contacts``: identity events → contact details (email, phone, staff roles) kept locally, so a
  send never waits on the identity service.
- ``notices``: cases, documents, identity and our own events → notices + deliveries."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from onewindow.events.v1 import envelope_pb2
from onewindow_kit.consumer import BatchHandler
from onewindow_kit.logging import reset_correlation_id, set_correlation_id
from onewindow_notifications.adapters.batch import BatchStore
from onewindow_notifications.adapters.store import SqlStore
from onewindow_notifications.domain.rules import RuleSet
from onewindow_notifications.service_layer import event_types, intake
from onewindow_notifications.service_layer.ports import Services

NOTICES_CONSUMER = "notifications-notices"
NOTICE_DOMAINS = ("cases", "documents", "identity", "notifications")

Handler = Callable[[Session, envelope_pb2.EventEnvelope], None]
OWN_EVENTS = "onewindow.notifications."
# The notices consumer asks the broker for batches: a fetch is answered once 16 KiB of events
# are there or 250 ms have passed, so a steady flow is applied a few dozen events per
# transaction instead of one or two; a quiet hour adds at most 250 ms per event.
BATCHED_FETCH = {"fetch_min_bytes": 16 * 1024, "fetch_max_wait_ms": 250}


def notice_event_types(rules: RuleSet) -> frozenset[str]:
    """The events the notices consumer acts on: every known event of the other domains (rules
    make notices of some; webhooks carry any of them to department systems) and those of our
    own events a rule notifies about — our own events are never sent as webhooks, so the
    delivery_succeeded of every message sent is passed over unparsed."""
    others = {t for t in event_types.PAYLOADS if not t.startswith(OWN_EVENTS)}
    return frozenset(others | {rule.event for rule in rules.rules})


def notices_batch_handler(svc: Services) -> BatchHandler:
    """The ConsumerRunner batch handler: a batch's reads cached and its writes flushed as a few
    multi-row statements, inside the runner's transaction (with the dedupe rows)."""

    def handle(session: Session, envelopes: list[envelope_pb2.EventEnvelope]) -> None:
        store = BatchStore(SqlStore(session))
        store.prefetch_parties(*intake.batch_keys(envelopes))
        for envelope in envelopes:
            token = set_correlation_id(envelope.correlation_id)
            try:
                intake.handle_event(store, envelope, svc)
            except Exception as exc:
                exc.onewindow_event_id = envelope.id  # type: ignore[attr-defined]
                raise
            finally:
                reset_correlation_id(token)
        store.flush()

    return handle


def notices_handler(svc: Services) -> Handler:
    """The ConsumerRunner handler: works inside the runner's transaction (with the dedupe row)."""

    def handle(session: Session, envelope: envelope_pb2.EventEnvelope) -> None:
        intake.handle_event(SqlStore(session), envelope, svc)

    return handle


CONTACTS_CONSUMER = "notifications-contacts"


def contacts_handler(svc: Services) -> Handler:
    """Identity events → the contact details sends use."""

    def handle(session: Session, envelope: envelope_pb2.EventEnvelope) -> None:
        intake.remember_contact(SqlStore(session), envelope, svc.clock())

    return handle
