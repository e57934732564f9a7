"""Opaque cursor tokens for keyset pagination (no OFFSET anywhere)."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from typing import Any

from onewindow_kit.errors import InvalidArgument

DEFAULT_PAGE, MAX_PAGE = 50, 200


def page_size(requested: int) -> int:
    """Default 50, at most 200."""
    if requested < 0:
        raise InvalidArgument("page_size", "must not be negative")
    return min(requested or DEFAULT_PAGE, MAX_PAGE)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def _typed(value: Any) -> Any:
    if isinstance(value, dict) and "t" in value:
        return datetime.fromisoformat(value["t"])
    if isinstance(value, dict) and "d" in value:
        return date.fromisoformat(value["d"])
    return value


def encode(kind: str, *values: Any) -> str:
    """A token for the page after the row with these sort values."""
    raw = json.dumps([kind, *[_plain(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(kind: str, token: str) -> tuple | None:
    """The sort values in a token of ``kind`` (None for the first page)."""
    if not token:
        return None
    try:
        padded = token + "=" * (-len(token) % 4)
        raw = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(raw, list) or raw[0] != kind:
            raise ValueError(kind)
        return tuple(_typed(v) for v in raw[1:])
    except (ValueError, TypeError, IndexError, KeyError) as exc:
        raise InvalidArgument("page_token", "is not a token of this list") from exc


def next_token(kind: str, rows: list[dict[str, Any]], limit: int, *keys: str) -> str:
    """A token when there may be more rows (a full page was returned)."""
    if len(rows) < limit or not rows:
        return ""
    last = rows[-1]
    return encode(kind, *[last[k] for k in keys])
