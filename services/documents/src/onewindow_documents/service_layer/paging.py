"""Opaque keyset cursors: (time, id) of the last item of a page."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

from onewindow_documents.service_layer.ports import Cursor
from onewindow_kit.errors import InvalidArgument

DEFAULT_PAGE, MAX_PAGE = 50, 200


def page_size(requested: int) -> int:
    """The page size to use; negative sizes are refused, large ones capped."""
    if requested < 0:
        raise InvalidArgument("page_size", "must not be negative")
    return min(requested or DEFAULT_PAGE, MAX_PAGE)


def encode(moment: datetime, ident: str) -> str:
    """The token of the page after the item (moment, ident)."""
    return base64.urlsafe_b64encode(f"{moment.isoformat()}|{ident}".encode()).decode()


def decode(token: str) -> Cursor | None:
    """The cursor of a token; None for the first page; InvalidArgument for a foreign token."""
    if not token:
        return None
    try:
        moment, _, ident = base64.urlsafe_b64decode(token.encode()).decode().partition("|")
        return datetime.fromisoformat(moment), ident
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidArgument("page_token", "is not a token this service issued") from None
