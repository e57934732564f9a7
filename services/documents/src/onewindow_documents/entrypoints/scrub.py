"""``python -m onewindow_documents scrub``: re-hash all stored content against the SHA-256
recorded at commit; print one JSON line per finding and a summary; publish
document_integrity_failed for each (through the outbox; the relay sends it). Exit status 1
when anything failed, so a scheduler (cron, a Kubernetes CronJob) notices."""

from __future__ import annotations

import json
from dataclasses import asdict

from onewindow_documents import config
from onewindow_documents.service_layer.scrub import Finding, scrub
from onewindow_kit.db import make_engine
from onewindow_kit.logging import configure_logging, get_logger

log = get_logger("onewindow.documents.scrub")


def _print(finding: Finding) -> None:
    print(json.dumps({"event": "document_integrity_failed", **asdict(finding)}), flush=True)


def scrub_command() -> int:
    """Run one scrub pass over every committed version."""
    from onewindow_documents.bootstrap import _runtime, build_services  # the wiring

    settings = config.load()
    configure_logging(settings.common.log_level)
    engine = make_engine(settings.common.database_url, pool_size=2)
    store, signer = _runtime(settings)
    svc = build_services(engine, store, signer, max_upload_bytes=settings.max_upload_bytes)
    try:
        report = scrub(svc=svc, on_finding=_print)
    finally:
        engine.dispose()
    summary = {"versions": report.versions, "contents": report.contents}
    print(json.dumps({"event": "scrub_done", **summary, "findings": len(report.findings)}))
    log.info("scrub_done", findings=len(report.findings), **summary)
    return 1 if report.findings else 0
