"""The webhook body the consumer writes is exactly what json_format.MessageToJson writes for the
envelope (original field names, the payload expanded with @type, sorted keys)."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf import json_format

from onewindow_kit.outbox import PendingEvent, make_envelope
from onewindow_kit.principal import Principal
from onewindow_notifications.service_layer import event_types

WHEN = datetime(2026, 12, 2, 9, 30, 1, 5, tzinfo=UTC)


def _reference(envelope: object) -> bytes:
    return json_format.MessageToJson(
        envelope, preserving_proto_field_name=True, indent=None, sort_keys=True
    ).encode()  # type: ignore[arg-type]


def test_every_known_event_full_or_sparse_with_or_without_an_actor() -> None:
    actor = Principal(subject="kc-1", person_id="p-1", acting_for="p-2", department="health")
    checked = 0
    for type_name, cls in event_types.PAYLOADS.items():
        full = json_format.ParseDict(event_types.sample_fields(cls.DESCRIPTOR), cls())
        sparse = cls()  # every field at its default: printed by neither
        name = type_name.split(".")[2]
        source = type_name.split(".")[1]
        for payload in (full, sparse):
            for who in (actor, None):
                event = PendingEvent(name, "agg-1", "case", payload, actor=who, occurred_at=WHEN)
                envelope = make_envelope(source, event)
                typed = event_types.payload_of(envelope)
                assert typed is not None
                fields = event_types.fields_of(typed)
                assert event_types.envelope_json(envelope, typed, fields) == _reference(envelope)
                checked += 1
    assert checked == 4 * len(event_types.PAYLOADS) > 40
