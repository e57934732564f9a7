"""Content checks: the real type of an upload is sniffed from its first bytes and must match
the declared type and the document type's allowed list, before anything is stored."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import filetype  # type: ignore[import-untyped]

from onewindow_kit.errors import InvalidArgument

DEFAULT_ALLOWED = ("application/pdf", "image/jpeg", "image/png")
SNIFF_BYTES = 262  # the longest signature filetype looks at among the allowed kinds
UNDECLARED = frozenset({"", "application/octet-stream"})  # "I don't know": the sniffed type
ALIASES = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "application/x-pdf": "application/pdf",
}


def normalise(content_type: str) -> str:
    """``Image/JPG; q=1`` → ``image/jpeg``: no parameters, lower case, common aliases."""
    bare = content_type.split(";", 1)[0].strip().lower()
    return ALIASES.get(bare, bare)


@dataclass(frozen=True)
class ContentPolicy:
    """Which content types each document type accepts (types not named: ``default``)."""

    default: tuple[str, ...] = DEFAULT_ALLOWED
    per_type: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def allowed(self, document_type: str) -> tuple[str, ...]:
        """The content types a document of ``document_type`` may have."""
        return self.per_type.get(document_type, self.default)


def check_declared(policy: ContentPolicy, document_type: str, declared: str) -> None:
    """Refuse a declared type the document type does not accept (before any content)."""
    declared = normalise(declared)
    allowed = policy.allowed(document_type)
    if declared not in UNDECLARED and declared not in allowed:
        raise InvalidArgument(
            "metadata.content_type",
            f"{declared!r} is not accepted for {document_type!r}: one of {', '.join(allowed)}",
        )


def sniffed_chunks(
    chunks: Iterable[bytes], policy: ContentPolicy, document_type: str, declared: str
) -> tuple[str, Iterator[bytes]]:
    """(the sniffed content type, the same chunks) once the first bytes checked out.

    Reads only up to ``SNIFF_BYTES`` ahead, so nothing reaches the store when the content is
    not of an accepted type or not what ``declared`` says.
    """
    stream = iter(chunks)
    head: list[bytes] = []
    size = 0
    while size < SNIFF_BYTES:
        chunk = next(stream, None)
        if chunk is None:
            break
        head.append(chunk)
        size += len(chunk)
    sniffed = _sniff(b"".join(head)[:SNIFF_BYTES], policy.allowed(document_type), document_type)
    declared = normalise(declared)
    if declared not in UNDECLARED and declared != sniffed:
        raise InvalidArgument(
            "metadata.content_type", f"says {declared!r} but the content is {sniffed!r}"
        )
    return sniffed, itertools.chain(head, stream)


def _sniff(head: bytes, allowed: tuple[str, ...], document_type: str) -> str:
    if not head:
        raise InvalidArgument("content", "is empty: send at least one non-empty chunk")
    kind = filetype.guess_mime(head)
    if kind is None or normalise(kind) not in allowed:
        found = f"is {kind}" if kind else "is of no recognised type"
        raise InvalidArgument("content", f"{found}; {document_type!r} accepts {', '.join(allowed)}")
    return normalise(kind)


def parse_policy(value: str) -> ContentPolicy:
    """``*=application/pdf|image/png,floor_plan=application/pdf`` → a policy; ValueError names
    the item that is malformed. ``*`` is every type not named (default PDF, JPEG, PNG)."""
    default: tuple[str, ...] = DEFAULT_ALLOWED
    per_type: dict[str, tuple[str, ...]] = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        name, _, types = item.partition("=")
        kinds = tuple(normalise(t) for t in types.split("|") if t.strip())
        if not name.strip() or not kinds or any("/" not in k for k in kinds):
            raise ValueError(f"expected type=mime|mime[,type=mime], got {item!r}")
        if name.strip() == "*":
            default = kinds
        else:
            per_type[name.strip()] = kinds
    return ContentPolicy(default, per_type)
