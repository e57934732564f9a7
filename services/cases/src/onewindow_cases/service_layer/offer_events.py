"""The offer events (onewindow.cases.v1, subject = offer id)."""

from __future__ import annotations

from datetime import datetime

from google.protobuf.message import Message

from onewindow.cases.v1 import events_pb2 as ev
from onewindow_cases.domain.offer import Offer
from onewindow_kit.outbox import PendingEvent
from onewindow_kit.principal import Principal


def _event(
    name: str, offer: Offer, payload: Message, at: datetime, actor: Principal | None = None
) -> PendingEvent:
    return PendingEvent(name, offer.id, "offer", payload, actor, occurred_at=at)


def offer_made(offer: Offer) -> PendingEvent:
    """offer_made: the notifications service tells the person."""
    return _event("offer_made", offer, ev.OfferMade(
        offer_id=offer.id, rule=offer.rule, person_id=offer.person_id,
        service_type=offer.service_type, bundle_type=offer.bundle_type, title=offer.title,
        trigger_event=offer.trigger_event, trigger_event_id=offer.trigger_event_id,
        trigger_case_id=offer.trigger_case_id, expires_at=offer.expires_at.isoformat(),
        missing_fields=offer.missing_fields, missing_document_types=offer.missing_documents,
    ), offer.offered_at)  # fmt: skip


def offer_confirmed(offer: Offer, actor: Principal) -> PendingEvent:
    """offer_confirmed."""
    assert offer.decided_at is not None
    return _event("offer_confirmed", offer, ev.OfferConfirmed(
        offer_id=offer.id, rule=offer.rule, person_id=offer.person_id, case_id=offer.case_id,
        case_number=offer.case_number, bundle_id=offer.bundle_id, confirmed_by=actor.subject,
    ), offer.decided_at, actor)  # fmt: skip


def offer_declined(offer: Offer, actor: Principal) -> PendingEvent:
    """offer_declined."""
    assert offer.decided_at is not None
    return _event("offer_declined", offer, ev.OfferDeclined(
        offer_id=offer.id, rule=offer.rule, person_id=offer.person_id,
        declined_by=actor.subject, reason=offer.reason,
    ), offer.decided_at, actor)  # fmt: skip


def offer_expired(offer: Offer) -> PendingEvent:
    """offer_expired (from the scanner)."""
    assert offer.decided_at is not None
    return _event("offer_expired", offer, ev.OfferExpired(
        offer_id=offer.id, rule=offer.rule, person_id=offer.person_id,
        expires_at=offer.expires_at.isoformat(),
    ), offer.decided_at)  # fmt: skip
