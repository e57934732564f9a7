"""The ``purge`` process: removes documents whose retention ended (legal holds keep them), then
their stored content, every ONEWINDOW_DOCUMENTS_PURGE_INTERVAL_S seconds until stopped."""

from __future__ import annotations

import threading

from sqlalchemy import Engine

from onewindow_documents import bootstrap, config
from onewindow_documents.adapters.content import build_store
from onewindow_documents.adapters.signing import load_key_ring
from onewindow_documents.service_layer.retention import purge
from onewindow_kit.logging import get_logger
from onewindow_kit.settings import CommonSettings, Env

log = get_logger("onewindow.documents.purge")


def purge_worker(common: CommonSettings, engine: Engine, stop: threading.Event) -> None:
    """One pass every ONEWINDOW_DOCUMENTS_PURGE_INTERVAL_S seconds (default 3600)."""
    settings = config.load(common)
    interval = Env().get_float("ONEWINDOW_DOCUMENTS_PURGE_INTERVAL_S", 3600.0)
    signer = load_key_ring(settings.signing_key_path, configured=settings.signing_key_configured)
    svc = bootstrap.build_services(
        engine, build_store(settings), signer, max_upload_bytes=settings.max_upload_bytes
    )
    log.info("purge_started", store=settings.store, interval_s=interval)
    while not stop.is_set():
        try:
            purge(svc=svc, policy=settings.retention)
        except Exception as e:  # a failed pass (store or database away) is retried next time
            log.warning("purge_pass_failed", error=type(e).__name__)
        stop.wait(interval)
