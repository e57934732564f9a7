"""Helpers the handlers share: compensation of identity-provider steps, lookups, limits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from onewindow_identity.domain import fields
from onewindow_kit.errors import NotFound, Validator
from onewindow_kit.logging import get_logger

if TYPE_CHECKING:
    from onewindow_identity.service_layer.ports import Services

log = get_logger("onewindow.identity")
T = TypeVar("T")


@dataclass
class WatchCursor:
    """A Keycloak watch's stored cursor (``login_watch`` row ``source``) as this process last
    saw it: where its next read from Keycloak starts, without a transaction before each round
    (the lockout watch polls three times a second). The stored cursor only moves forward, so
    this one is never later than it, and each round reads the stored one again under the
    watch's lock. Read from the database on the first round only."""

    source: str
    at: datetime | None = None
    read: bool = False

    def start(self, svc: Services) -> datetime | None:
        """Where to read from: the stored cursor, as last seen (None: nothing stored yet).
        Keycloak is called outside the watch's lock, so this is read without it."""
        if not self.read:
            with svc.uow() as uow:
                self.at = uow.login_clients.watched_until(self.source)
            self.read = True
        return self.at


@contextmanager
def compensated(undo: Callable[[], None], step: str, **context: str) -> Iterator[None]:
    """If the block fails, undo an identity-provider step already taken, then re-raise.

    When the undo itself fails (e.g. Keycloak went away meanwhile) the leftover is logged;
    deterministic usernames let the next attempt find and clean it up.
    """
    try:
        yield
    except BaseException:
        try:
            undo()
            log.warning("compensated", step=step, **context)
        except Exception:
            log.exception("compensation_failed", step=step, **context)
        raise


def valid_id(field: str, value: str) -> str:
    """A well-formed id, or INVALID_ARGUMENT naming the field."""
    v = Validator()
    result = fields.entity_id(v, field, value)
    v.raise_if_any()
    return result


def found(value: T | None, what: str, ident: str) -> T:
    """``value``, or NOT_FOUND naming what was looked for."""
    if value is None:
        raise NotFound(f"{what} {ident} not found")
    return value


def page_limit(value: int, *, default: int, maximum: int) -> int:
    """A list limit within bounds (0 means the default)."""
    if value < 0:
        v = Validator()
        v.add("limit", "must not be negative")
        v.raise_if_any()
    return min(value or default, maximum)
