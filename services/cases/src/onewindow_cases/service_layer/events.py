"""Events the cases service emits (protobuf payloads of onewindow.cases.v1, written to the
outbox in the same transaction as the change)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from onewindow.cases.v1 import events_pb2 as ev
from onewindow_cases.domain.bundle import BundleProgress
from onewindow_cases.domain.case import Case, StatusChange, Supplement
from onewindow_cases.domain.catalogue import ServiceType
from onewindow_cases.domain.ratings import level_of
from onewindow_kit.outbox import PendingEvent
from onewindow_kit.principal import Principal


def _d(value: date | None) -> str:
    return value.isoformat() if value else ""


def _case_event(
    name: str, case: Case, payload: Any, actor: Principal | None, at: datetime | None = None
) -> PendingEvent:
    # The event occurred at the command's time (the case's last change; the statistics count
    # it on that day), not whenever the event object happened to be built.
    return PendingEvent(
        name=name, subject=case.id, aggregate_type="case", payload=payload, actor=actor,
        occurred_at=at or case.updated_at,
    )  # fmt: skip


def case_submitted(case: Case, actor: Principal) -> PendingEvent:
    """case_submitted."""
    return _case_event("case_submitted", case, ev.CaseSubmitted(
        case_id=case.id, case_number=case.case_number, service_type=case.service_type,
        catalogue_version=case.catalogue_version,
        responsible_department=case.responsible_department,
        receiving_office=case.receiving_office, delivery_office=case.delivery_office,
        channel=case.channel, applicant_id=case.applicant_id, submitted_by=case.submitted_by,
        bundle_id=case.bundle_id or "", status=case.status, due_date=_d(case.due_date),
        waiting_for_case_id=case.waiting_for_case_id or "",
        document_ids=[d["document_id"] for d in case.documents if d.get("document_id")],
    ), actor)  # fmt: skip


def bundle_submitted(
    bundle: dict[str, Any], parts: Sequence[Case], actor: Principal
) -> PendingEvent:
    """bundle_submitted."""
    payload = ev.BundleSubmitted(
        bundle_id=bundle["id"], bundle_number=bundle["bundle_number"],
        bundle_type=bundle["bundle_type"], applicant_id=bundle["applicant_id"],
        parts=[
            ev.BundleSubmitted.Part(
                case_id=p.id, case_number=p.case_number, service_type=p.service_type,
                responsible_department=p.responsible_department,
            )
            for p in parts
        ],
    )  # fmt: skip
    return PendingEvent("bundle_submitted", bundle["id"], "bundle", payload, actor)


def status_changed(
    case: Case, change: StatusChange, st: ServiceType, actor: Principal | None
) -> PendingEvent:
    """case_status_changed."""
    text = st.workflow.status(case.status).text
    return _case_event("case_status_changed", case, ev.CaseStatusChanged(
        case_id=case.id, case_number=case.case_number, applicant_id=case.applicant_id,
        responsible_department=case.responsible_department, from_status=change.from_status,
        to_status=change.to_status, status_text=dict(text), action=change.action,
        reason=change.reason, due_date=_d(case.due_date), bundle_id=case.bundle_id or "",
        version=case.version,
    ), actor)  # fmt: skip


def case_assigned(
    case: Case, change: StatusChange, previous: str, actor: Principal
) -> PendingEvent:
    """case_assigned: who handles the case now, and who made it so (claim or assignment)."""
    return _case_event("case_assigned", case, ev.CaseAssigned(
        case_id=case.id, case_number=case.case_number, applicant_id=case.applicant_id,
        responsible_department=case.responsible_department, assignee=case.assignee,
        assigned_by=actor.subject, previous_assignee=previous, action=change.action,
        reason=change.reason, version=case.version,
    ), actor)  # fmt: skip


def supplement_requested(case: Case, s: Supplement, actor: Principal | None) -> PendingEvent:
    """supplement_requested."""
    return _case_event("supplement_requested", case, ev.SupplementRequested(
        case_id=case.id, case_number=case.case_number, applicant_id=case.applicant_id,
        supplement_id=s.id, reason=s.reason, requested_document_types=s.requested_document_types,
        responsible_department=case.responsible_department,
    ), actor)  # fmt: skip


def supplement_provided(case: Case, s: Supplement, actor: Principal) -> PendingEvent:
    """supplement_provided."""
    return _case_event("supplement_provided", case, ev.SupplementProvided(
        case_id=case.id, case_number=case.case_number, applicant_id=case.applicant_id,
        supplement_id=s.id, document_ids=s.provided_document_ids, due_date=_d(case.due_date),
        responsible_department=case.responsible_department, assignee=case.assignee,
    ), actor)  # fmt: skip


def case_decided(case: Case, st: ServiceType, actor: Principal) -> PendingEvent:
    """case_decided: what the documents service needs to issue the certificate."""
    return _case_event("case_decided", case, ev.CaseDecided(
        case_id=case.id, case_number=case.case_number, outcome=case.decision,
        reason=case.decision_reason, applicant_id=case.applicant_id,
        responsible_department=case.responsible_department, service_type=case.service_type,
        issue_certificate=bool(case.certificate_type), certificate_type=case.certificate_type,
        bundle_id=case.bundle_id or "", delivery_office=case.delivery_office,
        decided_by=case.decided_by, service_type_name=dict(st.name),
    ), actor)  # fmt: skip


def decision_annulled(case: Case, reason: str, actor: Principal) -> PendingEvent:
    """decision_annulled: the documents service revokes what it issued for the case."""
    return _case_event("decision_annulled", case, ev.DecisionAnnulled(
        case_id=case.id, case_number=case.case_number, applicant_id=case.applicant_id,
        responsible_department=case.responsible_department, service_type=case.service_type,
        certificate_type=case.certificate_type, reason=reason, annulled_by=actor.subject,
        bundle_id=case.bundle_id or "",
    ), actor)  # fmt: skip


def case_closed(case: Case, actor: Principal) -> PendingEvent:
    """case_closed."""
    return _case_event("case_closed", case, ev.CaseClosed(
        case_id=case.id, case_number=case.case_number, applicant_id=case.applicant_id,
        responsible_department=case.responsible_department, outcome=case.decision,
        status=case.status,
    ), actor)  # fmt: skip


def case_withdrawn(case: Case, reason: str, actor: Principal) -> PendingEvent:
    """case_withdrawn."""
    return _case_event("case_withdrawn", case, ev.CaseWithdrawn(
        case_id=case.id, case_number=case.case_number, applicant_id=case.applicant_id,
        responsible_department=case.responsible_department, reason=reason,
        bundle_id=case.bundle_id or "",
    ), actor)  # fmt: skip


def deadline_extended(case: Case, actor: Principal) -> PendingEvent:
    """deadline_extended."""
    return _case_event("deadline_extended", case, ev.DeadlineExtended(
        case_id=case.id, case_number=case.case_number, applicant_id=case.applicant_id,
        working_days=case.extension_days, reason=case.extension_reason,
        due_date=_d(case.due_date),
    ), actor)  # fmt: skip


def deadline_approaching(row: dict[str, Any], percent: int) -> PendingEvent:
    """deadline_approaching (from the scanner)."""
    payload = ev.DeadlineApproaching(
        case_id=row["id"], case_number=row["case_number"],
        responsible_department=row["responsible_department"], assignee=row["assignee"],
        due_date=_d(row["due_date"]), threshold_percent=percent,
        allowed_working_days=row["time_limit_days"] + row["extension_days"],
    )  # fmt: skip
    return PendingEvent("deadline_approaching", row["id"], "case", payload)


def case_overdue(row: dict[str, Any]) -> PendingEvent:
    """case_overdue (from the scanner)."""
    payload = ev.CaseOverdue(
        case_id=row["id"], case_number=row["case_number"],
        responsible_department=row["responsible_department"], assignee=row["assignee"],
        due_date=_d(row["due_date"]),
    )  # fmt: skip
    return PendingEvent("case_overdue", row["id"], "case", payload)


def bundle_completed(
    bundle: dict[str, Any], parts: Sequence[Case], progress: BundleProgress
) -> PendingEvent:
    """bundle_completed: each part's own result is listed."""
    payload = ev.BundleCompleted(
        bundle_id=bundle["id"], bundle_number=bundle["bundle_number"],
        bundle_type=bundle["bundle_type"], applicant_id=bundle["applicant_id"],
        outcome=progress.outcome,
        parts=[
            ev.BundleCompleted.Part(
                case_id=p.id, case_number=p.case_number, service_type=p.service_type,
                outcome=p.decision or "withdrawn",
            )
            for p in parts
        ],
    )  # fmt: skip
    return PendingEvent("bundle_completed", bundle["id"], "bundle", payload)


def rating_received(
    case: Case, rating: dict[str, Any], actor: Principal, follow_up_due: date | None = None
) -> PendingEvent:
    """rating_received (with the level, and the follow-up's due date when one was opened)."""
    return _case_event("rating_received", case, ev.RatingReceived(
        case_id=case.id, case_number=case.case_number, score=rating["score"],
        comment=rating["comment"], department=rating["department"], office=rating["office"],
        service_type=rating["service_type"],
        follow_up_task_id=rating["follow_up_task_id"] or "", level=level_of(rating["score"]),
        follow_up_due_date=_d(follow_up_due),
    ), actor, rating["rated_at"])  # fmt: skip


def follow_up_overdue(task: dict[str, Any], day_of: Callable[[datetime], date]) -> PendingEvent:
    """follow_up_overdue (from the scanner): the task is still open after its due date."""
    payload = ev.FollowUpOverdue(
        task_id=str(task["id"]), case_id=str(task["case_id"]), case_number=task["case_number"],
        department=task["department"], due_date=_d(task["due_date"]),
        rated_on=_d(day_of(task["created_at"])), level=level_of(task["score"]),
    )  # fmt: skip
    return PendingEvent("follow_up_overdue", str(task["case_id"]), "case", payload)


def follow_up_remediated(
    task: dict[str, Any], day_of: Callable[[datetime], date], on_time: bool
) -> PendingEvent:
    """follow_up_remediated: a supervisor recorded what was done about a bad rating."""
    payload = ev.FollowUpRemediated(
        task_id=str(task["id"]), case_id=str(task["case_id"]), case_number=task["case_number"],
        department=task["department"], due_date=_d(task.get("due_date")),
        rated_on=_d(day_of(task["created_at"])), remediated_on=_d(day_of(task["resolved_at"])),
        on_time=on_time, resolved_by=task["resolved_by"],
    )  # fmt: skip
    return PendingEvent(
        "follow_up_remediated", str(task["case_id"]), "case", payload,
        occurred_at=task["resolved_at"],
    )  # fmt: skip


def case_transferred(
    case: Case, from_department: str, reason: str, actor: Principal
) -> PendingEvent:
    """case_transferred: the clock continues, so due_date is the one the case already had."""
    return _case_event("case_transferred", case, ev.CaseTransferred(
        case_id=case.id, case_number=case.case_number, applicant_id=case.applicant_id,
        from_department=from_department, to_department=case.responsible_department,
        responsible_department=case.responsible_department, service_type=case.service_type,
        reason=reason, due_date=_d(case.due_date),
    ), actor)  # fmt: skip
