"""Data classification (issue 16 §4): the contract check names unclassified fields; logs and
refusals never carry a PERSONAL or SENSITIVE value; open data takes PUBLIC fields only."""

from __future__ import annotations

import io
import json
import logging

import grpc
import pytest
from google.protobuf import (
    any_pb2,
    descriptor_pb2,
    descriptor_pool,
    json_format,
    message_factory,
    struct_pb2,
)

from onewindow.common.v1 import classification_pb2
from onewindow.documents.v1 import documents_pb2, documents_pb2_grpc
from onewindow.events.v1 import envelope_pb2
from onewindow.notifications.v1 import events_pb2 as notification_events
from onewindow_kit import classification
from onewindow_kit.errors import InvalidArgument, NotFound
from onewindow_kit.grpc_errors import field_violations
from onewindow_kit.grpc_server import AioServerThread, create_server
from onewindow_kit.logging import JsonFormatter, get_logger

NATIONAL_ID = "310104198801011234"
EMAIL = "li.na.journey@example.org"


# -- the contract check ---------------------------------------------------------------------


def _pool_with(fields: list[tuple[str, int | None]]) -> descriptor_pool.DescriptorPool:
    """A pool holding test.v1.Form: one string field per (name, class or None), a nested
    message and a map."""
    pool = descriptor_pool.DescriptorPool()
    for module in (descriptor_pb2, classification_pb2):
        proto = descriptor_pb2.FileDescriptorProto()
        module.DESCRIPTOR.CopyToProto(proto)
        pool.Add(proto)
    file = descriptor_pb2.FileDescriptorProto(
        name="test/v1/form.proto",
        package="test.v1",
        syntax="proto3",
        dependency=["onewindow/common/v1/classification.proto"],
    )
    form = file.message_type.add(name="Form")
    for number, (name, level) in enumerate(fields, start=1):
        field = form.field.add(name=name, number=number, type=9, label=1)  # string, optional
        if level is not None:
            field.options.Extensions[classification_pb2.classification] = level
    nested = form.nested_type.add(name="Part")
    nested.field.add(name="note", number=1, type=9, label=1)
    entry = form.nested_type.add(name="LabelsEntry", options={"map_entry": True})
    entry.field.add(name="key", number=1, type=9, label=1)
    entry.field.add(name="value", number=2, type=9, label=1)
    labels = form.field.add(
        name="labels", number=50, type=11, label=3, type_name=".test.v1.Form.LabelsEntry"
    )
    labels.options.Extensions[classification_pb2.classification] = classification.INTERNAL
    pool.Add(file)
    return pool


def test_the_check_names_every_unclassified_field_and_passes_classified_ones() -> None:
    pool = _pool_with(
        [("national_id", classification.PERSONAL), ("status", classification.INTERNAL),
         ("comment", None)]
    )  # fmt: skip
    form = pool.FindMessageTypeByName("test.v1.Form")

    assert classification.unclassified([form]) == ["test.v1.Form.comment", "test.v1.Form.Part.note"]


def test_the_check_over_files_passes_a_fully_classified_file() -> None:
    assert classification.unclassified_in_files([notification_events.DESCRIPTOR]) == []
    pool = _pool_with([("national_id", None)])
    file = pool.FindFileByName("test/v1/form.proto")
    assert "test.v1.Form.national_id" in classification.unclassified_in_files([file])


# -- logs -----------------------------------------------------------------------------------


def _legal_hold(
    reason: str = f"court order about {NATIONAL_ID}",
) -> documents_pb2.SetLegalHoldRequest:
    return documents_pb2.SetLegalHoldRequest(document_id="doc-1", held=True, reason=reason)


def test_redacted_renders_a_message_without_its_personal_values() -> None:
    metadata = documents_pb2.UploadMetadata(
        document_type="resident_id", title=f"ID card of {NATIONAL_ID}", filename="li-na-id.pdf",
        size_bytes=2048,
    )  # fmt: skip

    assert classification.redacted(metadata) == {
        "document_type": "resident_id", "title": "[redacted]", "filename": "[redacted]",
        "size_bytes": 2048,
    }  # fmt: skip


def test_redacted_unpacks_an_event_envelope_and_hides_sensitive_secrets() -> None:
    payload = any_pb2.Any()
    payload.Pack(notification_events.DeliveryFailed(delivery_id="d-1", last_error=f"550 {EMAIL}"))
    envelope = envelope_pb2.EventEnvelope(id="e-1", payload=payload)

    rendered = classification.redacted(envelope)

    assert rendered["payload"]["delivery_id"] == "d-1"
    assert rendered["payload"]["last_error"] == "[redacted]"
    assert EMAIL not in json.dumps(rendered)


def _line(**fields) -> dict:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("test.classification")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False
    get_logger("test.classification").info("something_happened", **fields)
    return json.loads(stream.getvalue())


def test_a_logged_message_field_is_written_redacted() -> None:
    line = _line(request=_legal_hold())

    assert line["request"] == {"document_id": "doc-1", "held": True, "reason": "[redacted]"}


def test_protected_values_are_scrubbed_from_any_log_line_of_the_work_in_progress() -> None:
    request = envelope_pb2.EventEnvelope(id="e-2")
    token = classification.protect(_legal_hold(reason=NATIONAL_ID))
    try:
        line = _line(error=f"duplicate key (national_id)=({NATIONAL_ID}) for doc-1", what=request)
    finally:
        classification.unprotect(token)

    assert NATIONAL_ID not in json.dumps(line)
    assert line["error"] == "duplicate key (national_id)=([redacted]) for doc-1"
    # outside the work that received it, nothing is scrubbed (ids and codes stay readable)
    assert _line(error=f"x {NATIONAL_ID}")["error"] == f"x {NATIONAL_ID}"


def test_form_data_held_in_a_struct_is_protected_whole_but_not_its_field_names() -> None:
    pool = _pool_with([("status", classification.INTERNAL)])
    for module in (struct_pb2,):
        proto = descriptor_pb2.FileDescriptorProto()
        module.DESCRIPTOR.CopyToProto(proto)
        pool.Add(proto)
    file = descriptor_pb2.FileDescriptorProto(
        name="test/v1/application.proto", package="test.v1", syntax="proto3",
        dependency=["onewindow/common/v1/classification.proto", "google/protobuf/struct.proto"],
    )  # fmt: skip
    application = file.message_type.add(name="Application")
    form = application.field.add(
        name="form", number=1, type=11, label=1, type_name=".google.protobuf.Struct"
    )
    form.options.Extensions[classification_pb2.classification] = classification.PERSONAL
    pool.Add(file)
    message = message_factory.GetMessageClass(pool.FindMessageTypeByName("test.v1.Application"))()
    json_format.ParseDict(
        {"form": {"child_name": "Li Xiaoming", "household": {"number": 110105123, "size": 3}}},
        message,
    )

    texts = classification.protected_texts(message)

    assert texts == {"Li Xiaoming", "110105123"}  # "3" is too short to scrub safely
    assert classification.redacted(message) == {"form": "[redacted]"}


def test_a_short_value_or_one_inside_a_longer_word_is_not_scrubbed() -> None:
    pattern = classification.scrubber({"male", "Na"})
    assert classification.scrub("female, male.", pattern) == "female, [redacted]."
    assert classification.protected_texts(_legal_hold(reason="ok")) == set()


# -- gRPC refusals --------------------------------------------------------------------------


class _EchoingDocuments(documents_pb2_grpc.DocumentsServicer):
    """A servicer whose validation echoes what it was sent, as careless validators do."""

    def SetLegalHold(self, request, context):
        raise InvalidArgument("reason", f"{request.reason!r} does not name a court")

    async def DeleteDocument(self, request, context):
        raise NotFound(f"document {request.document_id} not found")


@pytest.fixture(scope="module")
def documents():
    def build():
        return create_server(
            service_name="documents",
            register=lambda s: documents_pb2_grpc.add_DocumentsServicer_to_server(
                _EchoingDocuments(), s
            ),
            service_names=["onewindow.documents.v1.Documents"],
            authenticator=None,
        )

    with AioServerThread(build) as running:
        channel = grpc.insecure_channel(f"127.0.0.1:{running.port}")
        yield documents_pb2_grpc.DocumentsStub(channel)
        channel.close()


def test_a_refusal_never_echoes_a_personal_value_to_the_caller_or_the_log(documents, caplog):
    caplog.set_level(logging.INFO, logger="onewindow.grpc")
    reason = f"hold for {NATIONAL_ID} and {EMAIL}"

    with pytest.raises(grpc.RpcError) as refused:
        documents.SetLegalHold(_legal_hold(reason=reason), timeout=10)

    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert NATIONAL_ID not in refused.value.details() and EMAIL not in refused.value.details()
    assert field_violations(refused.value) == [("reason", "'[redacted]' does not name a court")]
    formatter = JsonFormatter()
    lines = [
        formatter.format(r) for r in caplog.records if r.getMessage() == "grpc_request_refused"
    ]
    assert lines and all(NATIONAL_ID not in line for line in lines)


def test_the_debug_request_log_shows_the_request_redacted(documents, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="onewindow.grpc")

    with pytest.raises(grpc.RpcError):
        documents.SetLegalHold(_legal_hold(reason=f"hold for {EMAIL}"), timeout=10)

    [line] = [
        json.loads(JsonFormatter().format(r))
        for r in caplog.records
        if r.getMessage() == "grpc_request" and r.fields["method"].endswith("/SetLegalHold")
    ]
    assert line["request"] == {"document_id": "doc-1", "held": True, "reason": "[redacted]"}


def test_ids_in_a_refusal_stay_readable(documents) -> None:
    with pytest.raises(grpc.RpcError) as refused:
        documents.DeleteDocument(documents_pb2.DeleteDocumentRequest(document_id="doc-42"))
    assert refused.value.code() == grpc.StatusCode.NOT_FOUND
    assert refused.value.details() == "document doc-42 not found"


# -- open data ------------------------------------------------------------------------------


def test_require_public_accepts_public_fields_and_refuses_any_other() -> None:
    classification.require_public(documents_pb2.SigningKey.DESCRIPTOR, ["kid", "alg", "x"])
    classification.require_public(documents_pb2.GetSigningKeysResponse.DESCRIPTOR, ["keys.kid"])

    with pytest.raises(classification.NotPublic) as refused:
        classification.require_public(
            documents_pb2.DocumentMetadata.DESCRIPTOR,
            ["document_type", "title", "owner_id", "no_such"],
        )
    said = str(refused.value)
    assert "title (PERSONAL)" in said and "owner_id (INTERNAL)" in said
    assert "no_such (no such field" in said and "document_type" not in said.split(": ", 1)[1]
