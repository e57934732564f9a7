"""multipart/form-data read as a stream of events, so an upload is passed on chunk by chunk and
never held whole in memory (python-multipart's push parser over Starlette's request stream)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from python_multipart.multipart import MultipartParser, parse_options_header

from onewindow_gateway.problems import Problem, invalid

FIELD_LIMIT = 4096


class MultipartEvents:
    """("headers", {name, filename, content_type}) | ("data", bytes) | ("end", None) events."""

    def __init__(self, stream: AsyncIterator[bytes], content_type: str) -> None:
        kind, options = parse_options_header(content_type)
        boundary = options.get(b"boundary")
        if kind != b"multipart/form-data" or not boundary:
            raise Problem(415, "send multipart/form-data with a boundary")
        self._stream = stream
        self._pending: list[tuple[str, Any]] = []
        self._header_name = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._begin,
                "on_header_field": self._field,
                "on_header_value": self._value,
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_done,
                "on_part_data": self._data,
                "on_part_end": self._end,
            },
        )

    def _begin(self) -> None:
        self._headers = {}

    def _field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._header_name.lower()] = self._header_value
        self._header_name = self._header_value = b""

    def _headers_done(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        filename = options.get(b"filename")
        self._pending.append(
            (
                "headers",
                {
                    "name": options.get(b"name", b"").decode("utf-8", "replace"),
                    "filename": filename.decode("utf-8", "replace")
                    if filename is not None
                    else None,
                    "content_type": self._headers.get(b"content-type", b"").decode("latin-1"),
                },
            )
        )

    def _data(self, data: bytes, start: int, end: int) -> None:
        self._pending.append(("data", bytes(data[start:end])))

    def _end(self) -> None:
        self._pending.append(("end", None))

    async def __aiter__(self) -> AsyncIterator[tuple[str, Any]]:
        try:
            async for chunk in self._stream:
                self._parser.write(chunk)
                pending, self._pending = self._pending, []
                for event in pending:
                    yield event
            self._parser.finalize()
        except Exception as exc:  # the parser's own errors are the client's malformed body
            if isinstance(exc, Problem):
                raise
            raise Problem(400, f"malformed multipart body: {type(exc).__name__}") from None
        for event in self._pending:
            yield event


async def fields_then_file(
    events: AsyncIterator[tuple[str, Any]],
) -> tuple[dict[str, str], dict[str, Any]]:
    """The form fields sent before the file part, and the file part's headers; 422 without one."""
    fields: dict[str, str] = {}
    name = ""
    value = bytearray()
    async for kind, data in events:
        if kind == "headers":
            if data["filename"] is not None:
                return fields, data
            name, value = data["name"], bytearray()
        elif kind == "data":
            value += data
            if len(value) > FIELD_LIMIT:
                raise invalid(name or "form", f"is longer than {FIELD_LIMIT} bytes")
        elif kind == "end" and name:
            fields[name] = value.decode("utf-8", "replace")
    raise invalid("file", "is required (send the form fields first, then the file)")


async def file_chunks(events: AsyncIterator[tuple[str, Any]], size: int) -> AsyncIterator[bytes]:
    """The rest of the file part in chunks of at most ``size`` bytes."""
    pending = bytearray()
    ended = False
    async for kind, data in events:
        if kind == "end":
            ended = True
            break
        if kind == "data":
            pending += data
            while len(pending) >= size:
                yield bytes(pending[:size])
                del pending[:size]
    if not ended:  # a truncated body must not be stored as if it were the whole file
        raise Problem(400, "the multipart body ended before the file's closing boundary")
    if pending:
        yield bytes(pending)
