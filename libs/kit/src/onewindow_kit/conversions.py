"""Proto values → Python values that never throw anything but the kit's ``InvalidArgument``
naming the field: one helper per well-known type (Timestamp, Duration, Struct), enums, and
free text. Servicers convert every request value through these (``entrypoints/convert.py``)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from google.protobuf import duration_pb2, struct_pb2, timestamp_pb2
from google.protobuf.descriptor import EnumDescriptor

from onewindow_kit.errors import InvalidArgument

MIN_YEAR = 1900
MAX_YEAR = 2200
MAX_DURATION = timedelta(days=100 * 366)
STRUCT_MAX_DEPTH = 16
STRUCT_MAX_BYTES = 64 * 1024
STRUCT_MAX_TEXT = 2000

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NANOS = 1_000_000_000


def _seconds(year: int) -> int:
    return int((datetime(year, 1, 1, tzinfo=UTC) - _EPOCH).total_seconds())


def to_datetime(
    value: timestamp_pb2.Timestamp,
    field: str,
    *,
    min_year: int = MIN_YEAR,
    max_year: int = MAX_YEAR,
) -> datetime:
    """An aware UTC datetime, or InvalidArgument(field) outside years min_year..max_year."""
    if not 0 <= value.nanos < _NANOS:
        raise InvalidArgument(field, "has nanos outside 0..999999999")
    if not _seconds(min_year) <= value.seconds < _seconds(max_year + 1):
        raise InvalidArgument(field, f"must be a time in the years {min_year}..{max_year}")
    return _EPOCH + timedelta(seconds=value.seconds, microseconds=value.nanos // 1000)


def optional_datetime(
    message: Any, field: str, path: str | None = None, **bounds: int
) -> datetime | None:
    """The datetime of an optional Timestamp field of ``message``; None when unset."""
    if not message.HasField(field):
        return None
    return to_datetime(getattr(message, field), path or field, **bounds)


def to_timedelta(
    value: duration_pb2.Duration, field: str, *, maximum: timedelta = MAX_DURATION
) -> timedelta:
    """A timedelta, or InvalidArgument(field) beyond ±maximum or with mixed signs."""
    if not -_NANOS < value.nanos < _NANOS or (value.seconds * value.nanos < 0):
        raise InvalidArgument(field, "has nanos out of range or of the other sign than seconds")
    if abs(value.seconds) > maximum.total_seconds():
        raise InvalidArgument(field, f"must be at most {maximum.days} days")
    return timedelta(seconds=value.seconds, microseconds=value.nanos // 1000)


def optional_timedelta(
    message: Any, field: str, path: str | None = None, **bounds: Any
) -> timedelta | None:
    """The timedelta of an optional Duration field of ``message``; None when unset."""
    if not message.HasField(field):
        return None
    return to_timedelta(getattr(message, field), path or field, **bounds)


def enum_number(value: int, enum: EnumDescriptor, field: str) -> int:
    """``value`` when ``enum`` defines it, else InvalidArgument(field)."""
    if value not in enum.values_by_number:
        raise InvalidArgument(field, f"{value} is not a {enum.name} of this contract")
    return value


def text(value: str, field: str, max_length: int) -> str:
    """``value`` when it has at most ``max_length`` characters, else InvalidArgument(field)."""
    if len(value) > max_length:
        raise InvalidArgument(field, f"is longer than {max_length} characters")
    return value


class _StructReader:
    """Struct → JSON-shaped Python values (numbers as floats, like json_format), bounded."""

    def __init__(self, max_depth: int, max_bytes: int, max_text: int) -> None:
        self.max_depth = max_depth
        self.max_text = max_text
        self.budget = max_bytes
        self.max_bytes = max_bytes

    def spend(self, amount: int, path: str) -> None:
        self.budget -= amount
        if self.budget < 0:
            raise InvalidArgument(path, f"is larger than {self.max_bytes} bytes as JSON")

    def struct(self, value: struct_pb2.Struct, path: str, depth: int) -> dict[str, Any]:
        if depth > self.max_depth:
            raise InvalidArgument(path, f"is nested deeper than {self.max_depth} levels")
        out: dict[str, Any] = {}
        for key, item in value.fields.items():
            self.spend(len(key) + 4, path)
            out[key] = self.value(item, f"{path}.{key}", depth)
        return out

    def value(self, value: struct_pb2.Value, path: str, depth: int) -> Any:
        kind = value.WhichOneof("kind")
        if kind == "struct_value":
            return self.struct(value.struct_value, path, depth + 1)
        if kind == "list_value":
            if depth + 1 > self.max_depth:
                raise InvalidArgument(path, f"is nested deeper than {self.max_depth} levels")
            items = value.list_value.values
            return [self.value(v, f"{path}[{i}]", depth + 1) for i, v in enumerate(items)]
        if kind == "string_value":
            self.spend(len(value.string_value) + 2, path)
            return text(value.string_value, path, self.max_text)
        self.spend(8, path)
        if kind == "number_value":
            if not math.isfinite(value.number_value):
                raise InvalidArgument(path, "is not a finite number")
            return value.number_value
        if kind == "bool_value":
            return value.bool_value
        return None  # null_value, or no kind set (JSON null, as json_format reads it)


def struct_to_dict(
    value: struct_pb2.Struct,
    field: str,
    *,
    max_depth: int = STRUCT_MAX_DEPTH,
    max_bytes: int = STRUCT_MAX_BYTES,
    max_text: int = STRUCT_MAX_TEXT,
) -> dict[str, Any]:
    """A Struct as a dict, or InvalidArgument naming the path of the first value that nests
    deeper than ``max_depth``, makes the whole larger than ``max_bytes`` (about its JSON size),
    is a string longer than ``max_text`` characters, or a number that is not finite."""
    return _StructReader(max_depth, max_bytes, max_text).struct(value, field, 1)
