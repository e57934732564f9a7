"""Ratings after closure, their aggregates, and follow-up tasks for low scores."""

from __future__ import annotations

import uuid
from typing import Any

from onewindow_cases.domain.access import is_applicant, require_department_role
from onewindow_cases.domain.ratings import (
    follow_up_due,
    level_of,
    needs_follow_up,
    remediated_on_time,
    require_rateable,
    resolve_score,
    validate_grouping,
)
from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import events
from onewindow_cases.service_layer.pages import decode, next_token, page_size
from onewindow_cases.service_layer.ports import Services
from onewindow_cases.service_layer.queries import Page, load_case, valid_id
from onewindow_kit.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound
from onewindow_kit.principal import Principal


def rate_case(deps: Services, principal: Principal, cmd: c.RateCase) -> dict[str, Any]:
    """The applicant rates a closed case once (a level, or the older 1..5 score); dissatisfied
    or worse opens a follow-up task due 15 working days later."""
    score, comment = resolve_score(cmd.score, cmd.level, cmd.comment), cmd.comment.strip()
    with deps.uow() as uow:
        case = load_case(uow, cmd.case_id)
        if not is_applicant(principal, case.applicant_id, case.service_type):
            raise NotFound("case not found")
        wf = (
            deps.catalogues.version(case.catalogue_version).service_type(case.service_type).workflow
        )
        require_rateable(wf.status(case.status).final, case.decision, case.case_number)
        now = deps.now()
        task_id = str(uuid.uuid4()) if needs_follow_up(score) else None
        rating = {
            "case_id": case.id, "score": score, "comment": comment,
            "department": case.responsible_department,
            "office": case.receiving_office or "online", "service_type": case.service_type,
            "applicant_id": case.applicant_id, "rated_at": now.at, "follow_up_task_id": task_id,
        }  # fmt: skip
        if not uow.ratings.add(rating):
            raise AlreadyExists(f"case {case.case_number} was rated already")
        due = follow_up_due(now.calendar, now.today) if task_id else None
        if task_id:
            uow.ratings.add_task({
                "id": task_id, "case_id": case.id, "case_number": case.case_number,
                "department": case.responsible_department, "score": score, "comment": comment,
                "state": "open", "created_at": now.at, "due_date": due, "resolved_at": None,
                "resolved_by": "", "resolution": "",
            })  # fmt: skip
        uow.emit(events.rating_received(case, rating, principal, due))
        uow.commit()
    return {**rating, "level": level_of(score), "follow_up_due_date": due}


def rating_summary(
    deps: Services, principal: Principal, group_by: str, department: str
) -> list[dict[str, Any]]:
    """Aggregates; staff see their own department (auditors every department)."""
    group_by = validate_grouping(group_by)
    if principal.kind == "person":
        raise NotFound("ratings summaries are for staff")
    if not principal.has_role("auditor"):
        if department and department != principal.department:
            raise InvalidArgument("department", "staff see their own department's ratings")
        department = principal.department
    with deps.read() as uow:
        return uow.reads.rating_summary(group_by, department)


def list_follow_ups(
    deps: Services, principal: Principal, open_only: bool, size: int, token: str
) -> Page:
    """The supervisor's follow-up tasks."""
    require_department_role(principal, principal.department, "supervisor", "dept_admin")
    limit = page_size(size)
    with deps.read() as uow:
        rows = uow.reads.follow_up_page(
            principal.department, open_only, decode("tasks", token), limit
        )
    page = Page(rows, next_token("tasks", rows, limit, "created_at", "id"))
    for row in page.items:
        row["remediated_on_time"] = _on_time(deps, row)
    return page


def _on_time(deps: Services, task: dict[str, Any]) -> bool:
    done = task.get("resolved_at")
    return done is not None and remediated_on_time(deps.clock.day_of(done), task.get("due_date"))


def complete_follow_up(
    deps: Services, principal: Principal, cmd: c.CompleteFollowUpTask
) -> dict[str, Any]:
    """Record what was done about a bad rating (remediated): on time when on or before the
    task's due date; emits follow_up_remediated (the statistics count it on the rating's day)."""
    resolution = cmd.resolution.strip()
    if not resolution:
        raise InvalidArgument("resolution", "say what was done")
    with deps.uow() as uow:
        task = uow.ratings.task(valid_id(cmd.task_id, "task_id"), lock=True)
        if task is None:
            raise NotFound("follow-up task not found")
        require_department_role(principal, task["department"], "supervisor", "dept_admin")
        if task["state"] != "open":
            raise FailedPrecondition("the follow-up task is done already")
        at = deps.clock.now()
        uow.ratings.resolve(task["id"], principal.subject, resolution, at)
        done = uow.ratings.task(task["id"])
        assert done is not None
        done["remediated_on_time"] = _on_time(deps, done)
        uow.emit(events.follow_up_remediated(done, deps.clock.day_of, done["remediated_on_time"]))
        uow.commit()
    return done
