"""Protobuf messages → JSON dicts, and the matching pydantic response models, both derived from
the message descriptors so the documented schema and the answers cannot drift apart."""

from __future__ import annotations

import contextvars
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache, lru_cache
from typing import Any

from google.protobuf import json_format
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message
from pydantic import BaseModel, ConfigDict, create_model

_TIMESTAMP = "google.protobuf.Timestamp"
_STRUCT = "google.protobuf.Struct"
_SCALARS: dict[int, type] = {
    FieldDescriptor.TYPE_STRING: str,
    FieldDescriptor.TYPE_BOOL: bool,
    FieldDescriptor.TYPE_INT32: int,
    FieldDescriptor.TYPE_INT64: int,
    FieldDescriptor.TYPE_UINT32: int,
    FieldDescriptor.TYPE_UINT64: int,
    FieldDescriptor.TYPE_SINT32: int,
    FieldDescriptor.TYPE_SINT64: int,
    FieldDescriptor.TYPE_DOUBLE: float,
    FieldDescriptor.TYPE_FLOAT: float,
    FieldDescriptor.TYPE_ENUM: str,
}


def rfc3339(ts: Any) -> str | None:
    """A Timestamp as RFC 3339 in UTC, or None when unset."""
    if ts.seconds == 0 and ts.nanos == 0:
        return None
    moment = datetime.fromtimestamp(ts.seconds + ts.nanos / 1e9, tz=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@lru_cache(maxsize=4096)
def enum_text(enum_type: Any, value: int) -> str:
    """An enum value as a short lower-case word: ASSURANCE_LEVEL_HIGH → "high"."""
    known = enum_type.values_by_number.get(value)
    if known is None:
        return str(value)
    prefix = re.sub(r"(?<!^)(?=[A-Z])", "_", enum_type.name).upper() + "_"
    return str(known.name.removeprefix(prefix).lower())


def _is_map(field: Any) -> bool:
    return bool(field.message_type is not None and field.message_type.GetOptions().map_entry)


# How to_dict writes each kind of field (decided once per message type, see _plan).
_SCALAR, _ENUM, _TIME, _STRUCT_VALUE, _MESSAGE, _MAP = range(6)


def _kind(field: Any) -> int:
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        name = field.message_type.full_name
        if name == _TIMESTAMP:
            return _TIME
        return _STRUCT_VALUE if name == _STRUCT else _MESSAGE
    return _ENUM if field.type == FieldDescriptor.TYPE_ENUM else _SCALAR


@cache
def _plan(descriptor: Descriptor) -> tuple[tuple[str, int, bool, Any], ...]:
    """(name, kind, repeated, enum type) of every field to_dict writes, bytes left out: the
    descriptor walk is done once per message type, not on every message of every answer."""
    return tuple(
        (f.name, _MAP if _is_map(f) else _kind(f), f.is_repeated, f.enum_type)
        for f in descriptor.fields
        if f.type != FieldDescriptor.TYPE_BYTES
    )


def _value(kind: int, enum_type: Any, value: Any) -> Any:
    if kind == _SCALAR:
        return value
    if kind == _MESSAGE:
        return to_dict(value)
    if kind == _TIME:
        return rfc3339(value)
    if kind == _ENUM:
        return enum_text(enum_type, value)
    return json_format.MessageToDict(value)  # a Struct


# The caller's language (zh-CN or en), bound per request: picks ``status_label`` from the
# catalogue's per-language ``status_text``.
LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("gateway_language", default="zh-CN")
_TEXT_KEYS = {"zh-CN": ("zh-CN", "zh", "en"), "en": ("en", "zh-CN", "zh")}


def _label(texts: Mapping[str, str]) -> str:
    for key in _TEXT_KEYS.get(LANGUAGE.get(), _TEXT_KEYS["zh-CN"]):
        if texts.get(key):
            return texts[key]
    return ""


def to_dict(message: Message) -> dict[str, Any]:
    """Every field of ``message`` by its proto name; unset timestamps and messages are null;
    ``status_text`` maps gain ``status_label`` in the caller's language."""
    out: dict[str, Any] = {}
    for name, kind, repeated, enum_type in _plan(message.DESCRIPTOR):
        raw = getattr(message, name)
        if kind == _MAP:
            out[name] = dict(raw)
        elif repeated:
            out[name] = [_value(kind, enum_type, v) for v in raw] if raw else []
        elif kind >= _TIME and not message.HasField(name):  # an unset message field
            out[name] = None
        else:
            out[name] = _value(kind, enum_type, raw)
    if "status_text" in out:
        out["status_label"] = _label(out["status_text"])
    return out


def _annotation(field: Any) -> Any:
    if _is_map(field):
        return dict[str, str]
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        name = field.message_type.full_name
        if name == _TIMESTAMP:
            inner: Any = datetime
        elif name == _STRUCT:
            inner = dict[str, Any]
        else:
            inner = model_of(field.message_type)
        if field.is_repeated:
            return list[inner]
        return inner | None
    inner = _SCALARS.get(field.type, str)
    return list[inner] if field.is_repeated else inner


@cache
def model_of(descriptor: Descriptor) -> type[BaseModel]:
    """A pydantic model with the fields ``to_dict`` writes for messages of ``descriptor``."""
    definitions: dict[str, Any] = {}
    for field in descriptor.fields:
        if field.type == FieldDescriptor.TYPE_BYTES:
            continue
        definitions[field.name] = (_annotation(field), ...)
    if "status_text" in definitions:
        definitions["status_label"] = (str, ...)
    name = descriptor.full_name.replace("onewindow.", "").replace(".v1.", "_").replace(".", "_")
    return create_model(  # type: ignore[call-overload,no-any-return]
        name, __config__=ConfigDict(title=name), **definitions
    )
