"""A full disk (or quota) while a service writes content, answered as a clean refusal."""

from __future__ import annotations

import errno

from onewindow_kit.errors import Unavailable

FULL = {errno.ENOSPC, errno.EDQUOT}


def storage_full(exc: BaseException) -> Unavailable | None:
    """``Unavailable`` (gRPC UNAVAILABLE, HTTP 503) for "no space left" / "quota exceeded";
    None for anything else. The gRPC server's error translator: the writer has removed its
    partial file, so nothing is half-stored and the client may try again later."""
    if isinstance(exc, OSError) and exc.errno in FULL:
        return Unavailable("storage is full; nothing was stored, try again later")
    return None
