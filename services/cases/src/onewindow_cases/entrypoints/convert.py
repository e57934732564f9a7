"""Domain views → protobuf messages of onewindow.cases.v1 (and Struct → dict)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from google.protobuf import struct_pb2

from onewindow.cases.v1 import cases_pb2 as pb
from onewindow.common.v1 import access_log_pb2 as common_pb
from onewindow_cases.domain.case import HistoryEntry, Supplement
from onewindow_cases.domain.catalogue import Bundle, Catalogue, ServiceType, Workflow
from onewindow_cases.domain.statistics import BucketKey, Counters
from onewindow_cases.service_layer.views import BundleView, CaseView, SummaryView
from onewindow_kit.conversions import struct_to_dict
from onewindow_kit.proto_time import ts

# Maximum lengths of request fields, checked by the kit's server before a handler runs
# (documented in cases.proto; client_key and comment are the domain's own limits). Form
# values are bounded where the form is read (from_struct).
TEXT_LIMITS: dict[str, int] = {
    "client_key": 200,
    "external_reference": 200,
    "reason": 2000,
    "comment": 2000,
    "resolution": 2000,
    "purpose": 500,
    "label": 200,
    "source_yaml": 2 * 1024 * 1024,
    "page_token": 1024,
    "to_department": 100,
    "date_from": 10,
    "date_to": 10,
}
FORM_MAX_DEPTH = 8
FORM_MAX_BYTES = 64 * 1024
FORM_MAX_TEXT = 2000


_OUTCOMES: dict[int, str] = {pb.OUTCOME_APPROVED: "approved", pb.OUTCOME_REJECTED: "rejected"}


def outcome(value: int) -> str:
    """The domain's outcome of a proto Outcome ("" for unspecified or unknown numbers: the
    domain refuses it as INVALID_ARGUMENT naming ``outcome``)."""
    return _OUTCOMES.get(value, "")


def day(value: date | None) -> str:
    """YYYY-MM-DD or ''."""
    return value.isoformat() if value else ""


def struct(value: dict[str, Any]) -> struct_pb2.Struct:
    """A dict as a Struct."""
    out = struct_pb2.Struct()
    out.update(value)
    return out


def from_struct(value: struct_pb2.Struct, field: str = "form") -> dict[str, Any]:
    """A Struct as a dict (numbers arrive as floats; the domain normalises them); a form
    nested deeper than FORM_MAX_DEPTH, larger than FORM_MAX_BYTES, with a text value longer
    than FORM_MAX_TEXT or a number that is not finite is InvalidArgument naming the value."""
    return struct_to_dict(
        value, field, max_depth=FORM_MAX_DEPTH, max_bytes=FORM_MAX_BYTES, max_text=FORM_MAX_TEXT
    )


def _history(h: HistoryEntry) -> pb.HistoryEntry:
    return pb.HistoryEntry(
        at=ts(h.at), action=h.action, from_status=h.from_status, to_status=h.to_status,
        actor_subject=h.actor_subject, actor_kind=h.actor_kind,
        actor_department=h.actor_department, actor_office=h.actor_office, reason=h.reason,
        acting_for=h.acting_for,
    )  # fmt: skip


def _supplement(s: Supplement) -> pb.Supplement:
    return pb.Supplement(
        id=s.id, reason=s.reason, requested_document_types=s.requested_document_types,
        requested_at=ts(s.requested_at), requested_by=s.requested_by,
        provided_at=ts(s.provided_at), provided_document_ids=s.provided_document_ids,
    )  # fmt: skip


def case(view: CaseView) -> pb.Case:
    """The full case."""
    c = view.case
    decision = None
    if c.decision:
        decision = pb.Decision(
            outcome=c.decision, reason=c.decision_reason, decided_at=ts(c.decided_at),
            decided_by=c.decided_by, certificate_type=c.certificate_type,
        )  # fmt: skip
    return pb.Case(
        id=c.id, case_number=c.case_number, catalogue_version=c.catalogue_version,
        service_type=c.service_type, service_type_name=dict(view.service_type.name),
        responsible_department=c.responsible_department, receiving_office=c.receiving_office,
        delivery_office=c.delivery_office, channel=c.channel, applicant_id=c.applicant_id,
        submitted_by=c.submitted_by, bundle_id=c.bundle_id or "", bundle_part=c.bundle_part,
        status=c.status, status_text=dict(view.status.text), final=view.status.final,
        clock=c.clock, start_date=day(c.start_date), due_date=day(c.due_date),
        time_limit_working_days=c.time_limit_days, extension_working_days=c.extension_days,
        extension_reason=c.extension_reason, paused_working_days=c.paused_days,
        assignee=c.assignee, form=struct(c.form),
        documents=[pb.CaseDocument(**d) for d in c.documents],
        external_reference=c.external_reference, decision=decision, version=c.version,
        created_at=ts(c.created_at), updated_at=ts(c.updated_at),
        history=[_history(h) for h in view.history],
        supplements=[_supplement(s) for s in view.supplements],
        waiting_for_case_id=c.waiting_for_case_id or "",
    )  # fmt: skip


def summary(view: SummaryView) -> pb.CaseSummary:
    """A list row."""
    r = view.row
    return pb.CaseSummary(
        id=str(r["id"]), case_number=r["case_number"], service_type=r["service_type"],
        responsible_department=r["responsible_department"],
        receiving_office=r["receiving_office"], applicant_id=r["applicant_id"],
        status=r["status"], status_text=dict(view.status.text) if view.status else {},
        clock=r["clock"], due_date=day(r["due_date"]), assignee=r["assignee"],
        bundle_id=str(r["bundle_id"] or ""), version=r["version"],
        created_at=ts(r["created_at"]), final=bool(view.status and view.status.final),
    )  # fmt: skip


def bundle(view: BundleView) -> pb.Bundle:
    """A bundle with its parts and combined status."""
    r, p = view.row, view.progress
    return pb.Bundle(
        id=str(r["id"]), bundle_number=r["bundle_number"], bundle_type=r["bundle_type"],
        name=dict(view.bundle.name) if view.bundle else {},
        catalogue_version=r["catalogue_version"], applicant_id=r["applicant_id"],
        state=p.state, outcome=p.outcome, parts_total=p.total, parts_decided=p.settled,
        parts=[summary(s) for s in view.parts], created_at=ts(r["created_at"]),
        completed_at=ts(r["completed_at"]), status_text=p.text,
    )  # fmt: skip


def catalogue_version(row: dict[str, Any]) -> pb.CatalogueVersion:
    """A catalogue version record."""
    return pb.CatalogueVersion(
        version=row["version"], state=row["state"], label=row["label"],
        checksum=row["checksum"], loaded_at=ts(row["loaded_at"]), loaded_by=row["loaded_by"],
        published_at=ts(row["published_at"]), published_by=row["published_by"],
        service_type_count=row["service_type_count"], bundle_count=row["bundle_count"],
    )  # fmt: skip


def _workflow(wf: Workflow) -> tuple[list[pb.StatusInfo], list[pb.TransitionInfo]]:
    statuses = [pb.StatusInfo(code=s.code, text=dict(s.text), kind=s.kind, final=s.final)
                for s in wf.statuses]  # fmt: skip
    transitions = [
        pb.TransitionInfo(
            from_status=t.from_status, to_status=t.to_status, roles=sorted(t.roles),
            any_office=t.any_office, reason_required=t.reason_required,
        )
        for t in wf.transitions
    ]  # fmt: skip
    return statuses, transitions


def service_type(st: ServiceType) -> pb.ServiceTypeInfo:
    """A service type with its form schema and workflow."""
    statuses, transitions = _workflow(st.workflow)
    return pb.ServiceTypeInfo(
        code=st.code, name=dict(st.name), department=st.department,
        form_schema_json=json.dumps(st.form_schema, ensure_ascii=False),
        required_documents=[
            pb.DocumentRequirementInfo(
                document_type=r.document_type,
                accepted_certificate_types=sorted(r.accepted_certificates),
            )
            for r in st.required_documents
        ],
        min_assurance=st.min_assurance, time_limit_working_days=st.time_limit_days,
        allows_extension=st.allows_extension, max_extension_working_days=st.max_extension_days,
        certificate_type=st.certificate_type, statuses=statuses, transitions=transitions,
    )  # fmt: skip


def _bundle_info(b: Bundle) -> pb.BundleInfo:
    return pb.BundleInfo(
        code=b.code, name=dict(b.name),
        parts=[pb.BundlePartInfo(service_type=p.service_type, satisfied_by=dict(p.satisfied_by))
               for p in b.parts],
        form_schema_json=json.dumps(b.form_schema, ensure_ascii=False),
        required_document_types=[r.document_type for r in b.upload_requirements],
    )  # fmt: skip


def catalogue(row: dict[str, Any], c: Catalogue) -> pb.GetCatalogueResponse:
    """The whole catalogue version."""
    return pb.GetCatalogueResponse(
        catalogue=catalogue_version(row),
        departments=[pb.DepartmentInfo(code=d.code, name=dict(d.name))
                     for d in c.departments.values()],
        offices=[pb.OfficeInfo(code=o.code, name=dict(o.name), departments=sorted(o.departments))
                 for o in c.offices.values()],
        service_types=[service_type(st) for st in c.service_types.values()],
        bundles=[_bundle_info(b) for b in c.bundles.values()],
    )  # fmt: skip


def follow_up(row: dict[str, Any]) -> pb.FollowUpTask:
    """A follow-up task."""
    return pb.FollowUpTask(
        id=str(row["id"]), case_id=str(row["case_id"]), case_number=row["case_number"],
        department=row["department"], score=row["score"], comment=row["comment"],
        state=row["state"], created_at=ts(row["created_at"]), resolution=row["resolution"],
        resolved_by=row["resolved_by"], level=row["score"],
        due_date=row["due_date"].isoformat() if row.get("due_date") else "",
        resolved_at=ts(row.get("resolved_at")),
        remediated_on_time=bool(row.get("remediated_on_time")),
    )  # fmt: skip


def access_entry(row: dict[str, Any]) -> pb.AccessLogEntry:
    """One read of a case."""
    return pb.AccessLogEntry(
        case_id=str(row["case_id"]), case_number=row["case_number"], at=ts(row["at"]),
        actor_subject=row["actor_subject"], actor_department=row["actor_department"],
        actor_office=row["actor_office"], purpose=row["purpose"],
    )  # fmt: skip


def access_record(row: dict[str, Any]) -> common_pb.AccessLogEntry:
    """The same read of a case in the shared access-log shape (onewindow.common.v1)."""
    return common_pb.AccessLogEntry(
        at=ts(row["at"]), actor_subject=row["actor_subject"], actor_kind="staff",
        actor_department=row["actor_department"], actor_office=row["actor_office"],
        action="read_case", object_kind="case",
        object_id=row["case_number"] or str(row["case_id"]), purpose=row["purpose"],
        case_id=str(row["case_id"]), source="cases",
    )  # fmt: skip


def rating(row: dict[str, Any]) -> pb.Rating:
    """A rating."""
    return pb.Rating(
        case_id=str(row["case_id"]), score=row["score"], comment=row["comment"],
        rated_at=ts(row["rated_at"]), follow_up_task_id=str(row["follow_up_task_id"] or ""),
        level=row["score"],
    )  # fmt: skip


def aggregate(row: dict[str, Any]) -> pb.RatingAggregate:
    """One group of the rating summary."""
    return pb.RatingAggregate(
        key=row["key"], count=row["count"], average=float(row["average"] or 0),
        distribution=[row[f"s{s}"] for s in range(1, 6)],
    )  # fmt: skip


def statistics_row(key: BucketKey, c: Counters) -> pb.StatisticsRow:
    """One period of one department x service type x office."""
    return pb.StatisticsRow(
        period_start=key.day.isoformat(), department=key.department,
        service_type=key.service_type, office=key.office, received=c.received,
        decided=c.decided, closed=c.closed, closed_on_time=c.closed_on_time,
        supplements_requested=c.supplements_requested, withdrawals=c.withdrawals,
        transfers_in=c.transfers_in, transfers_out=c.transfers_out, ratings=dict(c.ratings),
        bad_ratings=c.bad_ratings, median_handling_days=c.median_days,
        bad_ratings_remediated_on_time=c.bad_ratings_remediated_on_time,
        follow_ups_overdue=c.follow_ups_overdue,
        p90_handling_days=c.p90_days,
        handling_time=[
            pb.HandlingTimeBin(working_days=d, cases=n) for d, n in sorted(c.handling_days.items())
        ],
    )  # fmt: skip


def backlog_row(row: dict[str, Any]) -> pb.BacklogRow:
    """Open work of one department at one office."""
    return pb.BacklogRow(
        department=row["department"], office=row["office"], open=row["open"],
        due_soon=row["due_soon"], overdue=row["overdue"],
    )  # fmt: skip
