"""Workflows of a catalogue document: ordered statuses and role-guarded transitions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from onewindow_cases.domain.catalogue import (
    APPROVED,
    CLOSED,
    OPEN,
    REJECTED,
    STATUS_KINDS,
    SUPPLEMENT,
    WITHDRAWN,
    WORKFLOW_ROLES,
    Status,
    Transition,
    Workflow,
)
from onewindow_cases.domain.catalogue_problems import Problems

EXACTLY_ONE = (APPROVED, REJECTED, WITHDRAWN, SUPPLEMENT)


def parse_workflows(p: Problems, raw: Any) -> dict[str, Workflow]:
    """Every workflow under ``workflows:`` keyed by its name."""
    if not isinstance(raw, Mapping) or not raw:
        p.add("workflows", "must map workflow names to {statuses, transitions}")
        return {}
    out = {}
    for name, spec in raw.items():
        path = f"workflows.{name}"
        if not isinstance(spec, Mapping):
            p.add(path, "must be a mapping with statuses and transitions")
            continue
        statuses = _statuses(p, spec.get("statuses"), f"{path}.statuses")
        transitions = _transitions(p, spec.get("transitions"), f"{path}.transitions", statuses)
        workflow = Workflow(str(name), tuple(statuses.values()), tuple(transitions))
        if statuses:
            _check_shape(p, path, workflow)
        out[str(name)] = workflow
    return out


def _statuses(p: Problems, raw: Any, path: str) -> dict[str, Status]:
    out: dict[str, Status] = {}
    seen: set[str] = set()
    for i, item in enumerate(raw or []):
        here = f"{path}[{i}]"
        if not isinstance(item, Mapping):
            p.add(here, "must be a mapping")
            continue
        code = p.code(item.get("code"), f"{here}.code", seen)
        kind = item.get("kind", OPEN)
        p.expect(kind in STATUS_KINDS, f"{here}.kind", f"must be one of {STATUS_KINDS}")
        final = bool(item.get("final", False))
        out[code] = Status(code, p.text(item.get("text"), f"{here}.text"), kind, final)
    if not out:
        p.add(path, "a workflow needs statuses")
    return out


def _as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def _transitions(
    p: Problems, raw: Any, path: str, statuses: Mapping[str, Status]
) -> list[Transition]:
    out = []
    for i, item in enumerate(raw or []):
        here = f"{path}[{i}]"
        if not isinstance(item, Mapping):
            p.add(here, "must be a mapping")
            continue
        roles = frozenset(_as_list(item.get("roles")))
        p.expect(bool(roles), f"{here}.roles", "at least one role is needed")
        unknown_roles = sorted(roles - WORKFLOW_ROLES)
        p.expect(not unknown_roles, f"{here}.roles", f"unknown roles {unknown_roles}")
        for key in ("from", "to"):
            for code in _as_list(item.get(key)):
                p.expect(code in statuses, f"{here}.{key}", f"unknown status {code!r}")
        for source in _as_list(item.get("from")):
            for target in _as_list(item.get("to")):
                out.append(
                    Transition(
                        source,
                        target,
                        roles,
                        bool(item.get("any_office", False)),
                        bool(item.get("reason_required", False)),
                    )
                )
    return out


def _check_shape(p: Problems, path: str, wf: Workflow) -> None:
    """The engine relies on: an open initial status, one status per special kind, final
    statuses without ways out, and a way back from the supplement status for the applicant."""
    p.expect(
        wf.initial.kind == OPEN and not wf.initial.final,
        f"{path}.statuses[0]",
        "the first (initial) status must be an open, non-final status",
    )
    for kind in EXACTLY_ONE:
        count = sum(1 for s in wf.statuses if s.kind == kind)
        p.expect(count == 1, f"{path}.statuses", f"needs exactly one status of kind {kind!r}")
    for s in wf.statuses:
        if s.kind in (CLOSED, WITHDRAWN):
            p.expect(s.final, f"{path}.statuses", f"status {s.code!r} of kind {s.kind} is final")
        if s.final:
            p.expect(not wf.targets(s.code), f"{path}.transitions", f"{s.code!r} is final")
        elif s.kind not in (APPROVED, REJECTED):
            p.expect(bool(wf.targets(s.code)), f"{path}.transitions", f"{s.code!r} is a dead end")
    supplement = wf.of_kind(SUPPLEMENT)
    if supplement is not None:
        back = [t for t in wf.transitions if t.from_status == supplement.code]
        ok = any("applicant" in t.roles for t in back)
        p.expect(
            ok, f"{path}.transitions", f"the applicant must be able to leave {supplement.code!r}"
        )
