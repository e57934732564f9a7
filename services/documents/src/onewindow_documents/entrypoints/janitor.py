"""The ``janitor`` process: sweeps staged content every few minutes until stopped."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import Engine

from onewindow_documents import config
from onewindow_documents.adapters.content import build_store
from onewindow_documents.adapters.content_refs import committed_keys
from onewindow_documents.service_layer.janitor import sweep_staged
from onewindow_kit.logging import get_logger
from onewindow_kit.settings import CommonSettings, Env

log = get_logger("onewindow.documents.janitor")


def janitor_worker(common: CommonSettings, engine: Engine, stop: threading.Event) -> None:
    """Sweep every ONEWINDOW_DOCUMENTS_JANITOR_INTERVAL_S seconds (default 300)."""
    settings = config.load(common)
    interval = Env().get_float("ONEWINDOW_DOCUMENTS_JANITOR_INTERVAL_S", 300.0)
    store = build_store(settings)
    committed = committed_keys(engine)
    log.info("janitor_started", store=settings.store, interval_s=interval)
    while not stop.is_set():
        try:
            sweep_staged(store=store, committed=committed, now=datetime.now(UTC))
        except Exception as e:  # a failed pass (store or database away) is retried next time
            log.warning("janitor_pass_failed", error=type(e).__name__)
        stop.wait(interval)
