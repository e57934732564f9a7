"""What the handlers need, wired by bootstrap (real) or by tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from onewindow_kit.outbox import Outbox
from onewindow_notifications.config import RateLimits, RetryPolicy
from onewindow_notifications.service_layer.catalogue import Catalogue


@dataclass(frozen=True)
class Services:
    """Handlers' dependencies."""

    sessions: Callable[[], Session]
    outbox: Outbox
    catalogue: Catalogue
    clock: Callable[[], datetime]
    new_id: Callable[[], str]
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    limits: RateLimits = field(default_factory=RateLimits)
    webhook_allow_private: tuple[str, ...] = ()
