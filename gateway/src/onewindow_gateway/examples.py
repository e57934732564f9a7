"""Response examples for every operation of the OpenAPI document.

Request bodies carry hand-written examples (models.py); responses are many (every operation
answers its success and several problems), so their examples are derived here from the same
schemas the document publishes: a front-end developer sees a realistic body for each status,
and the examples cannot drift from the schema (a unit test validates each one against it).
"""

from __future__ import annotations

from typing import Any

from onewindow_gateway.problems import MEDIA_TYPE, problem_example

EXAMPLE_ID = "7d0c6a9e-1f2b-4c3d-8e9f-3a5b7c9d1e20"
EXAMPLE_TIME = "2026-12-02T08:30:00Z"
MAX_DEPTH = 8
# Realistic values for the field names the API uses most; anything else gets a value of its type.
_BY_NAME: dict[str, Any] = {
    "email": "li.na@example.org",
    "phone": "+86 138 0013 8000",
    "family_name": "李",
    "given_name": "娜",
    "national_id": "310104199001011234",
    "date_of_birth": "1990-01-01",
    "department": "health",
    "office": "hosp-1",
    "receiving_office": "hall-central",
    "service_type": "birth_medical_certificate",
    "bundle_type": "having_a_baby",
    "status": "submitted",
    "status_text": "已受理",
    "language": "zh-CN",
    "assurance_level": "low",
    "case_number": "HEALTH-2026-000123",
    "country": "CN",
    "filename": "resident-id.pdf",
    "content_type": "application/pdf",
    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "next": "/v1/me/cases?cursor=eyJvIjoyMH0&limit=20",
    "open_cases_next": "/v1/me/cases?open_only=true&limit=10&cursor=eyJvIjoxMH0",
    "cursor": "eyJvIjoyMH0",
    "reason": "no longer needed",
    "purpose": "birth medical certificate",
    "username": "li.na",
    "channel": "online",
    "clock": "running",
    "outcome": "approved",
    "state": "provided",
    "action": "submitted",
    "document_type": "resident_id",
    "certificate_type": "birth_medical_certificate",
    "mandator_kind": "person",
    "actor_kind": "staff",
    "category": "decision",
}
# Suffixes that say what a field holds.
_BY_SUFFIX = (
    ("_status", "submitted"),
    ("_office", "hall-central"),
    ("_department", "health"),
    ("_kind", "person"),
    ("_types", "birth_medical_certificate"),
)


def add_examples(document: dict[str, Any]) -> dict[str, Any]:
    """Give every JSON response of every operation an example; problems are documented as
    ``application/problem+json`` (what the gateway sends) with a body for their status."""
    schemas = document.get("components", {}).get("schemas", {})
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            for status, response in operation.get("responses", {}).items():
                _document_response(response, status, schemas)
    return document


def _document_response(response: dict[str, Any], status: str, schemas: dict[str, Any]) -> None:
    content = response.get("content", {})
    if MEDIA_TYPE in content and status.isdigit():
        schema = content.get("application/json", {}).get("schema") or content[MEDIA_TYPE].get(
            "schema", {"$ref": "#/components/schemas/ProblemDetails"}
        )
        response["content"] = {
            MEDIA_TYPE: {"schema": schema, "example": problem_example(int(status))}
        }
        return
    media = content.get("application/json")
    if media is not None and "example" not in media and "schema" in media:
        media["example"] = example_of(media["schema"], schemas)


def example_of(
    schema: dict[str, Any], schemas: dict[str, Any], name: str = "", depth: int = 0
) -> Any:
    """A value that satisfies ``schema`` (refs resolved against ``schemas``)."""
    if "$ref" in schema:
        return example_of(schemas[schema["$ref"].rsplit("/", 1)[-1]], schemas, name, depth)
    if schema.get("examples"):
        return schema["examples"][0]
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            return example_of(options[0], schemas, name, depth)
    if "allOf" in schema:
        return example_of(schema["allOf"][0], schemas, name, depth)
    return _typed(schema, schemas, name, depth)


def _typed(schema: dict[str, Any], schemas: dict[str, Any], name: str, depth: int) -> Any:
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth >= MAX_DEPTH:
            return {}
        props = schema.get("properties", {})
        return {key: example_of(sub, schemas, key, depth + 1) for key, sub in props.items()}
    if kind == "array":
        if depth >= MAX_DEPTH:
            return []
        return [example_of(schema.get("items", {}), schemas, name, depth + 1)]
    if kind in ("integer", "number"):
        return min(max(1, schema.get("minimum", 1)), schema.get("maximum", 1))
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    return _string(schema, name)


def _string(schema: dict[str, Any], name: str) -> str:
    if schema.get("format") == "date-time" or name.endswith("_at") or name.endswith("_time"):
        return EXAMPLE_TIME
    if name in _BY_NAME:
        return str(_BY_NAME[name])
    for suffix, value in _BY_SUFFIX:
        if name.endswith(suffix):
            return value
    if name in ("id", "assignee", "acting_for", "actor_subject") or name.endswith(
        ("_id", "_ids", "_by")
    ):
        return EXAMPLE_ID
    if name.endswith("_on") or name.endswith("_date") or name == "due":
        return "2026-12-16"
    return name.replace("_", " ") if name else "text"
