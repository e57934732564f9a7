"""Fault hooks for the whole-stack fault tests (tests/faults): a relay or consumer process that
SIGKILLs itself at the worst moment — the relay after the broker acknowledged a batch and before
it marked the outbox rows, a consumer after its database commit and before its offset commit —
so that the test proves, deterministically, that the redelivery which follows changes nothing.

Switched on per process by ``ONEWINDOW_FAULT_RELAY_DIE_AFTER_ACK=1`` or
``ONEWINDOW_FAULT_CONSUMER_DIE_BEFORE_COMMIT=1``; refused with ``ONEWINDOW_ENV=production``.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Mapping
from typing import Any

from onewindow_kit.logging import get_logger
from onewindow_kit.settings import Env, SettingsError, is_production

log = get_logger("onewindow.faults")
RELAY_DIE_AFTER_ACK = "ONEWINDOW_FAULT_RELAY_DIE_AFTER_ACK"
CONSUMER_DIE_BEFORE_COMMIT = "ONEWINDOW_FAULT_CONSUMER_DIE_BEFORE_COMMIT"


def die_hook(name: str, environ: Mapping[str, str] | None = None) -> Callable[..., None] | None:
    """A hook that SIGKILLs this process when the variable ``name`` is true; else None."""
    if not Env(environ).get_bool(name, False):
        return None
    if is_production(environ):
        raise SettingsError(
            f"environment variable {name} is a fault-test hook, refused with "
            "ONEWINDOW_ENV=production"
        )

    def die(*_: Any) -> None:
        log.warning("fault_injected", hook=name, pid=os.getpid())
        os.kill(os.getpid(), signal.SIGKILL)

    return die
