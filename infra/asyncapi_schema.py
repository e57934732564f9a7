"""Protobuf descriptors -> JSON Schema of their proto3 JSON form, and example messages.

Used by infra/asyncapi.py. The schemas follow the proto3 JSON mapping that protobuf's own
printer (``google.protobuf.json_format``) uses: lowerCamelCase field names, 64-bit integers as
decimal strings, enums by name, Timestamps as RFC 3339 strings, bytes as base64, maps as
objects, fields holding their default value left out.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.message import Message

FD = descriptor_pb2.FieldDescriptorProto
SCHEMA_REF = "#/components/schemas/"
EXAMPLE_TIME = "2026-11-20T08:30:00Z"
EXAMPLE_DATE = "2026-12-18"
EXAMPLE_NAMESPACE = uuid.UUID("0c8e4f2a-5d1b-4c7e-9a63-2f0d8b1e7a55")
INT64_PATTERN = "^-?[0-9]+$"

_INT32 = {FD.TYPE_INT32, FD.TYPE_SINT32, FD.TYPE_SFIXED32}
_UINT32 = {FD.TYPE_UINT32, FD.TYPE_FIXED32}
_INT64 = {FD.TYPE_INT64, FD.TYPE_SINT64, FD.TYPE_SFIXED64, FD.TYPE_UINT64, FD.TYPE_FIXED64}
_SCALARS: dict[int, dict[str, Any]] = {
    FD.TYPE_STRING: {"type": "string"},
    FD.TYPE_BOOL: {"type": "boolean"},
    FD.TYPE_DOUBLE: {"type": "number", "format": "double"},
    FD.TYPE_FLOAT: {"type": "number", "format": "float"},
    FD.TYPE_BYTES: {"type": "string", "contentEncoding": "base64"},
    **{t: {"type": "integer", "format": "int32", "minimum": -(2**31), "maximum": 2**31 - 1}
       for t in _INT32},
    **{t: {"type": "integer", "format": "uint32", "minimum": 0, "maximum": 2**32 - 1}
       for t in _UINT32},
    **{t: {"type": "string", "format": "int64", "pattern": INT64_PATTERN} for t in _INT64},
}  # fmt: skip
# Well-known types have a JSON form of their own.
_WELL_KNOWN: dict[str, dict[str, Any]] = {
    ".google.protobuf.Timestamp": {
        "type": "string",
        "format": "date-time",
        "description": "RFC 3339 timestamp in UTC, e.g. 2026-11-20T08:30:00Z",
    },
    ".google.protobuf.Duration": {
        "type": "string",
        "pattern": r"^-?[0-9]+(\.[0-9]{1,9})?s$",
        "description": "seconds with an 's' suffix, e.g. 1.5s",
    },
    ".google.protobuf.Struct": {"type": "object"},
    ".google.protobuf.Value": {},
    ".google.protobuf.ListValue": {"type": "array"},
    ".google.protobuf.Empty": {"type": "object", "maxProperties": 0},
    ".google.protobuf.FieldMask": {"type": "string"},
    ".google.protobuf.Any": {
        "type": "object",
        "required": ["@type"],
        "properties": {"@type": {"type": "string", "description": "type URL of the message"}},
    },
    ".google.protobuf.StringValue": {"type": ["string", "null"]},
    ".google.protobuf.BoolValue": {"type": ["boolean", "null"]},
    ".google.protobuf.Int32Value": {"type": ["integer", "null"], "format": "int32"},
    ".google.protobuf.UInt32Value": {"type": ["integer", "null"], "format": "uint32"},
    ".google.protobuf.Int64Value": {"type": ["string", "null"], "pattern": INT64_PATTERN},
    ".google.protobuf.UInt64Value": {"type": ["string", "null"], "pattern": INT64_PATTERN},
    ".google.protobuf.DoubleValue": {"type": ["number", "null"]},
    ".google.protobuf.FloatValue": {"type": ["number", "null"]},
    ".google.protobuf.BytesValue": {"type": ["string", "null"], "contentEncoding": "base64"},
}
# Comments listing the allowed words ("online | office") give the example its first word.
_CHOICES = re.compile(r"^([a-z_]+)(?: \| [a-z_]+)+")


def _comment(text: str) -> str:
    """A proto comment as one tidy paragraph."""
    return " ".join(line.strip() for line in text.strip().splitlines() if line.strip())


@dataclass
class ProtoSet:
    """The compiled files, their comments by (file, path), and a pool to build messages from."""

    files: dict[str, descriptor_pb2.FileDescriptorProto]
    pool: descriptor_pool.DescriptorPool = field(default_factory=descriptor_pool.DescriptorPool)
    comments: dict[tuple[str, tuple[int, ...]], str] = field(default_factory=dict)
    messages: dict[str, descriptor_pb2.DescriptorProto] = field(default_factory=dict)
    enums: dict[str, descriptor_pb2.EnumDescriptorProto] = field(default_factory=dict)
    where: dict[str, tuple[str, tuple[int, ...]]] = field(default_factory=dict)

    @classmethod
    def load(cls, fds: descriptor_pb2.FileDescriptorSet) -> ProtoSet:
        """Index every message and enum of the set by full name (with a leading dot)."""
        found = cls(files={f.name: f for f in fds.file})
        for file in fds.file:
            found.pool.Add(file)
            for loc in file.source_code_info.location:
                text = loc.leading_comments or loc.trailing_comments
                if text.strip():
                    found.comments[(file.name, tuple(loc.path))] = _comment(text)
            for i, message in enumerate(file.message_type):
                found._index(file.name, f".{file.package}", message, (4, i))
            for i, enum in enumerate(file.enum_type):
                found._index_enum(file.name, f".{file.package}", enum, (5, i))
        return found

    def _index(self, fname: str, scope: str, msg: descriptor_pb2.DescriptorProto, path) -> None:
        name = f"{scope}.{msg.name}"
        self.messages[name] = msg
        self.where[name] = (fname, path)
        for i, nested in enumerate(msg.nested_type):
            self._index(fname, name, nested, (*path, 3, i))
        for i, enum in enumerate(msg.enum_type):
            self._index_enum(fname, name, enum, (*path, 4, i))

    def _index_enum(self, fname: str, scope: str, enum, path) -> None:
        name = f"{scope}.{enum.name}"
        self.enums[name] = enum
        self.where[name] = (fname, path)

    def comment(self, full_name: str, *sub: int) -> str:
        """The comment of a message or enum (or of one of its fields with ``2, index``)."""
        fname, path = self.where[full_name]
        return self.comments.get((fname, (*path, *sub)), "")

    def file_comment(self, fname: str) -> str:
        """The comment above a file's ``syntax`` line."""
        return self.comments.get((fname, (12,)), "")

    def message_class(self, full_name: str) -> type[Message]:
        """A Python class for a message of the set."""
        return message_factory.GetMessageClass(self.pool.FindMessageTypeByName(full_name[1:]))


def schema_name(full_name: str) -> str:
    """The components/schemas key of a message: its full name without the leading dot."""
    return full_name.lstrip(".")


def _field_schema(protos: ProtoSet, owner: str, index: int, fd: FD) -> dict[str, Any]:
    schema = _value_schema(protos, fd)
    if fd.label == FD.LABEL_REPEATED and not _is_map(protos, fd):
        schema = {"type": "array", "items": schema}
    note = protos.comment(owner, 2, index)
    schema = {**schema, "x-proto-field": f"{fd.name} = {fd.number}"}
    if note:
        schema["description"] = note
    return schema


def _is_map(protos: ProtoSet, fd: FD) -> bool:
    entry = protos.messages.get(fd.type_name) if fd.type == FD.TYPE_MESSAGE else None
    return bool(entry and entry.options.map_entry)


def _value_schema(protos: ProtoSet, fd: FD) -> dict[str, Any]:
    if fd.type == FD.TYPE_ENUM:
        enum = protos.enums[fd.type_name]
        return {"type": "string", "enum": [v.name for v in enum.value]}
    if fd.type not in (FD.TYPE_MESSAGE, FD.TYPE_GROUP):
        return dict(_SCALARS[fd.type])
    if fd.type_name in _WELL_KNOWN:
        return dict(_WELL_KNOWN[fd.type_name])
    entry = protos.messages[fd.type_name]
    if entry.options.map_entry:
        return {"type": "object", "additionalProperties": _value_schema(protos, entry.field[1])}
    return {"$ref": SCHEMA_REF + schema_name(fd.type_name)}


def message_schema(protos: ProtoSet, full_name: str) -> dict[str, Any]:
    """JSON Schema of one message's proto3 JSON form (unknown fields allowed: new fields may
    be added to a v1 event, and consumers must ignore what they do not know)."""
    msg = protos.messages[full_name]
    schema: dict[str, Any] = {"type": "object", "title": msg.name}
    note = protos.comment(full_name)
    if note:
        schema["description"] = note
    schema["x-proto-message"] = schema_name(full_name)
    schema["properties"] = {
        fd.json_name: _field_schema(protos, full_name, i, fd) for i, fd in enumerate(msg.field)
    }
    return schema


def referenced_messages(protos: ProtoSet, roots: list[str]) -> list[str]:
    """The roots and every message they use (not well-known types or map entries), sorted."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for fd in protos.messages[name].field:
            if fd.type != FD.TYPE_MESSAGE or fd.type_name in _WELL_KNOWN:
                continue
            entry = protos.messages[fd.type_name]
            if not entry.options.map_entry:
                todo.append(fd.type_name)
            elif entry.field[1].type == FD.TYPE_MESSAGE:
                todo.append(entry.field[1].type_name)
    return sorted(n for n in seen if n not in _WELL_KNOWN)


# ---------------------------------------------------------------- examples


def _example_scalar(protos: ProtoSet, owner: str, index: int, fd: FD) -> Any:
    if fd.type == FD.TYPE_STRING:
        choice = _CHOICES.match(protos.comment(owner, 2, index))
        if choice:
            return choice.group(1)
        return _example_string(owner, fd.name)
    if fd.type == FD.TYPE_BOOL:
        return True
    if fd.type == FD.TYPE_BYTES:
        return b"example"
    if fd.type == FD.TYPE_ENUM:
        values = protos.enums[fd.type_name].value
        return values[-1].number
    return fd.number


def _example_string(owner: str, name: str) -> str:
    if name.endswith(("_id", "_by")) or name in ("id", "subject"):
        return str(uuid.uuid5(EXAMPLE_NAMESPACE, f"{owner}.{name}"))
    if name.endswith("_date"):
        return EXAMPLE_DATE
    if name.endswith("_at"):
        return EXAMPLE_TIME
    if name == "sha256":
        return hashlib.sha256(name.encode()).hexdigest()
    return f"example {name.replace('_', ' ')}"


def fill(protos: ProtoSet, message: Message, full_name: str, depth: int = 0) -> None:
    """Give every field of ``message`` an example value, so the example shows each of them."""
    msg = protos.messages[full_name]
    for index, fd in enumerate(msg.field):
        target = getattr(message, fd.name)
        if fd.type == FD.TYPE_MESSAGE:
            _fill_message(protos, message, fd, depth)
            continue
        value = _example_scalar(protos, full_name, index, fd)
        if fd.label == FD.LABEL_REPEATED:
            target.append(value)
        else:
            setattr(message, fd.name, value)


def _fill_message(protos: ProtoSet, message: Message, fd: FD, depth: int) -> None:
    target = getattr(message, fd.name)
    entry = protos.messages.get(fd.type_name)
    if entry is not None and entry.options.map_entry:
        _fill_map(protos, target, fd, entry, depth)
        return
    if fd.type_name == ".google.protobuf.Timestamp":
        child = target.add() if fd.label == FD.LABEL_REPEATED else target
        child.FromJsonString(EXAMPLE_TIME)
        return
    if fd.type_name in _WELL_KNOWN or depth > 3:
        return
    child = target.add() if fd.label == FD.LABEL_REPEATED else target
    fill(protos, child, fd.type_name, depth + 1)


def _fill_map(protos: ProtoSet, target: Any, fd: FD, entry, depth: int) -> None:
    key_fd, value_fd = entry.field[0], entry.field[1]
    # One entry: protobuf prints map entries in no fixed order, and the file must be stable.
    keys = ["en"] if key_fd.type == FD.TYPE_STRING else [1]
    for key in keys:
        if value_fd.type == FD.TYPE_MESSAGE:
            if value_fd.type_name not in _WELL_KNOWN:
                fill(protos, target[key], value_fd.type_name, depth + 1)
        elif value_fd.type == FD.TYPE_STRING:
            target[key] = f"example {fd.name.replace('_', ' ')} ({key})"
        else:
            target[key] = _example_scalar(protos, fd.type_name, 1, value_fd)


def walk_refs(node: Any) -> Iterator[str]:
    """Every ``$ref`` in a JSON-like tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from walk_refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk_refs(item)
