"""Catalogue documents (YAML/JSON mappings) → a validated Catalogue; every problem is reported
with its path, e.g. ``service_types[3].department``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from onewindow_cases.domain.calendar import WorkingCalendar
from onewindow_cases.domain.catalogue import (
    Catalogue,
    Department,
    DocumentRequirement,
    DocumentType,
    Office,
    ServiceType,
    Workflow,
)
from onewindow_cases.domain.catalogue_bundles import parse_bundles
from onewindow_cases.domain.catalogue_dates import parse_dates
from onewindow_cases.domain.catalogue_offers import parse_offer_rules
from onewindow_cases.domain.catalogue_problems import Problems
from onewindow_cases.domain.catalogue_workflows import parse_workflows
from onewindow_kit.errors import InvalidArgument
from onewindow_kit.principal import ASSURANCE_LEVELS


def parse_catalogue_yaml(source: str) -> Catalogue:
    """Parse YAML text, then validate it; YAML errors name the line."""
    try:
        doc = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise InvalidArgument("source_yaml", f"is not valid YAML{where}") from exc
    return parse_catalogue(doc)


def parse_catalogue(doc: Any) -> Catalogue:
    """Validate a whole catalogue document; InvalidArgument lists every problem found."""
    p = Problems()
    if not isinstance(doc, Mapping):
        raise InvalidArgument("source_yaml", "the catalogue must be a mapping at the top level")
    departments = _departments(p, doc)
    offices = _offices(p, doc, departments)
    doc_types = _document_types(p, doc, departments)
    fields = _fields(p, doc)
    workflows = parse_workflows(p, doc.get("workflows"))
    services = _service_types(p, doc, departments, doc_types, fields, workflows)
    bundles = parse_bundles(p, doc, services)
    calendar = _calendar(p, doc.get("calendar"))
    offer_rules = parse_offer_rules(p, doc, services, bundles)
    if p.violations:
        raise InvalidArgument(p.violations)
    return Catalogue(
        departments, offices, doc_types, services, bundles, calendar, workflows,
        offer_rules=offer_rules,
    )  # fmt: skip


def _departments(p: Problems, doc: Mapping[str, Any]) -> dict[str, Department]:
    seen: set[str] = set()
    out = {}
    for path, item in p.items(doc, "departments"):
        code = p.code(item.get("code"), f"{path}.code", seen)
        out[code] = Department(code, p.text(item.get("name"), f"{path}.name"))
    if not out:
        p.add("departments", "at least one department is needed")
    return out


def _offices(p: Problems, doc: Mapping[str, Any], departments: Mapping[str, Any]) -> dict:
    seen: set[str] = set()
    out = {}
    for path, item in p.items(doc, "offices"):
        code = p.code(item.get("code"), f"{path}.code", seen)
        served = item.get("departments") or []
        for j, dept in enumerate(served):
            if dept not in departments:
                p.add(f"{path}.departments[{j}]", f"unknown department {dept!r}")
        out[code] = Office(code, p.text(item.get("name"), f"{path}.name"), frozenset(served))
    return out


def _document_types(p: Problems, doc: Mapping[str, Any], departments: Mapping[str, Any]) -> dict:
    seen: set[str] = set()
    out = {}
    for path, item in p.items(doc, "document_types"):
        code = p.code(item.get("code"), f"{path}.code", seen)
        issuer = item.get("issued_by") or ""
        if issuer and issuer not in departments:
            p.add(f"{path}.issued_by", f"unknown department {issuer!r}")
        out[code] = DocumentType(code, p.text(item.get("name"), f"{path}.name"), issuer)
    return out


def _check_schema(p: Problems, schema: Any, path: str) -> bool:
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        p.add(path, f"is not a valid JSON Schema: {exc.message}")
        return False
    return True


def _fields(p: Problems, doc: Mapping[str, Any]) -> dict[str, Any]:
    raw = doc.get("fields") or {}
    if not isinstance(raw, Mapping):
        p.add("fields", "must map field names to JSON Schemas")
        return {}
    return {
        name: schema for name, schema in raw.items() if _check_schema(p, schema, f"fields.{name}")
    }


def _form_schema(p: Problems, item: Mapping[str, Any], path: str, fields: Mapping) -> dict:
    if "form_schema" in item:
        schema = item["form_schema"]
        ok = _check_schema(p, schema, f"{path}.form_schema")
        return dict(schema) if ok and isinstance(schema, Mapping) else {}
    form = item.get("form") or {}
    required, optional = list(form.get("required") or []), list(form.get("optional") or [])
    props = {}
    for name in required + optional:
        if name not in fields:
            p.add(f"{path}.form", f"field {name!r} is not defined under 'fields'")
        else:
            props[name] = fields[name]
    return {
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }


def _requirements(
    p: Problems, raw: Any, path: str, doc_types: Mapping[str, DocumentType]
) -> tuple[DocumentRequirement, ...]:
    out = []
    for j, entry in enumerate(raw or []):
        spec = {"type": entry} if isinstance(entry, str) else dict(entry)
        code = spec.get("type", "")
        if code not in doc_types:
            p.add(f"{path}[{j}]", f"unknown document type {code!r}")
            continue
        accepts = set(spec.get("accepts_certificates") or [])
        if doc_types[code].issued_by:
            accepts.add(code)  # an issued certificate of the same type always counts
        for cert in accepts:
            if cert not in doc_types or not doc_types[cert].issued_by:
                p.add(f"{path}[{j}].accepts_certificates", f"{cert!r} is not an issued type")
        out.append(DocumentRequirement(code, frozenset(accepts)))
    return tuple(out)


def _service_types(
    p: Problems,
    doc: Mapping[str, Any],
    departments: Mapping[str, Department],
    doc_types: Mapping[str, DocumentType],
    fields: Mapping[str, Any],
    workflows: Mapping[str, Workflow],
) -> dict[str, ServiceType]:
    seen: set[str] = set()
    out = {}
    for path, item in p.items(doc, "service_types"):
        code = p.code(item.get("code"), f"{path}.code", seen)
        st = _service_type(p, path, item, departments, doc_types, fields, workflows)
        if st is not None:
            out[code] = st
    if not out:
        p.add("service_types", "at least one service type is needed")
    return out


def _service_type(
    p: Problems,
    path: str,
    item: Mapping[str, Any],
    departments: Mapping[str, Department],
    doc_types: Mapping[str, DocumentType],
    fields: Mapping[str, Any],
    workflows: Mapping[str, Workflow],
) -> ServiceType | None:
    dept = item.get("department", "")
    p.expect(dept in departments, f"{path}.department", f"unknown department {dept!r}")
    limit = item.get("time_limit_working_days")
    ok_limit = isinstance(limit, int) and limit >= 1
    p.expect(ok_limit, f"{path}.time_limit_working_days", "must be a whole number >= 1")
    level = item.get("min_assurance", "low")
    p.expect(level in ASSURANCE_LEVELS, f"{path}.min_assurance", f"one of {ASSURANCE_LEVELS}")
    cert = item.get("issues_certificate") or ""
    issuer = doc_types[cert].issued_by if cert in doc_types else None
    p.expect(
        not cert or issuer == dept,
        f"{path}.issues_certificate",
        f"{cert!r} is not a certificate type issued by {dept!r}",
    )
    wf_code = item.get("workflow", "standard")
    p.expect(wf_code in workflows, f"{path}.workflow", f"unknown workflow {wf_code!r}")
    extension = bool(item.get("allows_extension", False))
    max_ext = item.get("max_extension_working_days", limit if extension else 0)
    if wf_code not in workflows or not isinstance(limit, int) or not ok_limit:
        return None
    return ServiceType(
        code=item.get("code", ""),
        name=p.text(item.get("name"), f"{path}.name"),
        department=dept,
        form_schema=_form_schema(p, item, path, fields),
        required_documents=_requirements(
            p, item.get("required_documents"), f"{path}.required_documents", doc_types
        ),
        min_assurance=level,
        time_limit_days=limit,
        workflow=workflows[wf_code],
        allows_extension=extension,
        max_extension_days=int(max_ext or 0),
        certificate_type=cert,
    )


def _calendar(p: Problems, raw: Any) -> WorkingCalendar:
    raw = raw or {}
    if not isinstance(raw, Mapping):
        p.add("calendar", "must be a mapping with holidays and working_weekends")
        return WorkingCalendar()
    holidays = parse_dates(p, raw.get("holidays"), "calendar.holidays")
    extra = parse_dates(p, raw.get("working_weekends"), "calendar.working_weekends")
    return WorkingCalendar.of(holidays, extra, str(raw.get("region") or "default"))
