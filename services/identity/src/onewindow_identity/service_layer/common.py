"""Helpers the handlers share: compensation of identity-provider steps, lookups, limits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from onewindow_identity.domain import fields
from onewindow_kit.errors import NotFound, Validator
from onewindow_kit.logging import get_logger

log = get_logger("onewindow.identity")
T = TypeVar("T")


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
