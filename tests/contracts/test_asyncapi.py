"""The event catalogue (docs/asyncapi.yaml) that integrators read: its structure, that it lists
every topic and every event of the event protos, and that its JSON form is the one protobuf and
the kit's outbox really produce."""

from __future__ import annotations

import copy
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from google.protobuf import json_format
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from onewindow_kit.outbox import PendingEvent, make_envelope
from onewindow_kit.topics import DOMAINS, domain_topic

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "infra"))
import asyncapi  # noqa: E402  (infra/asyncapi.py, the generator)
from asyncapi_schema import EXAMPLE_TIME, ProtoSet, walk_refs  # noqa: E402

DOC_PATH = ROOT / "docs" / "asyncapi.yaml"
REF = {"type": "object", "required": ["$ref"], "properties": {"$ref": {"type": "string"}}}
# The parts of AsyncAPI 3.0 that integrators' tools (and this project) rely on.
STRUCTURE = {
    "type": "object",
    "required": ["asyncapi", "info", "servers", "channels", "operations", "components"],
    "properties": {
        "asyncapi": {"const": "3.0.0"},
        "info": {"type": "object", "required": ["title", "version", "description"]},
        "servers": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "required": ["host", "protocol"],
                "properties": {"protocol": {"const": "kafka"}},
            },
        },
        "channels": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["address", "messages", "bindings"],
                "properties": {
                    "address": {"type": "string", "pattern": r"^onewindow\.[a-z]+\.v[0-9]+$"},
                    "messages": {"type": "object", "additionalProperties": REF},
                },
            },
        },
        "operations": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["action", "channel", "messages"],
                "properties": {
                    "action": {"enum": ["send", "receive"]},
                    "channel": REF,
                    "messages": {"type": "array", "minItems": 1, "items": REF},
                },
            },
        },
        "components": {
            "type": "object",
            "required": ["messages", "schemas"],
            "properties": {
                "messages": {
                    "type": "object",
                    "minProperties": 1,
                    "additionalProperties": {
                        "type": "object",
                        "required": ["name", "headers", "payload", "bindings", "examples"],
                        "properties": {
                            "bindings": {
                                "type": "object",
                                "required": ["kafka"],
                                "properties": {"kafka": {"type": "object", "required": ["key"]}},
                            },
                            "examples": {"type": "array", "minItems": 1},
                        },
                    },
                },
                "schemas": {"type": "object", "minProperties": 1},
            },
        },
    },
}


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return yaml.safe_load(DOC_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def protos() -> tuple[ProtoSet, list[asyncapi.Event]]:
    root = ROOT / "proto"
    files = asyncapi.event_files(root)
    found = ProtoSet.load(asyncapi.compile_protos(root, [asyncapi.ENVELOPE_FILE, *files]))
    return found, asyncapi.find_events(found, files)


def validator(doc: dict[str, Any], pointer: str) -> Draft7Validator:
    """Validates against the schema at ``pointer`` inside the document (its $refs resolved)."""
    registry = Registry().with_resource("urn:asyncapi", Resource(doc, DRAFT7))
    return Draft7Validator({"$ref": f"urn:asyncapi#{pointer}"}, registry=registry)


def resolve(doc: dict[str, Any], ref: str) -> Any:
    node: Any = doc
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def test_the_catalogue_has_the_asyncapi_shape_and_every_reference_resolves(doc):
    errors = [e.message for e in Draft7Validator(STRUCTURE).iter_errors(doc)]
    assert errors == []
    refs = set(walk_refs(doc))
    assert refs
    for ref in refs:
        assert ref.startswith("#/"), ref
        resolve(doc, ref)  # KeyError names a dangling reference


def test_every_topic_has_a_channel_and_every_event_of_the_protos_a_message(doc, protos):
    _, events = protos
    assert {c["address"] for c in doc["channels"].values()} >= {domain_topic(d) for d in DOMAINS}
    assert len(events) >= 20  # identity, cases and documents events at least
    for event in events:
        channel = doc["channels"][event.domain]
        assert channel["address"] == f"onewindow.{event.domain}.v1"
        message = resolve(doc, channel["messages"][event.name]["$ref"])
        assert message["name"] == event.name
        assert message["x-protobuf-message"] == event.message.lstrip(".")
        assert message["headers"]["properties"]["event_type"]["const"] == event.type
        operation = doc["operations"][f"publish_{event.domain}_events"]
        assert {"$ref": f"#/channels/{event.domain}/messages/{event.name}"} in operation["messages"]
    listed = {name for c in doc["channels"].values() for name in c["messages"]}
    assert listed == {e.name for e in events}, "the catalogue lists events the protos do not have"


def test_each_payload_schema_names_every_field_of_its_message(doc, protos):
    found, events = protos
    for event in events:
        schema = doc["components"]["schemas"][event.message.lstrip(".")]
        fields = found.messages[event.message].field
        assert list(schema["properties"]) == [f.json_name for f in fields]
        assert fields[0].name == event.key_field and event.key_field.endswith("_id")


def _example(doc: dict[str, Any], event: asyncapi.Event) -> dict[str, Any]:
    return doc["components"]["messages"][event.type]["examples"][0]


def test_examples_are_valid_and_read_back_into_the_protobuf_messages(doc, protos):
    found, events = protos
    for event in events:
        example = _example(doc, event)
        payload_at = f"/components/messages/{event.type}/payload"
        assert list(validator(doc, payload_at).iter_errors(example["payload"])) == []
        headers_at = f"/components/messages/{event.type}/headers"
        assert list(validator(doc, headers_at).iter_errors(example["headers"])) == []
        envelope = json_format.ParseDict(
            example["payload"], found.message_class(asyncapi.ENVELOPE)(), descriptor_pool=found.pool
        )
        typed = found.message_class(event.message)()
        assert envelope.payload.Unpack(typed)
        assert envelope.subject == getattr(typed, event.key_field)


def test_the_kits_own_envelopes_match_the_catalogue(doc, protos):
    """What the outbox writes, printed as JSON, is valid against the catalogue's schema."""
    found, events = protos
    for event in events:
        example = _example(doc, event)["payload"]
        typed = found.message_class(event.message)()
        json_format.ParseDict({k: v for k, v in example["payload"].items() if k != "@type"}, typed)
        subject = getattr(typed, event.key_field)
        envelope = make_envelope(
            event.domain, PendingEvent(event.name, subject, event.aggregate, typed)
        )
        value = json_format.MessageToDict(envelope, descriptor_pool=found.pool)
        errors = validator(doc, f"/components/messages/{event.type}/payload").iter_errors(value)
        assert [e.message for e in errors] == []


def test_the_schemas_refuse_what_protobuf_would_not_print(doc, protos):
    _, events = protos
    submitted = next(e for e in events if e.name == "case_submitted")
    decided = next(e for e in events if e.name == "case_decided")
    check = validator(doc, f"/components/messages/{submitted.type}/payload")
    good = _example(doc, submitted)["payload"]
    assert check.is_valid(good)
    wrong_number = copy.deepcopy(good)
    wrong_number["payload"]["catalogueVersion"] = "four"
    no_subject = {k: v for k, v in good.items() if k != "subject"}
    other_event = _example(doc, decided)["payload"]
    for bad in (wrong_number, no_subject, other_event):
        assert not check.is_valid(bad)


EXTRA_EVENTS = """\
// Events of a new service (test only).
syntax = "proto3";
package onewindow.notifications.v1;
import "google/protobuf/timestamp.proto";

enum Channel {
  CHANNEL_UNSPECIFIED = 0;
  CHANNEL_EMAIL = 1;
}

// delivery_failed: a delivery gave up.
message DeliveryFailed {
  message Attempt {
    google.protobuf.Timestamp at = 1;
    string error = 2;
  }
  string delivery_id = 1;
  Channel channel = 2;
  int64 size_bytes = 3;
  repeated Attempt attempts = 4;
  map<string, int32> counts = 5;
  google.protobuf.Timestamp failed_at = 6;  // when it gave up
  bytes digest = 7;
}
"""


CLASSIFICATION_FILE = "onewindow/common/v1/classification.proto"


def _proto_root_with_envelope(tmp_path):
    """A proto tree holding only the event envelope and the classification option it uses."""
    root = tmp_path / "proto"
    for name in (asyncapi.ENVELOPE_FILE, CLASSIFICATION_FILE):
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "proto" / name, target)
    return root


def test_a_new_event_proto_is_picked_up_with_its_proto3_json_types(tmp_path):
    root = _proto_root_with_envelope(tmp_path)
    extra = root / "onewindow" / "notifications" / "v1" / "events.proto"
    extra.parent.mkdir(parents=True)
    extra.write_text(EXTRA_EVENTS, encoding="utf-8")

    doc = yaml.safe_load(asyncapi.render(asyncapi.build(root)))

    channel = doc["channels"]["notifications"]
    assert channel["address"] == "onewindow.notifications.v1"
    assert channel["description"] == "Events of a new service (test only)."
    assert list(channel["messages"]) == ["delivery_failed"]
    assert all(not doc["channels"][d]["messages"] for d in ("identity", "cases", "documents"))
    props = doc["components"]["schemas"]["onewindow.notifications.v1.DeliveryFailed"]["properties"]
    assert props["channel"]["enum"] == ["CHANNEL_UNSPECIFIED", "CHANNEL_EMAIL"]
    assert props["sizeBytes"]["type"] == "string" and props["sizeBytes"]["pattern"]
    assert props["failedAt"]["format"] == "date-time"
    assert props["failedAt"]["description"] == "when it gave up"
    assert props["counts"]["additionalProperties"]["type"] == "integer"
    assert props["digest"]["contentEncoding"] == "base64"
    attempt_ref = props["attempts"]["items"]["$ref"]
    assert attempt_ref == "#/components/schemas/onewindow.notifications.v1.DeliveryFailed.Attempt"
    message = doc["components"]["messages"]["onewindow.notifications.delivery_failed.v1"]
    assert message["summary"] == "a delivery gave up."
    example = message["examples"][0]["payload"]
    assert example["payload"]["sizeBytes"] == "3"  # int64 travels as a string
    assert example["payload"]["attempts"][0]["at"] == EXAMPLE_TIME
    check = validator(
        doc, "/components/messages/onewindow.notifications.delivery_failed.v1/payload"
    )
    assert [e.message for e in check.iter_errors(example)] == []


def test_an_event_without_its_aggregate_id_first_is_refused(tmp_path):
    root = _proto_root_with_envelope(tmp_path)
    extra = root / "onewindow" / "notifications" / "v1" / "events.proto"
    extra.parent.mkdir(parents=True)
    extra.write_text(
        'syntax = "proto3";\npackage onewindow.notifications.v1;\n'
        "message Sent { string channel = 1; string delivery_id = 2; }\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit) as refused:
        asyncapi.build(root)
    assert "Sent must start with the aggregate id" in str(refused.value)
