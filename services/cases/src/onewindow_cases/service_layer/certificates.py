"""Consumer of onewindow.documents.v1: a certificate issued for an approved case is recorded on
the case, and bundle parts that reused it (once-only) now point at the certificate itself."""

from __future__ import annotations

from datetime import UTC, datetime

from onewindow.documents.v1 import events_pb2 as documents_events
from onewindow_cases.domain import case_parts
from onewindow_cases.domain.access import SYSTEM
from onewindow_cases.domain.calendar import WorkingCalendar
from onewindow_cases.domain.case import Now
from onewindow_cases.service_layer.ports import CaseRepository
from onewindow_kit.logging import get_logger

log = get_logger("onewindow.cases.certificates")


def record_certificate(repo: CaseRepository, issued: documents_events.CertificateIssued) -> bool:
    """Apply one certificate_issued (in the consumer's transaction, deduplicated by the kit);
    False when the case is unknown or it was applied before."""
    case = repo.get(issued.case_id, lock=True)
    if case is None:
        log.warning("certificate_for_unknown_case", case_id=issued.case_id)
        return False
    at = datetime.now(UTC)
    now = Now(at, at.date(), WorkingCalendar())  # no deadline changes: the calendar is unused
    before = case.version
    if not case_parts.record_certificate(
        case, issued.certificate_type, issued.document_id, SYSTEM, now
    ):
        return False
    repo.save(case, before)
    if case.bundle_id:
        for part in repo.parts_of(case.bundle_id):
            part_version = part.version
            if case_parts.link_reused_certificate(part, case.id, issued.document_id, SYSTEM, now):
                repo.save(part, part_version)
    log.info("certificate_recorded", case_id=case.id, document_id=issued.document_id)
    return True
