"""An event in → notices and deliveries out, inside the consumer's transaction (with its dedupe
row). Nothing is sent here: the dispatcher sends what this commits."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from onewindow.events.v1 import envelope_pb2
from onewindow_notifications.domain.model import DEFAULT_LANGUAGE, Preferences
from onewindow_notifications.domain.rules import Category, Rule
from onewindow_notifications.domain.templates import Rendered
from onewindow_notifications.service_layer import event_types
from onewindow_notifications.service_layer.ports import Services, Store

STAFF_ROLES = {"supervisors": ("supervisor",), "department_admins": ("dept_admin",)}
HANDLING_ROLES = ("clerk", "supervisor")


def handle_event(store: Store, envelope: envelope_pb2.EventEnvelope, svc: Services) -> int:
    """Apply one event; returns how many notices it created."""
    payload = event_types.payload_of(envelope)
    if payload is None:
        return 0
    fields = event_types.fields_of(payload)
    facts = event_types.facts(fields)
    now = svc.clock()
    _remember(store, envelope, facts, now)
    parties = store.case_parties(facts["case_id"])
    facts["department"] = facts["department"] or parties.get("department", "")
    facts["case_number"] = facts["case_number"] or parties.get("case_number", "")
    created = 0
    for rule in svc.catalogue.rules.matching(envelope.type, facts):
        created += _notify(store, svc, rule, envelope, fields, facts, parties, now)
    if envelope.source != "notifications" and facts["department"]:
        body = event_types.envelope_json(envelope, payload, fields)
        _webhooks(store, svc, envelope, facts, body, now)
    return created


def batch_keys(envelopes: list[envelope_pb2.EventEnvelope]) -> tuple[list[str], list[str]]:
    """The case ids and the applicant ids a batch of events names, each payload unpacked once
    (to read what is known of those cases, and those people's preferences, at once)."""
    cases: list[str] = []
    applicants: list[str] = []
    for envelope in envelopes:
        payload = event_types.payload_of(envelope)
        if payload is None:
            continue
        for found, field in ((cases, "case_id"), (applicants, "applicant_id")):
            value = getattr(payload, field, "")
            if value:
                found.append(value)
    return cases, applicants


def remember_contact(store: Store, envelope: envelope_pb2.EventEnvelope, now: datetime) -> None:
    """Identity's contact details (the ``contacts`` consumer): sends read them, never identity."""
    payload = event_types.payload_of(envelope)
    if payload is None:
        return
    fields = event_types.fields_of(payload)
    kind = envelope.type.split(".")[2]
    if kind == "person_registered":
        store.upsert_contact({
            "recipient_id": fields["person_id"], "kind": "person", "email": fields["email"],
            "phone": fields["phone"], "subject": fields.get("subject", ""), "updated_at": now,
        })  # fmt: skip
    elif kind in ("contact_change_requested", "contact_details_changed"):
        _remember_contact_change(store, envelope.id, kind, fields, now)
    elif kind == "staff_changed":
        store.upsert_contact({
            "recipient_id": fields.get("subject") or fields["staff_id"], "kind": "staff",
            "email": fields.get("email", ""), "department": fields["department"],
            "roles": list(fields["roles"]), "enabled": bool(fields["enabled"]),
            "subject": fields.get("subject", ""), "updated_at": now,
        })  # fmt: skip


def event_address(event_id: str) -> str:
    """The recipient id of an address that only one event names (a contact change's new or old
    address): not a person, so nothing else — inbox, preferences, other notices — reaches it."""
    return f"address:{event_id}"


def _remember_contact_change(
    store: Store, event_id: str, kind: str, fields: Mapping[str, Any], now: datetime
) -> None:
    """The code goes to the NEW address only; once changed, the OLD address is told and the
    person's contact row takes the new values."""
    side = "new" if kind == "contact_change_requested" else "old"
    store.upsert_contact({
        "recipient_id": event_address(event_id), "kind": "address",
        "email": fields.get(f"{side}_email", ""), "phone": fields.get(f"{side}_phone", ""),
        "updated_at": now,
    })  # fmt: skip
    if kind == "contact_details_changed":
        store.upsert_contact({
            "recipient_id": fields["person_id"], "kind": "person",
            "email": fields.get("new_email", ""), "phone": fields.get("new_phone", ""),
            "updated_at": now,
        })  # fmt: skip


def _remember(
    store: Store,
    envelope: envelope_pb2.EventEnvelope,
    facts: Mapping[str, Any],
    now: datetime,
) -> None:
    """Keep who a case concerns: later events of the case often carry less."""
    kind = envelope.type.split(".")[2]
    if kind == "case_submitted":
        representative = ""
        actor = envelope.actor
        if actor.acting_for and actor.subject:
            representative = store.person_of_subject(actor.subject)
        store.upsert_case_parties({
            "case_id": facts["case_id"], "case_number": facts["case_number"],
            "applicant_id": facts["applicant"], "representative_id": representative,
            "department": facts["department"], "service_type": facts["service_type"],
            "assignee": "", "updated_at": now,
        })  # fmt: skip
    elif kind == "case_assigned" and facts["case_id"]:
        store.upsert_case_parties({
            "case_id": facts["case_id"], "assignee": facts["assignee"], "updated_at": now,
        })  # fmt: skip


def _recipients(
    store: Store,
    rule: Rule,
    fields: Mapping[str, Any],
    facts: Mapping[str, Any],
    parties: Mapping[str, Any],
    event_id: str,
) -> list[str]:
    out: list[str] = []
    for kind in rule.recipients:
        if kind == "applicant":
            found = [facts["applicant"] or parties.get("applicant_id", "")]
        elif kind == "representative":
            found = [parties.get("representative_id", "")]
        elif kind == "assignee":
            found = [facts["assignee"] or parties.get("assignee", "")]
        elif kind == "department_staff":
            found = store.staff_with_roles(facts["department"], HANDLING_ROLES)
        elif kind in STAFF_ROLES:
            found = store.staff_with_roles(facts["department"], STAFF_ROLES[kind])
        elif kind == "event_address":
            found = [event_address(event_id)]
        else:  # field:<name>
            found = [str(fields.get(kind.removeprefix("field:"), ""))]
        out.extend(r for r in found if r and r not in out)
    return out


def channels_for(category: Category, prefs: Preferences | None) -> tuple[str, ...]:
    """The person's channels for a category; a mandatory category keeps its required ones."""
    chosen = category.default_channels
    if prefs is not None and category.name in prefs.channels:
        chosen = prefs.channels[category.name]
    if category.mandatory:
        chosen = tuple(dict.fromkeys((*category.required_channels, *chosen)))
    return chosen


def _notify(
    store: Store,
    svc: Services,
    rule: Rule,
    envelope: envelope_pb2.EventEnvelope,
    fields: Mapping[str, Any],
    facts: Mapping[str, Any],
    parties: Mapping[str, Any],
    now: datetime,
) -> int:
    category = svc.catalogue.rules.categories[rule.category]
    template = svc.catalogue.templates[rule.template]
    context = event_types.template_context(envelope, fields)
    subject_person = facts["applicant"] or parties.get("applicant_id", "")
    notices: list[dict[str, Any]] = []
    deliveries: list[dict[str, Any]] = []
    for recipient in _recipients(store, rule, fields, facts, parties, envelope.id):
        prefs = store.preferences(recipient)
        rendered = template.render(prefs.language if prefs else DEFAULT_LANGUAGE, context)
        notice = {
            "id": svc.new_id(), "recipient_id": recipient, "subject_person_id": subject_person,
            "category": category.name, "rule_id": rule.id, "mandatory": category.mandatory,
            "event_type": envelope.type, "event_id": envelope.id, "case_id": facts["case_id"],
            "case_number": facts["case_number"], "department": facts["department"],
            "language": rendered.language, "title": rendered.title, "body": rendered.text,
            "template_id": rendered.template_id, "template_version": rendered.version,
            "content_hash": rendered.content_hash, "created_at": now,
        }  # fmt: skip
        notices.append(notice)
        channels = channels_for(category, prefs)
        deliveries += _deliveries(svc, notice, rendered, channels, now, bulk=category.bulk)
    added = store.add_notices(notices)  # a notice that exists already is not sent again
    store.add_deliveries([d for d in deliveries if d["notice_id"] in added])
    return len(added)


def _deliveries(
    svc: Services,
    notice: dict[str, Any],
    rendered: Rendered,
    channels: tuple[str, ...],
    now: datetime,
    *,
    bulk: bool = False,
) -> list[dict[str, Any]]:
    """A notice's deliveries: the inbox (delivered at once) and each chosen channel (priority 1,
    sent after the others under a rate limit, for a bulk category)."""
    base = {
        "notice_id": notice["id"], "recipient": notice["recipient_id"],
        "event_id": notice["event_id"], "event_type": notice["event_type"],
        "case_id": notice["case_id"], "department": notice["department"],
        "template_id": rendered.template_id, "template_version": rendered.version,
        "language": rendered.language, "content_hash": rendered.content_hash,
        "mandatory": notice["mandatory"], "created_at": now, "updated_at": now,
        "next_attempt_at": now, "priority": 1 if bulk else 0,
    }  # fmt: skip
    out = [{**base, "id": svc.new_id(), "channel": "inbox", "status": "delivered",
            "delivered_at": now}]  # fmt: skip
    for channel in channels:
        out.append({
            **base, "id": svc.new_id(), "channel": channel, "status": "created",
            "rate_key": "smtp" if channel == "email" else "sms", "title": rendered.title,
            "text_body": rendered.sms if channel == "sms" else rendered.text,
            "html_body": rendered.html if channel == "email" else "",
        })  # fmt: skip
    return out


def _webhooks(
    store: Store,
    svc: Services,
    envelope: envelope_pb2.EventEnvelope,
    facts: Mapping[str, Any],
    body: bytes,
    now: datetime,
) -> None:
    department = facts["department"]
    occurred = (
        envelope.occurred_at.ToDatetime(tzinfo=UTC) if envelope.HasField("occurred_at") else now
    )
    fresh = store.add_event({
        "event_id": envelope.id, "event_type": envelope.type, "department": department,
        "service_type": facts["service_type"], "case_id": facts["case_id"],
        "occurred_at": occurred, "received_at": now, "body": body,
    })  # fmt: skip
    if not fresh:
        return  # delivered to the subscriptions the first time (a replay sends it again)
    subs = store.subscriptions_for(department, envelope.type)
    rows = [
        webhook_delivery(svc, sub.id, envelope.id, envelope.type, facts, body, now)
        for sub in subs
        if (not sub.service_type or sub.service_type == facts["service_type"])
        and (not sub.case_id or sub.case_id == facts["case_id"])
    ]
    store.add_deliveries(rows)


def webhook_delivery(
    svc: Services,
    subscription_id: str,
    event_id: str,
    event_type: str,
    facts: Mapping[str, Any],
    body: bytes,
    now: datetime,
) -> dict[str, Any]:
    """A webhook delivery row; one subscription's deliveries of one case go out in order."""
    return {
        "id": svc.new_id(), "channel": "webhook", "recipient": subscription_id,
        "subscription_id": subscription_id,
        "order_key": f"{subscription_id}:{facts.get('case_id') or event_id}",
        "rate_key": f"webhook:{subscription_id}", "status": "created", "event_id": event_id,
        "event_type": event_type, "case_id": facts.get("case_id", ""),
        "department": facts.get("department", ""), "payload": body,
        "created_at": now, "updated_at": now, "next_attempt_at": now,
    }  # fmt: skip
