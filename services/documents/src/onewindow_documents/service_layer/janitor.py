"""The content janitor: staged content older than an hour is either a committed version's
content left behind by a crash between commit and promotion (promoted, never lost) or an upload
that never committed (removed)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from onewindow_kit.logging import get_logger

log = get_logger("onewindow.documents.janitor")
STAGED_MAX_AGE = timedelta(hours=1)


class StagedContent(Protocol):
    """What the janitor needs of a content store."""

    def staged_before(self, cutoff: datetime) -> list[str]:
        """Keys with staged content last written before ``cutoff``."""

    def promote(self, key: str) -> None:
        """Make the staged content the content of ``key``."""

    def discard(self, key: str) -> None:
        """Remove the staged content of ``key``."""


@dataclass(frozen=True)
class Sweep:
    """What one pass did."""

    promoted: tuple[str, ...]
    removed: tuple[str, ...]


def sweep_staged(
    *,
    store: StagedContent,
    committed: Callable[[Sequence[str]], set[str]],
    now: datetime,
    max_age: timedelta = STAGED_MAX_AGE,
) -> Sweep:
    """One pass over staged content older than ``max_age``."""
    keys = store.staged_before(now - max_age)
    if not keys:
        return Sweep((), ())
    referenced = committed(keys)
    promoted, removed = [], []
    for key in keys:
        if key in referenced:
            store.promote(key)
            promoted.append(key)
        else:
            store.discard(key)
            removed.append(key)
    log.info("staged_content_swept", promoted=len(promoted), removed=len(removed))
    return Sweep(tuple(promoted), tuple(removed))
