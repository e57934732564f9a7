"""Data classification of contract fields, read from the ``(onewindow.common.v1.classification)``
option every field carries (proto/onewindow/common/v1/classification.proto).

What it drives: logs never carry a PERSONAL or SENSITIVE value (``redacted`` renders a message
for a log line; ``Protected`` holds the messages of the work in progress, and the kit's log
formatter and gRPC refusals remove their protected values from what they write, see
``onewindow_kit.logging``); open-data exports take PUBLIC fields only (``require_public``); the
contract check finds fields without a class (``unclassified``).

An unclassified field of our own counts as PERSONAL (fail closed). A field holding a message is
judged as a whole when PERSONAL or SENSITIVE; otherwise its message's fields decide. Well-known
types have no classes of their own: the field holding them decides (an ``Any`` is unpacked when
its type is known here and judged by that message's fields)."""

from __future__ import annotations

import contextvars
import json
import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from google.protobuf import any_pb2, json_format, symbol_database
from google.protobuf.descriptor import Descriptor, FieldDescriptor, FileDescriptor
from google.protobuf.message import Message

from onewindow.common.v1 import classification_pb2

UNSPECIFIED = classification_pb2.CLASSIFICATION_UNSPECIFIED
PUBLIC = classification_pb2.PUBLIC
INTERNAL = classification_pb2.INTERNAL
PERSONAL = classification_pb2.PERSONAL
SENSITIVE = classification_pb2.SENSITIVE
REDACTED = "[redacted]"
MIN_SCRUBBED_LENGTH = 3  # shorter values ("a", "12") would blank out ordinary words and numbers
MAX_WATCHED = 4  # messages of one stream kept (an upload's metadata comes first; chunks are bytes)
_EXTENSION: Any = classification_pb2.classification  # the stubs type it as a plain field
_WELL_KNOWN = "google.protobuf."
_JSON_ESCAPED = re.compile(r'["\\\x00-\x1f]')  # what json.dumps writes differently


@cache
def classification_of(field: FieldDescriptor) -> int:
    """The field's class (UNSPECIFIED when it has none)."""
    options = field.GetOptions()
    return int(options.Extensions[_EXTENSION]) if options.HasExtension(_EXTENSION) else UNSPECIFIED


def class_name(value: int) -> str:
    """PUBLIC | INTERNAL | PERSONAL | SENSITIVE | CLASSIFICATION_UNSPECIFIED."""
    return classification_pb2.Classification.Name(value)  # type: ignore[arg-type]


def is_protected(field: FieldDescriptor) -> bool:
    """True for a field whose values never go into logs: PERSONAL, SENSITIVE or unclassified."""
    return classification_of(field) not in (PUBLIC, INTERNAL)


# -- the contract check -------------------------------------------------------------------


def _messages(descriptors: Iterable[Descriptor]) -> Iterator[Descriptor]:
    for descriptor in descriptors:
        if descriptor.GetOptions().map_entry:
            continue  # a map's synthetic entry: the map field itself carries the class
        yield descriptor
        yield from _messages(descriptor.nested_types)


def unclassified(descriptors: Iterable[Descriptor]) -> list[str]:
    """Full names of the fields (nested messages included) without a class."""
    return [
        field.full_name
        for message in _messages(descriptors)
        for field in message.fields
        if classification_of(field) == UNSPECIFIED
    ]


def unclassified_in_files(files: Iterable[FileDescriptor]) -> list[str]:
    """``unclassified`` over every message of the given .proto files."""
    return unclassified(m for f in files for m in f.message_types_by_name.values())


# -- open data ------------------------------------------------------------------------------


class NotPublic(ValueError):
    """An export asked for a field that is not PUBLIC (or that does not exist)."""


def _field_at(descriptor: Descriptor, path: str) -> FieldDescriptor | None:
    """The field at a dotted path (``row.department``); None when there is none."""
    message: Descriptor | None = descriptor
    field = None
    for name in path.split("."):
        field = message.fields_by_name.get(name) if message is not None else None
        if field is None:
            return None
        message = field.message_type
    return field


def require_public(descriptor: Any, fields: Iterable[str]) -> None:
    """Raise NotPublic naming every field of ``fields`` (names or dotted paths in
    ``descriptor``, a message's DESCRIPTOR) that is not PUBLIC: an open-data export publishes
    nothing else."""
    refused = []
    for path in fields:
        field = _field_at(descriptor, path)
        if field is None:
            refused.append(f"{path} (no such field of {descriptor.full_name})")
        elif classification_of(field) != PUBLIC:
            refused.append(f"{path} ({class_name(classification_of(field))})")
    if refused:
        raise NotPublic(
            f"open data may publish PUBLIC fields of {descriptor.full_name} only: "
            + ", ".join(refused)
        )


# -- logs -----------------------------------------------------------------------------------


def _unpacked(value: any_pb2.Any) -> Message | None:
    """The message an Any holds, when its type is known in this process."""
    try:
        cls = symbol_database.Default().GetSymbol(value.TypeName())
    except KeyError:
        return None
    message = cls()
    return message if value.Unpack(message) else None


def _well_known(value: Message) -> Any:
    if isinstance(value, any_pb2.Any):
        inner = _unpacked(value)
        return REDACTED if inner is None else {"@type": value.type_url, **redacted(inner)}
    return json_format.MessageToDict(value, preserving_proto_field_name=True)


def _plain(field: FieldDescriptor, value: Any) -> Any:
    if field.type == FieldDescriptor.TYPE_ENUM:
        number = field.enum_type.values_by_number.get(value) if field.enum_type else None
        return number.name if number is not None else value
    if field.type == FieldDescriptor.TYPE_BYTES:
        return f"<{len(value)} bytes>"
    if field.message_type is None:
        return value
    if field.message_type.full_name.startswith(_WELL_KNOWN):
        return _well_known(value)
    return redacted(value)


def _rendered(field: FieldDescriptor, value: Any) -> Any:
    if is_protected(field):
        return REDACTED
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        value_field = field.message_type.fields_by_name["value"]
        return {str(k): _plain(value_field, v) for k, v in value.items()}
    if field.is_repeated:
        return [_plain(field, item) for item in value]
    return _plain(field, value)


def redacted(message: Message) -> dict[str, Any]:
    """The fields set in ``message`` (proto field names), PERSONAL and SENSITIVE values (and
    unclassified ones) replaced by ``REDACTED``: what a log line may say about a message."""
    return {field.name: _rendered(field, value) for field, value in message.ListFields()}


def _plain_value(value: Any) -> Any:
    """A protected value as plain Python (messages as their JSON form, an Any unpacked)."""
    if isinstance(value, any_pb2.Any):
        inner = _unpacked(value)
        return None if inner is None else _plain_value(inner)
    if isinstance(value, Message):
        return json_format.MessageToDict(value, preserving_proto_field_name=True)
    if isinstance(value, list):
        return [_plain_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain_value(item) for key, item in value.items()}
    return value


def _texts_of_value(value: Any, out: set[str]) -> None:
    """Every string and number inside a plain value, however nested (not a dict's keys:
    they are a form's field names, not what was entered)."""
    if isinstance(value, str):
        out.add(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        out.add(str(int(value)) if float(value).is_integer() else str(value))
    elif isinstance(value, dict):
        for item in value.values():
            _texts_of_value(item, out)
    elif isinstance(value, list):
        for item in value:
            _texts_of_value(item, out)


def _field_values(field: FieldDescriptor, value: Any) -> Any:
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        return dict(value)
    return list(value) if field.is_repeated else value


def protected_texts(message: Message) -> set[str]:
    """The values of ``message``'s PERSONAL and SENSITIVE fields (strings, and numbers as
    written), at any depth: what must not appear in a log line or an error message about it.
    (Unclassified fields are left out here: scrubbing every id and status out of error
    messages would blind them; the contract check keeps fields classified.)"""
    out: set[str] = set()
    _collect(message, out)
    return {text for text in out if len(text) >= MIN_SCRUBBED_LENGTH}


def _collect(message: Message, out: set[str]) -> None:
    if isinstance(message, any_pb2.Any):
        inner = _unpacked(message)
        if inner is not None:
            _collect(inner, out)
        return
    for field, value in message.ListFields():
        if field.type == FieldDescriptor.TYPE_BYTES:
            continue  # content is never formatted into a log line
        if classification_of(field) in (PERSONAL, SENSITIVE):
            _texts_of_value(_plain_value(_field_values(field, value)), out)
        elif field.message_type is not None and not field.message_type.GetOptions().map_entry:
            for item in value if field.is_repeated else (value,):
                if not field.message_type.full_name.startswith(_WELL_KNOWN) or isinstance(
                    item, any_pb2.Any
                ):
                    _collect(item, out)


def _written_forms(values: Iterable[str]) -> frozenset[str]:
    """Each value as written and as JSON escapes it (a log line is JSON)."""
    forms: set[str] = set()
    for value in values:
        forms.add(value)
        if _JSON_ESCAPED.search(value):
            forms.add(json.dumps(value, ensure_ascii=False)[1:-1])
    return frozenset(forms)


def scrubber(values: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern matching every value (as written, and as JSON escapes it) where it stands
    as a whole (not inside a longer word); None when there is nothing to match."""
    forms = _written_forms(values)
    if not forms:
        return None
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def scrub(text: str, values: Iterable[str] | re.Pattern[str] | None) -> str:
    """``text`` with every value (see ``scrubber``) replaced by REDACTED."""
    pattern = values if isinstance(values, re.Pattern) or values is None else scrubber(values)
    return text if pattern is None else pattern.sub(REDACTED, text)


class Protected:
    """The messages of the work in progress (a call's requests, a consumed event), whose
    protected values the kit removes from log lines and error messages. Values are worked
    out once, when first needed: nothing is spent on work that logs nothing."""

    __slots__ = ("_forms", "_limit", "_messages", "_pattern", "_texts")

    def __init__(self, limit: int = MAX_WATCHED) -> None:
        self._limit = limit
        self._messages: list[Message] = []
        self._texts: frozenset[str] | None = None
        self._pattern: re.Pattern[str] | None = None
        self._forms: frozenset[str] = frozenset()

    def add(self, message: Any) -> None:
        """Watch ``message`` too (up to the holder's limit: the first messages of a stream)."""
        if isinstance(message, Message) and len(self._messages) < self._limit:
            self._messages.append(message)
            self._texts = self._pattern = None

    @property
    def first(self) -> Message | None:
        """The first message watched (a unary call's request)."""
        return self._messages[0] if self._messages else None

    def texts(self) -> frozenset[str]:
        """Every protected value of the watched messages."""
        if self._texts is None:
            found: set[str] = set()
            for message in self._messages:
                found |= protected_texts(message)
            self._texts = frozenset(found)
            self._forms = _written_forms(self._texts)
        return self._texts

    def scrub(self, text: str) -> str:
        """``text`` without the protected values of the watched messages."""
        texts = self.texts()
        if not any(form in text for form in self._forms):
            return text  # the usual case: no pattern is compiled for it
        if self._pattern is None:
            self._pattern = scrubber(texts)
        return scrub(text, self._pattern)


_current: contextvars.ContextVar[Protected | None] = contextvars.ContextVar(
    "onewindow_protected", default=None
)


def protect(*messages: Any) -> contextvars.Token:
    """Start watching ``messages`` (all of them, and up to MAX_WATCHED more) for the work in
    progress (undo with ``unprotect``)."""
    holder = Protected(len(messages) + MAX_WATCHED)
    for message in messages:
        holder.add(message)
    return _current.set(holder)


def unprotect(token: contextvars.Token) -> None:
    """Undo ``protect``."""
    _current.reset(token)


def watch(message: Any) -> Any:
    """Add ``message`` to what the work in progress protects (no-op outside ``protect``);
    returns it."""
    holder = _current.get()
    if holder is not None:
        holder.add(message)
    return message


def current() -> Protected | None:
    """What the work in progress protects (None outside ``protect``)."""
    return _current.get()


def scrub_current(text: str) -> str:
    """``text`` without the protected values of the work in progress."""
    holder = _current.get()
    return holder.scrub(text) if holder is not None else text
