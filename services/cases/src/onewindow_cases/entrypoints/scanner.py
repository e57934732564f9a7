"""The deadline scanner process: scans every few seconds until told to stop."""

from __future__ import annotations

import threading

from onewindow_cases.service_layer.deadlines import scan_once
from onewindow_cases.service_layer.offer_ports import OfferServices
from onewindow_cases.service_layer.offers import expire_offers
from onewindow_cases.service_layer.ports import Services
from onewindow_kit.logging import get_logger

log = get_logger("onewindow.cases.scanner")


def run_scanner(
    deps: Services, interval_s: float, stop: threading.Event, offers: OfferServices | None = None
) -> None:
    """Scan (deadlines; offers past their expiry), then wait ``interval_s`` (or until stopped);
    a failed scan is logged and retried."""
    log.info("deadline_scanner_started", interval_s=interval_s)
    while not stop.is_set():
        try:
            scan_once(deps)
        except Exception:  # the process must outlive a database restart
            log.exception("deadline_scan_failed")
        if offers is not None:
            try:
                expire_offers(offers)
            except Exception:  # as above: retried next round
                log.exception("offer_expiry_scan_failed")
        stop.wait(interval_s)
    log.info("deadline_scanner_stopped")
