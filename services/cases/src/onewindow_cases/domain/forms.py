"""Application forms: JSON Schema validation with one violation per bad field (as a JSON path)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from onewindow_kit.errors import FieldViolation


def normalise(value: Any) -> Any:
    """Whole-number floats (as protobuf Struct delivers every number) become ints."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    return value


def json_path(prefix: str, parts: Iterable[Any]) -> str:
    """``form.shareholders[0].name`` from a jsonschema path."""
    out = prefix
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _violations_of(error: ValidationError, prefix: str) -> list[FieldViolation]:
    base = list(error.absolute_path)
    instance = error.instance
    if error.validator == "required" and isinstance(instance, dict):
        wanted: Any = error.validator_value
        missing = [name for name in wanted if name not in instance]
        return [FieldViolation(json_path(prefix, [*base, m]), "is required") for m in missing]
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        schema: Any = error.schema
        known = set(schema.get("properties", {})) if isinstance(schema, dict) else set()
        extra = sorted(k for k in instance if k not in known)
        return [
            FieldViolation(json_path(prefix, [*base, k]), "is not a field of this form")
            for k in extra
        ]
    return [FieldViolation(json_path(prefix, base), _without_value(error))]


def _without_value(error: ValidationError) -> str:
    """jsonschema's message without the value entered (form data is personal: a refusal goes
    back to the caller and into logs), e.g. "is not one of ['icbc', 'ccb']"."""
    said, shown = error.message, repr(error.instance)
    if said.startswith(shown):
        return said[len(shown) :].lstrip()
    return said.replace(shown, "the value")


def form_violations(
    validator: Draft202012Validator, form: dict[str, Any], prefix: str = "form"
) -> list[FieldViolation]:
    """Every problem of ``form``, sorted by path; empty when valid."""
    found: list[FieldViolation] = []
    for error in validator.iter_errors(form):
        found.extend(_violations_of(error, prefix))
    return sorted(found, key=lambda v: (v.field, v.description))
