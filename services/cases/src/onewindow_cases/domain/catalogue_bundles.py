"""Bundles of a catalogue document: parts, once-only reuse between parts, the one form and
the one set of documents."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from onewindow_cases.domain.catalogue import Bundle, BundlePart, DocumentRequirement, ServiceType
from onewindow_cases.domain.catalogue_problems import Problems


def parse_bundles(
    p: Problems, doc: Mapping[str, Any], services: Mapping[str, ServiceType]
) -> dict[str, Bundle]:
    """Every bundle under ``bundles:``."""
    seen: set[str] = set()
    out = {}
    for path, item in p.items(doc, "bundles"):
        code = p.code(item.get("code"), f"{path}.code", seen)
        parts = _parts(p, item.get("parts"), f"{path}.parts", services)
        if len(parts) < 2:
            p.add(f"{path}.parts", "a bundle needs at least two parts")
            continue
        chosen = [services[part.service_type] for part in parts]
        out[code] = Bundle(
            code=code,
            name=p.text(item.get("name"), f"{path}.name"),
            parts=tuple(parts),
            form_schema=_merged_form(p, f"{path}.parts", chosen),
            upload_requirements=_uploads(parts, chosen),
        )
    return out


def _parts(
    p: Problems, raw: Any, path: str, services: Mapping[str, ServiceType]
) -> list[BundlePart]:
    parts: list[BundlePart] = []
    for i, item in enumerate(raw or []):
        spec: dict[str, Any] = {"service_type": item} if isinstance(item, str) else dict(item)
        code = spec.get("service_type", "")
        if code not in services or any(x.service_type == code for x in parts):
            p.add(f"{path}[{i}]", f"unknown or repeated service type {code!r}")
            continue
        satisfied = dict(spec.get("satisfied_by") or {})
        _check_reuse(p, f"{path}[{i}].satisfied_by", services[code], satisfied, parts, services)
        parts.append(BundlePart(code, satisfied))
    return parts


def _check_reuse(
    p: Problems,
    path: str,
    service: ServiceType,
    satisfied: Mapping[str, str],
    earlier: list[BundlePart],
    services: Mapping[str, ServiceType],
) -> None:
    """A requirement may be satisfied only by an earlier part that issues a fitting certificate."""
    needed = {r.document_type: r for r in service.required_documents}
    before = {part.service_type for part in earlier}
    for doc_type, source in satisfied.items():
        requirement = needed.get(doc_type)
        if requirement is None:
            p.add(f"{path}.{doc_type}", f"{service.code!r} does not require {doc_type!r}")
        elif source not in before:
            p.add(f"{path}.{doc_type}", f"{source!r} is not an earlier part of the bundle")
        else:
            cert = services[source].certificate_type
            if not cert or not requirement.met_by(cert, cert):
                p.add(f"{path}.{doc_type}", f"{source!r} issues no certificate that counts")


def _merged_form(p: Problems, path: str, services: list[ServiceType]) -> dict[str, Any]:
    """One form with every part's fields; a field must mean the same in every part."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    for st in services:
        props = st.form_schema.get("properties")
        if not isinstance(props, Mapping):
            p.add(path, f"{st.code!r} has a form without properties; it cannot be bundled")
            continue
        for name, schema in props.items():
            if name in properties and properties[name] != schema:
                p.add(path, f"field {name!r} is defined differently by {st.code!r}")
            properties.setdefault(name, schema)
        required.extend(r for r in st.form_schema.get("required", []) if r not in required)
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _uploads(
    parts: list[BundlePart], services: list[ServiceType]
) -> tuple[DocumentRequirement, ...]:
    """The one set of documents: every part's requirements not satisfied by an earlier part."""
    merged: dict[str, frozenset[str]] = {}
    for part, st in zip(parts, services, strict=True):
        for req in st.required_documents:
            if req.document_type in part.satisfied_by:
                continue
            merged[req.document_type] = merged.get(req.document_type, frozenset()) | (
                req.accepted_certificates
            )
    return tuple(DocumentRequirement(code, accepted) for code, accepted in merged.items())
