"""The consuming processes: one group per purpose.

- ``contacts``: identity events → contact details (email, phone, staff roles) kept locally, so a
  send never waits on the identity service.
- ``notices``: cases, documents, identity and our own events → notices + deliveries."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from onewindow.events.v1 import envelope_pb2
from onewindow_notifications.adapters.store import SqlStore
from onewindow_notifications.service_layer import intake
from onewindow_notifications.service_layer.ports import Services

NOTICES_CONSUMER = "notifications-notices"
NOTICE_DOMAINS = ("cases", "documents", "identity", "notifications")

Handler = Callable[[Session, envelope_pb2.EventEnvelope], None]


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
