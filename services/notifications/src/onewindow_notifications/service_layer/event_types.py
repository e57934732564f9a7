"""The events this service understands: envelope type → payload message, the facts rules filter
on, and the fields templates may use."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC
from typing import Any

from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from onewindow.cases.v1 import events_pb2 as cases
from onewindow.documents.v1 import events_pb2 as documents
from onewindow.events.v1 import envelope_pb2
from onewindow.identity.v1 import events_pb2 as identity
from onewindow.notifications.v1 import events_pb2 as notifications
from onewindow_kit.consumer import UndecodableEvent
from onewindow_kit.outbox import event_type

_MODULES = {
    "cases": cases,
    "documents": documents,
    "identity": identity,
    "notifications": notifications,
}


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def _catalogue() -> dict[str, type[Message]]:
    out: dict[str, type[Message]] = {}
    for source, module in _MODULES.items():
        for name in module.DESCRIPTOR.message_types_by_name:
            out[event_type(source, _snake(name))] = getattr(module, name)
    return out


PAYLOADS: dict[str, type[Message]] = _catalogue()

# Where the facts rules filter on live in the payloads (first non-empty wins).
_FACT_FIELDS = {
    "department": ("responsible_department", "department", "issuer_department"),
    "applicant": ("applicant_id", "person_id", "mandator_id"),
    "case_id": ("case_id",),
    "case_number": ("case_number",),
    "service_type": ("service_type",),
    "outcome": ("outcome",),
    "score": ("score",),
    "assignee": ("assignee",),
    "channel": ("channel",),
}


def payload_of(envelope: envelope_pb2.EventEnvelope) -> Message | None:
    """The typed payload, or None for an event type this service does not know."""
    cls = PAYLOADS.get(envelope.type)
    if cls is None:
        return None
    message = cls()
    if not envelope.payload.Unpack(message):
        raise UndecodableEvent(f"{envelope.type} carries {envelope.payload.type_url}")
    return message


def fields_of(message: Message) -> dict[str, Any]:
    """The payload as a dict with the proto field names, unset fields included."""
    return json_format.MessageToDict(
        message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )


def envelope_json(
    envelope: envelope_pb2.EventEnvelope, payload: Message, fields: Mapping[str, Any]
) -> bytes:
    """The envelope in proto3 JSON (original field names, the payload expanded with @type,
    sorted keys), exactly as json_format.MessageToJson writes it, but with the payload's
    ``fields`` (fields_of) reused instead of converted a second time: MessageToJson walked
    the whole envelope in Python and was a fifth of the consumer's CPU."""
    head = envelope_pb2.EventEnvelope()
    head.CopyFrom(envelope)
    head.ClearField("payload")
    js = json_format.MessageToDict(head, preserving_proto_field_name=True)
    if envelope.HasField("payload"):
        present = {f.name for f, _ in payload.ListFields()}  # what MessageToJson would print
        js["payload"] = {"@type": envelope.payload.type_url}
        js["payload"].update((k, v) for k, v in fields.items() if k in present)
    return json.dumps(js, sort_keys=True).encode()


def facts(fields: Mapping[str, Any]) -> dict[str, Any]:
    """department, applicant, case_id, service_type, outcome, score … from the payload."""
    out: dict[str, Any] = {}
    for fact, names in _FACT_FIELDS.items():
        out[fact] = next((fields[n] for n in names if fields.get(n)), "")
    return out


def template_context(envelope: envelope_pb2.EventEnvelope, fields: Mapping[str, Any]) -> dict:
    """What a template sees: the payload's fields plus the event's id, type and time."""
    occurred = (
        envelope.occurred_at.ToDatetime(tzinfo=UTC) if envelope.HasField("occurred_at") else None
    )
    # Payload fields win: a delivery_failed event names the event that failed, for example.
    return {
        "event_id": envelope.id,
        "event_type": envelope.type,
        "occurred_at": occurred.isoformat() if occurred else "",
        **fields,
    }


def _sample_value(field: FieldDescriptor) -> Any:
    nested = field.message_type
    if nested is not None and nested.GetOptions().map_entry:
        return {"zh-CN": "示例", "en": "sample"}
    if nested is not None:
        if nested.full_name == "google.protobuf.Timestamp":
            value: Any = "2026-01-01T00:00:00Z"
        else:
            value = sample_fields(nested)
    elif field.type == FieldDescriptor.TYPE_BOOL:
        value = True
    elif field.cpp_type in (FieldDescriptor.CPPTYPE_STRING,):
        value = f"sample-{field.name}"
    else:
        value = 1
    return [value] if field.is_repeated else value


def sample_fields(descriptor: Any) -> dict[str, Any]:
    """Every field of a message with a sample value (templates are trial-rendered with it)."""
    return {f.name: _sample_value(f) for f in descriptor.fields}


def samples() -> dict[str, dict[str, Any]]:
    """Sample template contexts per known event type."""
    return {t: sample_fields(cls.DESCRIPTOR) for t, cls in PAYLOADS.items()}
