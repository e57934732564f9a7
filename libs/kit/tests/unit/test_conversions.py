"""Proto values → Python values: out-of-range, unknown or oversized input is an
InvalidArgument naming the field, never another exception; and the request limits the
server checks before a handler runs."""

from datetime import UTC, datetime, timedelta

import pytest
from google.protobuf import duration_pb2, struct_pb2, timestamp_pb2, type_pb2

from onewindow.cases.v1 import cases_pb2
from onewindow.documents.v1 import documents_pb2
from onewindow.identity.v1 import identity_pb2
from onewindow_kit.conversions import (
    enum_number,
    optional_datetime,
    optional_timedelta,
    struct_to_dict,
    text,
    to_datetime,
)
from onewindow_kit.errors import InvalidArgument
from onewindow_kit.grpc_server_decoding import RequestLimits, Undecodable, safe_deserializer


def _violations(exc_info) -> list[tuple[str, str]]:
    return [(v.field, v.description) for v in exc_info.value.violations]


def test_timestamps_in_range_convert_to_aware_utc():
    value = timestamp_pb2.Timestamp(seconds=1_800_000_000, nanos=123_456_789)
    assert to_datetime(value, "valid_from") == datetime(2027, 1, 15, 8, 0, 0, 123_456, tzinfo=UTC)
    assert to_datetime(timestamp_pb2.Timestamp(seconds=-2_208_988_800), "t").year == 1900


@pytest.mark.parametrize(
    "value",
    [
        timestamp_pb2.Timestamp(seconds=253_402_300_800),  # year 10000
        timestamp_pb2.Timestamp(seconds=-2_208_988_801),  # 1899-12-31T23:59:59
        timestamp_pb2.Timestamp(seconds=7_289_654_400),  # 2201-01-01
        timestamp_pb2.Timestamp(seconds=2**62),
        timestamp_pb2.Timestamp(seconds=0, nanos=-1),
        timestamp_pb2.Timestamp(seconds=0, nanos=1_000_000_000),
    ],
)
def test_timestamps_out_of_range_name_the_field(value):
    with pytest.raises(InvalidArgument) as err:
        to_datetime(value, "grant.valid_until")
    assert _violations(err)[0][0] == "grant.valid_until"


def test_optional_timestamp_unset_is_none_and_checked_when_set():
    request = identity_pb2.GrantConsentRequest()
    assert optional_datetime(request, "valid_until") is None
    request.valid_until.seconds = 253_402_300_800
    with pytest.raises(InvalidArgument) as err:
        optional_datetime(request, "valid_until")
    assert _violations(err) == [("valid_until", "must be a time in the years 1900..2200")]


def test_durations_are_bounded():
    assert optional_timedelta(_duration_holder(3600), "value") == timedelta(hours=1)
    with pytest.raises(InvalidArgument) as err:
        optional_timedelta(_duration_holder(10**12), "value", "extension")
    assert _violations(err)[0][0] == "extension"
    with pytest.raises(InvalidArgument):
        optional_timedelta(_duration_holder(5, nanos=-1), "value")


def _duration_holder(seconds: int, nanos: int = 0):
    class Holder:  # no request of ours has a Duration field yet
        def __init__(self) -> None:
            self.value = duration_pb2.Duration(seconds=seconds, nanos=nanos)

        def HasField(self, name: str) -> bool:
            return name == "value"

    return Holder()


def test_unknown_enum_numbers_name_the_field():
    kind = type_pb2.Field.DESCRIPTOR.enum_types_by_name["Kind"]
    assert enum_number(9, kind, "kind") == 9
    with pytest.raises(InvalidArgument) as err:
        enum_number(999, kind, "decision.outcome")
    assert _violations(err) == [("decision.outcome", "999 is not a Kind of this contract")]


def test_text_longer_than_its_maximum_names_the_field():
    assert text("short", "reason", 10) == "short"
    with pytest.raises(InvalidArgument) as err:
        text("x" * 11, "reason", 10)
    assert _violations(err) == [("reason", "is longer than 10 characters")]


def _nested(depth: int) -> struct_pb2.Struct:
    inner = struct_pb2.Struct()
    inner.update({"leaf": 1})
    for _ in range(depth - 1):
        outer = struct_pb2.Struct()
        outer.fields["a"].struct_value.CopyFrom(inner)
        inner = outer
    return inner


def test_struct_converts_like_json():
    value = struct_pb2.Struct()
    value.update({"name": "Ann", "n": 2, "ok": True, "none": None, "list": [1, "x", {"k": []}]})
    assert struct_to_dict(value, "form") == {
        "name": "Ann", "n": 2.0, "ok": True, "none": None, "list": [1.0, "x", {"k": []}],
    }  # fmt: skip


def test_struct_depth_size_text_and_numbers_are_bounded():
    assert struct_to_dict(_nested(16), "form")
    with pytest.raises(InvalidArgument) as err:
        struct_to_dict(_nested(17), "form")
    assert _violations(err)[0][0].startswith("form.a.a")
    big = struct_pb2.Struct()
    big.update({f"k{i}": "v" * 1000 for i in range(100)})
    with pytest.raises(InvalidArgument) as err:
        struct_to_dict(big, "form")
    assert "larger than" in _violations(err)[0][1]
    long = struct_pb2.Struct()
    long.update({"comment": "x" * 2001})
    with pytest.raises(InvalidArgument) as err:
        struct_to_dict(long, "form")
    assert _violations(err) == [("form.comment", "is longer than 2000 characters")]
    nan = struct_pb2.Struct()
    nan.fields["n"].number_value = float("nan")
    with pytest.raises(InvalidArgument) as err:
        struct_to_dict(nan, "form")
    assert _violations(err) == [("form.n", "is not a finite number")]


def test_request_limits_check_text_items_enums_and_nested_messages():
    limits = RequestLimits({"mandator_id": 5, "UploadMetadata.title": 3, "service_types[]": 2})
    grant = identity_pb2.GrantMandateRequest(
        mandator_id="too long", mandator_kind=77, service_types=["a", "x" * 257]
    )
    assert [(v.field, v.description) for v in limits.violations(grant)] == [
        ("mandator_kind", "77 is not a PartyKind of this contract"),
        ("mandator_id", "is longer than 5 characters"),
        ("service_types[1]", "is longer than 256 characters"),
    ]
    grant.service_types.append("c")
    assert ("service_types", "has more than 2 items") in [
        (v.field, v.description) for v in limits.violations(grant)
    ]
    upload = documents_pb2.UploadDocumentRequest(
        metadata=documents_pb2.UploadMetadata(title="abcd", filename="ok")
    )
    assert [(v.field, v.description) for v in limits.violations(upload)] == [
        ("metadata.title", "is longer than 3 characters")
    ]
    chunk = documents_pb2.UploadDocumentRequest(chunk=b"x" * 100_000)  # bytes: unlimited here
    assert limits.violations(chunk) == []


def _refusal(message_class, raw: bytes) -> list[tuple[str, str]]:
    decoded = safe_deserializer(message_class.FromString, RequestLimits())(raw)
    assert type(decoded) is Undecodable
    assert decoded.error.message.startswith("request could not be decoded: not a valid ")
    return [(v.field, v.description) for v in decoded.error.violations]


def test_text_that_is_not_utf8_is_named_by_its_field_path():
    title = b"\x12\x03\xed\xa0\x80"  # UploadMetadata.title = an encoded lone surrogate
    upload = b"\x0a" + bytes([len(title)]) + title  # UploadDocumentRequest.metadata
    assert _refusal(documents_pb2.UploadDocumentRequest, upload) == [
        ("metadata.title", "is not valid UTF-8")
    ]
    ids = b"\x2a\x02ok\x2a\x01\xff"  # SubmitCaseRequest.document_ids = ["ok", b"\xff"]
    assert _refusal(cases_pb2.SubmitCaseRequest, b"\x18\x07" + ids) == [
        ("document_ids", "is not valid UTF-8")
    ]
    form = cases_pb2.SubmitCaseRequest()
    form.form.update({"name": "PLACEHOLDER"})
    raw = form.SerializeToString().replace(b"PLACEHOLDER", b"\xffLACEHOLDER")
    assert _refusal(cases_pb2.SubmitCaseRequest, raw) == [("form", "is not valid UTF-8")]


def test_garbage_is_refused_as_the_request():
    assert _refusal(cases_pb2.SubmitCaseRequest, b"\x0a\xff\x01")[0][0] == "request"
    group_then_bad_text = b"\x7b\x7c\x0a\x01\xff"  # an unknown group: the path is not sought
    assert _refusal(cases_pb2.SubmitCaseRequest, group_then_bad_text)[0][0] == "request"
