"""Offer rules of a catalogue document (``offer_rules:``), validated with paths like the rest,
e.g. ``offer_rules[1].prefill.holder_name``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from onewindow_cases.domain.catalogue import Bundle, ServiceType
from onewindow_cases.domain.catalogue_problems import Problems
from onewindow_cases.domain.offer_rules import (
    CASE_FIELDS,
    EVENT_FIELDS,
    OFFER_TIME_ROOTS,
    OPERATORS,
    PERSON_FIELDS,
    Condition,
    OfferRule,
)

MAX_EXPIRY_DAYS = 3660


def source_problem(source: Any, event: str, roots: tuple[str, ...]) -> str:
    """Why ``source`` is not a fact this rule can read ('' when it is)."""
    if not isinstance(source, str) or ("." not in source and source != "wallet"):
        return "must be a fact path such as event.<field>, case.form.<field>, wallet.<type>"
    root, _, rest = source.partition(".")
    if root not in roots:
        return f"{root!r} is not one of {', '.join(roots)}"
    if root == "event" and rest not in EVENT_FIELDS.get(event, ()):
        return f"{event} has no field {rest!r}"
    if root == "case" and rest not in CASE_FIELDS and not rest.startswith("form."):
        return f"the case has no fact {rest!r} (one of {', '.join(CASE_FIELDS)}, form.<field>)"
    if root == "person" and rest not in PERSON_FIELDS:
        return f"the person record has no field {rest!r}"
    return ""


def _trigger(p: Problems, raw: Any, path: str) -> tuple[str, dict[str, str]]:
    if not isinstance(raw, Mapping) or raw.get("event") not in EVENT_FIELDS:
        p.add(f"{path}.event", f"must be one of {', '.join(EVENT_FIELDS)}")
        return "", {}
    event = str(raw["event"])
    match = {}
    for key, value in raw.items():
        if key == "event":
            continue
        if key not in EVENT_FIELDS[event]:
            p.add(f"{path}.{key}", f"{event} has no field {key!r}")
        else:
            match[str(key)] = str(value)
    return event, match


def _conditions(p: Problems, raw: Any, path: str, event: str) -> tuple[Condition, ...]:
    if raw is not None and not isinstance(raw, list):
        p.add(path, "must be a list of conditions (all must hold)")
        return ()
    out = []
    for i, item in enumerate(raw or []):
        where = f"{path}[{i}]"
        ops = [k for k in (item if isinstance(item, Mapping) else {}) if k != "fact"]
        if not isinstance(item, Mapping) or len(ops) != 1 or ops[0] not in OPERATORS:
            p.add(where, f"needs a fact and one operator of {', '.join(OPERATORS)}")
            continue
        problem = source_problem(item.get("fact"), event, OFFER_TIME_ROOTS)
        if problem:
            p.add(f"{where}.fact", problem)
            continue
        op, value = ops[0], item[ops[0]]
        if op == "within_days" and not (isinstance(value, int) and value >= 0):
            p.add(f"{where}.within_days", "must be a whole number of days >= 0")
            continue
        if op == "in" and not isinstance(value, list):
            p.add(f"{where}.in", "must be a list")
            continue
        out.append(Condition(str(item["fact"]), op, value))
    return tuple(out)


def _target(
    p: Problems, raw: Any, path: str, services: Mapping[str, ServiceType],
    bundles: Mapping[str, Bundle],
) -> tuple[str, str, set[str], set[str]]:  # fmt: skip
    """(service type, bundle, form fields, document types) of what is offered."""
    raw = raw if isinstance(raw, Mapping) else {}
    st, bundle = str(raw.get("service_type") or ""), str(raw.get("bundle") or "")
    if bool(st) == bool(bundle):
        p.add(path, "offer exactly one service_type or bundle")
        return "", "", set(), set()
    if st and st not in services:
        p.add(f"{path}.service_type", f"unknown service type {st!r}")
        return "", "", set(), set()
    if bundle and bundle not in bundles:
        p.add(f"{path}.bundle", f"unknown bundle {bundle!r}")
        return "", "", set(), set()
    if st:
        s = services[st]
        return (
            st,
            "",
            set(s.form_schema.get("properties", {})),
            {r.document_type for r in s.required_documents},
        )
    b = bundles[bundle]
    return (
        "",
        bundle,
        set(b.form_schema.get("properties", {})),
        {r.document_type for r in b.upload_requirements},
    )


def _map(
    p: Problems, raw: Any, path: str, event: str, allowed: set[str], what: str,
    roots: tuple[str, ...],
) -> dict[str, str]:  # fmt: skip
    if raw is not None and not isinstance(raw, Mapping):
        p.add(path, f"must map {what}s to fact paths")
        return {}
    out = {}
    for key, source in (raw or {}).items():
        if key not in allowed:
            p.add(f"{path}.{key}", f"is not a {what} of what is offered")
            continue
        problem = source_problem(source, event, roots)
        if problem:
            p.add(f"{path}.{key}", problem)
        else:
            out[str(key)] = str(source)
    return out


def _rule(
    p: Problems, path: str, item: Mapping[str, Any], code: str,
    services: Mapping[str, ServiceType], bundles: Mapping[str, Bundle],
) -> OfferRule | None:  # fmt: skip
    event, match = _trigger(p, item.get("when"), f"{path}.when")
    st, bundle, fields, doc_types = _target(
        p, item.get("offer"), f"{path}.offer", services, bundles
    )
    eligible = _conditions(p, item.get("eligible"), f"{path}.eligible", event)
    prefill = _map(p, item.get("prefill"), f"{path}.prefill", event, fields, "form field",
                   (*OFFER_TIME_ROOTS, "person"))  # fmt: skip
    documents = _map(p, item.get("documents"), f"{path}.documents", event, doc_types,
                     "required document type", ("event", "wallet"))  # fmt: skip
    days = item.get("expires_after_days", 90)
    ok_days = isinstance(days, int) and 1 <= days <= MAX_EXPIRY_DAYS
    p.expect(ok_days, f"{path}.expires_after_days", f"must be a whole number 1..{MAX_EXPIRY_DAYS}")
    title = p.text(item.get("title"), f"{path}.title")
    if not (event and (st or bundle) and ok_days):
        return None
    return OfferRule(code, event, match, title, st, bundle, eligible, prefill, documents, days)


def parse_offer_rules(
    p: Problems, doc: Mapping[str, Any], services: Mapping[str, ServiceType],
    bundles: Mapping[str, Bundle],
) -> dict[str, OfferRule]:  # fmt: skip
    """Every rule under ``offer_rules:`` (none is fine)."""
    seen: set[str] = set()
    out = {}
    for path, item in p.items(doc, "offer_rules"):
        code = p.code(item.get("code"), f"{path}.code", seen)
        rule = _rule(p, path, item, code, services, bundles)
        if rule is not None and code:
            out[code] = rule
    return out
