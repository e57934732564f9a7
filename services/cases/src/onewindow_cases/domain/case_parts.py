"""What happens to a case because of another: bundle parts waiting for an earlier part's
certificate (once-only), and certificates the documents service issued."""

from __future__ import annotations

import uuid

from onewindow_cases.domain.case import Case
from onewindow_cases.domain.case_records import Now, StatusChange, Supplement
from onewindow_cases.domain.catalogue import SUPPLEMENT, ServiceType
from onewindow_kit.principal import Principal


def settle_prerequisite(
    case: Case, prerequisite_id: str, approved: bool, service: ServiceType, principal: Principal,
    now: Now,
) -> tuple[StatusChange | None, Supplement | None]:  # fmt: skip
    """An earlier bundle part whose certificate this part reuses was decided or withdrawn.

    Approved: the requirement is met. Not approved: the applicant must upload the document
    after all. Once nothing is awaited any more, the clock starts; if something failed, the
    case starts in the supplement status (clock paused) asking for those documents.
    """
    state = "part_approved" if approved else "part_failed"
    case.documents = [
        {**d, "state": state}
        if d.get("satisfied_by_case_id") == prerequisite_id and d.get("state") == "awaiting_part"
        else d
        for d in case.documents
    ]
    awaited = [d for d in case.documents if d.get("state") == "awaiting_part"]
    if awaited:
        case.waiting_for_case_id = awaited[0]["satisfied_by_case_id"]
        return None, None
    case.waiting_for_case_id = None
    case.set_deadline(case.deadline.start(now.today), now)
    failed = [d["document_type"] for d in case.documents if d.get("state") == "part_failed"]
    if not failed:
        change = StatusChange("released", case.status, case.status, "earlier part approved")
        return case.record(principal, change, now), None
    return _ask_for_uploads(case, service, failed, principal, now)


def _ask_for_uploads(
    case: Case, service: ServiceType, doc_types: list[str], principal: Principal, now: Now
) -> tuple[StatusChange, Supplement]:
    wf = service.workflow
    target = wf.of_kind(SUPPLEMENT)
    assert target is not None  # the catalogue parser guarantees one
    reason = "the earlier part was not approved; please upload: " + ", ".join(doc_types)
    old = wf.status(case.status)
    case.enter_status(old, target, now)
    supplement = Supplement(
        str(uuid.uuid4()), case.id, reason, doc_types, now.at, principal.subject, old.code
    )
    change = StatusChange("supplement_requested", old.code, target.code, reason)
    return case.record(principal, change, now), supplement


def record_certificate(
    case: Case, certificate_type: str, document_id: str, principal: Principal, now: Now
) -> bool:
    """The documents service issued this case's certificate; False when already recorded."""
    if any(d.get("document_id") == document_id for d in case.documents):
        return False
    case.documents = [
        *case.documents,
        {"document_type": certificate_type, "document_id": document_id,
         "satisfied_by_case_id": "", "state": "issued"},
    ]  # fmt: skip
    change = StatusChange("certificate_issued", case.status, case.status, document_id)
    case.record(principal, change, now)
    return True


def link_reused_certificate(
    case: Case, source_case_id: str, document_id: str, principal: Principal, now: Now
) -> bool:
    """Once-only: a requirement met by an earlier part now names the issued certificate."""
    changed = False
    documents = []
    for d in case.documents:
        if d.get("satisfied_by_case_id") == source_case_id and not d.get("document_id"):
            d = {**d, "document_id": document_id}
            changed = True
        documents.append(d)
    if changed:
        case.documents = documents
        change = StatusChange("certificate_linked", case.status, case.status, document_id)
        case.record(principal, change, now)
    return changed
