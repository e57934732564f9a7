"""Requests decoded by the kit: a request that cannot be decoded (invalid UTF-8, nesting past
protobuf's recursion limit, garbage) or that breaks the service's field limits (text longer
than its maximum, too many items, an enum number the contract does not define) never reaches
a handler; the handler's wrapper refuses it with INVALID_ARGUMENT after authenticating the
caller, counted in the metrics like every refusal.

Limits are a service's table ``{"reason": 2000, "UploadMetadata.title": 300, "roles[]": 20}``
(a field name, or ``Message.field`` for one message; ``[]`` after it: the number of items of a
repeated field); a string field not in it may hold ``DEFAULT_MAX_TEXT`` characters, a
repeated or map field ``DEFAULT_MAX_ITEMS`` items; bytes are limited only when named.
Well-known types (Timestamp, Struct, ...) are checked where they are converted
(``onewindow_kit.conversions``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor

from onewindow_kit.classification import watch
from onewindow_kit.errors import FieldViolation, InvalidArgument

DEFAULT_MAX_TEXT = 256
DEFAULT_MAX_ITEMS = 1000

Check = Callable[[Any, str, list[FieldViolation]], None]


class Undecodable:
    """Stands in for a request that must be refused; the handler wrapper raises ``error``."""

    __slots__ = ("error",)

    def __init__(self, error: InvalidArgument) -> None:
        self.error = error


_REASONS = (("utf-8", "a string field is not valid UTF-8"), ("depth", "nested too deeply"))


def undecodable_error(
    type_name: str, exc: BaseException, descriptor: Descriptor | None = None, raw: bytes = b""
) -> InvalidArgument:
    """The refusal of bytes that are not a ``type_name``, in plain words (no internals); a
    string that is not UTF-8 is named by its field path when it can be found."""
    said = str(exc).lower()
    reason = next((plain for word, plain in _REASONS if word in said), "malformed protobuf")
    message = f"request could not be decoded: not a valid {type_name} ({reason})"
    path = _bad_text_path(descriptor, raw) if descriptor is not None and "utf-8" in said else None
    violation = (
        FieldViolation(path, "is not valid UTF-8")
        if path
        else FieldViolation("request", message.removeprefix("request "))
    )
    return InvalidArgument([violation], message=message)


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]  # IndexError on truncated input: the caller gives up
        value |= (byte & 0x7F) << shift
        pos, shift = pos + 1, shift + 7
        if not byte & 0x80:
            return value, pos


def _skip_number(data: bytes, pos: int, wire_type: int) -> int:
    if wire_type == 0:
        return _varint(data, pos)[1]
    if wire_type in (1, 5):
        return pos + (8 if wire_type == 1 else 4)
    raise IndexError("a group or an unknown wire type")  # not ours: give up


def _bad_text_path(
    descriptor: Descriptor, data: bytes, prefix: str = "", depth: int = 0
) -> str | None:
    """The path of the first string field of ``data`` that is not UTF-8 (None if not found)."""
    try:
        pos = 0
        while pos < len(data):
            key, pos = _varint(data, pos)
            if key & 7 != 2:  # a number: skip it
                pos = _skip_number(data, pos, key & 7)
                continue
            length, pos = _varint(data, pos)
            chunk, pos = data[pos : pos + length], pos + length
            field = descriptor.fields_by_number.get(key >> 3)
            found = _bad_text_in(field, chunk, prefix, depth) if field is not None else None
            if found:
                return found
    except IndexError:
        return None
    return None


def _bad_text_in(field: FieldDescriptor, chunk: bytes, prefix: str, depth: int) -> str | None:
    path = prefix + field.name
    if field.type == FieldDescriptor.TYPE_STRING:
        try:
            chunk.decode("utf-8")
        except UnicodeDecodeError:
            return path
        return None
    nested = field.message_type
    if nested is None or depth >= 32:
        return None
    found = _bad_text_path(nested, chunk, path + ".", depth + 1)
    if found and nested.full_name.startswith("google.protobuf."):
        return path  # within a well-known type (a Struct's value): name the field holding it
    return found


class _Plan:
    """The checks of one message type (built once per type and table)."""

    __slots__ = ("checks",)

    def __init__(self) -> None:
        self.checks: list[Check] = []

    def run(self, message: Any, prefix: str, out: list[FieldViolation]) -> None:
        for check in self.checks:
            check(message, prefix, out)


class RequestLimits:
    """A service's field limits, compiled per request type."""

    def __init__(self, table: Mapping[str, int] | None = None) -> None:
        self.table = dict(table or {})
        self._plans: dict[str, _Plan] = {}

    def violations(self, message: Any) -> list[FieldViolation]:
        """Every limit ``message`` breaks (empty when it keeps them all)."""
        out: list[FieldViolation] = []
        self.plan(message.DESCRIPTOR).run(message, "", out)
        return out

    def plan(self, descriptor: Descriptor) -> _Plan:
        """The checks of one message type."""
        plan = self._plans.get(descriptor.full_name)
        if plan is None:
            plan = self._plans[descriptor.full_name] = _Plan()  # before recursing: cycles
            for field in descriptor.fields:
                check = self._check(descriptor, field)
                if check is not None:
                    plan.checks.append(check)
        return plan

    def _limit(
        self, descriptor: Descriptor, field: FieldDescriptor, default: int | None
    ) -> int | None:
        return self.table.get(
            f"{descriptor.name}.{field.name}", self.table.get(field.name, default)
        )

    def _check(self, descriptor: Descriptor, field: FieldDescriptor) -> Check | None:
        one = self._one(descriptor, field)
        if not _is_repeated(field):
            return one
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            one = None  # map keys and values: counted, not inspected
        max_items = self.table.get(
            f"{descriptor.name}.{field.name}[]",
            self.table.get(f"{field.name}[]", DEFAULT_MAX_ITEMS),
        )
        return _repeated(field.name, max_items, one)

    def _one(self, descriptor: Descriptor, field: FieldDescriptor) -> Check | None:
        if field.type == FieldDescriptor.TYPE_STRING:
            limit = self._limit(descriptor, field, DEFAULT_MAX_TEXT)
            return _text(field.name, DEFAULT_MAX_TEXT if limit is None else limit, "characters")
        if field.type == FieldDescriptor.TYPE_BYTES:
            limit = self._limit(descriptor, field, None)
            return None if limit is None else _text(field.name, limit, "bytes")
        if field.type == FieldDescriptor.TYPE_ENUM:
            return _enum(field)
        nested = field.message_type
        if nested is None or nested.full_name.startswith("google.protobuf."):
            return None  # a scalar without limits, or a well-known type (checked where read)
        return _nested(field, self.plan(nested), _is_repeated(field))


def _is_repeated(field: FieldDescriptor) -> bool:
    return bool(field.is_repeated)


def _text(name: str, limit: int, unit: str) -> Check:
    def check(value: Any, path: str, out: list[FieldViolation]) -> None:
        if len(value) > limit:
            out.append(FieldViolation(path, f"is longer than {limit} {unit}"))

    return _field(name, check)


def _enum(field: FieldDescriptor) -> Check:
    enum = field.enum_type
    assert enum is not None
    known = frozenset(enum.values_by_number)
    type_name = enum.name

    def check(value: Any, path: str, out: list[FieldViolation]) -> None:
        if value not in known:
            out.append(FieldViolation(path, f"{value} is not a {type_name} of this contract"))

    return _field(field.name, check)


def _nested(field: FieldDescriptor, plan: _Plan, repeated: bool) -> Check:
    name = field.name

    def check(value: Any, path: str, out: list[FieldViolation]) -> None:
        plan.run(value, path + ".", out)

    if repeated:
        return check

    def present(message: Any, prefix: str, out: list[FieldViolation]) -> None:
        if message.HasField(name):
            plan.run(getattr(message, name), f"{prefix}{name}.", out)

    return present


def _field(name: str, check: Check) -> Check:
    """A check of one value, as a check of the message field ``name`` (repeated: per item)."""

    def of_message(message: Any, prefix: str, out: list[FieldViolation]) -> None:
        check(getattr(message, name), prefix + name, out)

    of_message.each = check  # type: ignore[attr-defined]
    return of_message


def _repeated(name: str, max_items: int, one: Check | None) -> Check:
    each = getattr(one, "each", one)

    def check(message: Any, prefix: str, out: list[FieldViolation]) -> None:
        items = getattr(message, name)
        if len(items) > max_items:
            out.append(FieldViolation(prefix + name, f"has more than {max_items} items"))
            return
        if each is not None:
            for index, item in enumerate(items):
                each(item, f"{prefix}{name}[{index}]", out)

    return check


def safe_deserializer(
    deserialize: Callable[[bytes], Any] | None, limits: RequestLimits
) -> Callable[[bytes], Any] | None:
    """``deserialize`` that never raises: bytes it cannot decode, or a request that breaks the
    limits, come out as ``Undecodable``."""
    if deserialize is None:
        return None
    message_class = getattr(deserialize, "__self__", None)
    descriptor = getattr(message_class, "DESCRIPTOR", None)
    type_name = descriptor.full_name if descriptor is not None else "request"
    check = None
    known = descriptor if isinstance(descriptor, Descriptor) else None
    if known is not None:
        limits.plan(known)  # compiled now, not on the first call
        check = limits.violations

    def decode(raw: bytes) -> Any:
        try:
            message = deserialize(raw)
        except Exception as exc:
            return Undecodable(undecodable_error(type_name, exc, known, raw))
        if check is not None:
            violations = check(message)
            if violations:
                return Undecodable(InvalidArgument(violations))
        return message

    return decode


def checked(request: Any) -> Any:
    """The request, or the refusal it stands for raised. The call protects what a request
    holds (``onewindow_kit.classification``)."""
    if type(request) is Undecodable:
        raise request.error
    return watch(request)


def checked_each(requests: Iterator[Any]) -> Iterator[Any]:
    """A request stream whose undecodable message raises its refusal when reached."""
    for request in requests:
        if type(request) is Undecodable:
            raise request.error
        yield watch(request)


async def checked_each_async(requests: Any) -> Any:
    """checked_each() for an asynchronous request stream."""
    async for request in requests:
        if type(request) is Undecodable:
            raise request.error
        yield watch(request)
