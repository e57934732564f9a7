"""A hostile or careless client, table-driven over every RPC of every service (enumerated from
the service descriptors): invalid UTF-8, an encoded lone surrogate, a Struct nested past
protobuf's limit or past the form's depth, out-of-range Timestamps, unknown enum numbers,
1 MB strings and huge repeated fields, each sent with a valid token of a real user. Every
answer is INVALID_ARGUMENT (never INTERNAL or UNKNOWN) naming the field, and no row of any
service database appears or disappears.

Requests are built as raw bytes where the Python protobuf library refuses to encode them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import grpc
import psycopg
import pytest
from e2e_support import DEV_SEED_PASSWORDS, PASSWORD, bearer, birth_date, resident_id
from google.protobuf.descriptor import Descriptor, FieldDescriptor, MethodDescriptor

from onewindow.cases.v1 import cases_pb2
from onewindow.documents.v1 import documents_pb2
from onewindow.identity.v1 import identity_pb2, identity_pb2_grpc
from onewindow_kit.db import conninfo
from onewindow_kit.grpc_errors import field_violations
from onewindow_kit.settings import load_common

pytestmark = pytest.mark.integration

MODULES = {"identity": identity_pb2, "cases": cases_pb2, "documents": documents_pb2}
STRING, BYTES, ENUM, MESSAGE = (
    FieldDescriptor.TYPE_STRING,
    FieldDescriptor.TYPE_BYTES,
    FieldDescriptor.TYPE_ENUM,
    FieldDescriptor.TYPE_MESSAGE,
)
YEAR_10000 = 253_402_300_800  # 10000-01-01T00:00:00Z in seconds since the epoch
YEAR_1 = -62_135_596_800
MEGABYTE_TEXT = "x" * 1_000_000
# Fields whose contract allows more than 1 MB (the catalogue source: 2 MiB): a 1 MB value is
# read, so the answer is the RPC's own (e.g. PERMISSION_DENIED), never INTERNAL or UNKNOWN.
LARGE_FIELDS = {"onewindow.cases.v1.LoadCatalogueRequest.source_yaml"}


# --- protobuf wire format, by hand -------------------------------------------------------


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # negative int64 values are ten bytes
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _tag(number: int, wire_type: int) -> bytes:
    return _varint(number << 3 | wire_type)


def _len(number: int, payload: bytes) -> bytes:
    return _tag(number, 2) + _varint(len(payload)) + payload


def _int(number: int, value: int) -> bytes:
    return _tag(number, 0) + _varint(value)


def _deep_struct(levels: int) -> bytes:
    """Struct{fields: {"a": Value{struct_value: ...}}} nested ``levels`` times."""
    inner = b""
    for _ in range(levels):
        value = _len(5, inner)  # Value.struct_value = 5
        entry = _len(1, b"a") + _len(2, value)  # map entry: key = 1, value = 2
        inner = _len(1, entry)  # Struct.fields = 1
    return inner


# --- the table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BadRequest:
    """One hostile request: its raw bytes and the field the refusal must name."""

    service: str
    method: MethodDescriptor
    kind: str
    raw: bytes
    field: str  # the violation's field path starts with this

    @property
    def id(self) -> str:
        return f"{self.service}.{self.method.name}-{self.kind}-{self.field}"


def _paths(descriptor: Descriptor, prefix: str = "", depth: int = 0):
    """(path, [field numbers], field) for every field, nested messages of ours included."""
    for field in descriptor.fields:
        yield prefix + field.name, [field.number], field
        nested = field.message_type
        if (
            field.type == MESSAGE
            and not field.is_repeated
            and nested is not None
            and not nested.full_name.startswith("google.protobuf.")
            and depth < 2
        ):
            for path, numbers, inner in _paths(nested, f"{prefix}{field.name}.", depth + 1):
                yield path, [field.number, *numbers], inner


def _wrap(numbers: list[int], leaf: bytes) -> bytes:
    """``leaf`` (the encoded innermost field) inside the messages named by ``numbers[:-1]``."""
    for number in reversed(numbers[:-1]):
        leaf = _len(number, leaf)
    return leaf


def _bad_values(field: FieldDescriptor) -> Iterator[tuple[str, bytes, bool]]:
    """(kind, encoded innermost field, refused while decoding) for one field."""
    n = field.number
    if field.type == STRING:
        yield "invalid-utf8", _len(n, b"\xff\xfe\xfd"), False  # named by its path
        yield "lone-surrogate", _len(n, b"\xed\xa0\x80"), False
        yield "1MB", _len(n, MEGABYTE_TEXT.encode()), False
        if field.is_repeated:
            yield "5000-items", b"".join(_len(n, b"x") for _ in range(5000)), False
    elif field.type == ENUM:
        yield "unknown-enum", _int(n, 999), False
    elif field.type == MESSAGE and field.message_type.full_name == "google.protobuf.Struct":
        yield "struct-300-deep", _len(n, _deep_struct(300)), True
        yield "struct-20-deep", _len(n, _deep_struct(20)), False  # decodes; past the form's
    elif field.type == MESSAGE and field.message_type.full_name == "google.protobuf.Timestamp":
        yield "year-10000", _len(n, _int(1, YEAR_10000)), False
        yield "year-1", _len(n, _int(1, YEAR_1)), False
        yield "nanos", _len(n, _int(2, 2_000_000_000)), False


def _table() -> list[BadRequest]:
    table = []
    for service, module in MODULES.items():
        for service_descriptor in module.DESCRIPTOR.services_by_name.values():
            for method in service_descriptor.methods:
                # a length-delimited field 1 that promises 255 bytes and ends: any message
                table.append(BadRequest(service, method, "truncated", b"\x0a\xff\x01", "request"))
                for path, numbers, field in _paths(method.input_type):
                    for kind, leaf, undecodable in _bad_values(field):
                        if kind == "1MB" and field.full_name in LARGE_FIELDS:
                            kind = "1MB-allowed"
                        named = "request" if undecodable else path
                        raw = _wrap(numbers, leaf)
                        table.append(BadRequest(service, method, kind, raw, named))
    return table


TABLE = _table()


UNEXPECTED = (grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN)


# --- the stack ---------------------------------------------------------------------------


# Written by identity's login watcher from Keycloak's own login events (the fixture's logins,
# seconds later), never by an RPC: not part of "what a bad request changed".
FED_BY_KEYCLOAK_EVENTS = frozenset({"identity.login_clients", "identity.login_watch"})


def _row_counts() -> dict[str, int]:
    """Rows of every table of every service database."""
    counts = {}
    for service in MODULES:
        with psycopg.connect(conninfo(load_common(service).database_url)) as db:
            tables = db.execute(
                "SELECT table_schema, table_name FROM information_schema.tables"
                " WHERE table_type = 'BASE TABLE'"
                " AND table_schema NOT IN ('pg_catalog', 'information_schema')"
            ).fetchall()
            for schema, table in tables:
                if f"{schema}.{table}" in FED_BY_KEYCLOAK_EVENTS:
                    continue
                query = f'SELECT count(*) FROM "{schema}"."{table}"'
                counts[f"{service}:{schema}.{table}"] = db.execute(query).fetchone()[0]
    return counts


@pytest.fixture(scope="module")
def callers(window) -> dict[str, list[tuple[str, str]]]:
    """A freshly registered citizen and the seeded clerk: real users with valid tokens."""
    number = resident_id()
    person = identity_pb2_grpc.IdentityStub(window.channels["identity"]).RegisterPerson(
        identity_pb2.RegisterPersonRequest(
            idempotency_key=str(uuid.uuid4()), national_id=number, family_name="Bad",
            given_name="Input", date_of_birth=birth_date(number), password=PASSWORD,
            email=f"e2e-bad-{uuid.uuid4().hex[:8]}@example.org",
        ),
        metadata=window.gateway(), timeout=30,
    ).person  # fmt: skip
    clerk = "clerk.central"
    return {
        "citizen": bearer(window.login(person.username)),
        "clerk": bearer(window.login(clerk, DEV_SEED_PASSWORDS[clerk])),
    }


def _send(channel: grpc.Channel, bad: BadRequest, metadata) -> None:
    path = f"/{bad.method.containing_service.full_name}/{bad.method.name}"
    streaming_in, streaming_out = bad.method.client_streaming, bad.method.server_streaming
    if streaming_in and not streaming_out:
        channel.stream_unary(path)(iter([bad.raw]), metadata=metadata, timeout=30)
    elif streaming_out:
        call = channel.unary_stream(path) if not streaming_in else channel.stream_stream(path)
        request = iter([bad.raw]) if streaming_in else bad.raw
        list(call(request, metadata=metadata, timeout=30))
    else:
        channel.unary_unary(path)(bad.raw, metadata=metadata, timeout=30)


def test_the_table_covers_every_kind_of_bad_input():
    kinds = {bad.kind for bad in TABLE}
    assert {"invalid-utf8", "lone-surrogate", "1MB", "5000-items", "unknown-enum"} <= kinds
    assert {"struct-300-deep", "struct-20-deep", "year-10000", "year-1", "nanos"} <= kinds
    assert {bad.service for bad in TABLE} == set(MODULES)
    every_rpc = {
        m.full_name
        for module in MODULES.values()
        for s in module.DESCRIPTOR.services_by_name.values()
        for m in s.methods
    }
    assert {bad.method.full_name for bad in TABLE} == every_rpc


@pytest.mark.parametrize("caller", ["citizen", "clerk"])
def test_bad_input_is_invalid_argument_naming_the_field_and_changes_nothing(
    window, callers, caller
):
    before = _row_counts()
    wrong = []
    for bad in TABLE:
        try:
            _send(window.channels[bad.service], bad, callers[caller])
        except grpc.RpcError as err:
            named = [field for field, _ in field_violations(err)]
            if err.code() == grpc.StatusCode.INVALID_ARGUMENT and any(
                f.startswith(bad.field) for f in named
            ):
                continue
            if bad.kind == "1MB-allowed" and err.code() not in UNEXPECTED:
                continue
            wrong.append((bad.id, err.code().name, err.details()[:200], named))
        else:
            wrong.append((bad.id, "OK", "", []))
    assert "\n".join(map(str, wrong)) == ""
    after = _row_counts()
    assert {t: (before[t], after.get(t)) for t in before if before[t] != after.get(t)} == {}
