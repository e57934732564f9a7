"""Field rules shared by the commands: each check records a precise violation and returns the
normalised value."""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import date, datetime

from onewindow_kit.errors import Validator

EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
E164 = re.compile(r"^\+[1-9]\d{6,14}$")
CN_MOBILE = re.compile(r"^1[3-9]\d{9}$")
CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")  # departments, offices, service/document types
COUNTRY = re.compile(r"^[A-Z]{2}$")
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
MAX_NAME = 100


def text(v: Validator, field: str, value: str, *, max_len: int, required: bool = True) -> str:
    """Trimmed text without control characters, within ``max_len``."""
    value = value.strip()
    if not value:
        if required:
            v.add(field, "is required")
        return value
    if len(value) > max_len:
        v.add(field, f"must be at most {max_len} characters, got {len(value)}")
    elif any(unicodedata.category(c).startswith("C") for c in value):
        v.add(field, "must not contain control characters")
    return value


def name(v: Validator, field: str, value: str) -> str:
    """A person's name part."""
    return text(v, field, value, max_len=MAX_NAME)


def email(v: Validator, field: str, value: str) -> str:
    """An email address, lower-cased; '' when absent."""
    value = value.strip()
    if value and (len(value) > 254 or not EMAIL.match(value)):
        v.add(field, "is not a valid email address")
    return value.lower()


def phone(v: Validator, field: str, value: str) -> str:
    """A phone number in E.164; a bare CN mobile number gets +86; '' when absent."""
    value = re.sub(r"[\s()-]", "", value)
    if not value:
        return ""
    if CN_MOBILE.match(value):
        return "+86" + value
    if not E164.match(value):
        v.add(field, "must be in international format, e.g. +8613800138000")
    return value


def code(v: Validator, field: str, value: str, *, required: bool = True) -> str:
    """A lower-case code (department, office, service type, document type)."""
    value = value.strip()
    if not value:
        if required:
            v.add(field, "is required")
    elif not CODE.match(value):
        v.add(field, "must be a lower-case code of letters, digits, '-' or '_' (max 64)")
    return value


def codes(v: Validator, field: str, values: list[str], *, required: bool) -> list[str]:
    """A list of distinct codes, in the given order."""
    if required and not values:
        v.add(field, "must name at least one")
    seen: list[str] = []
    for i, raw in enumerate(values):
        value = code(v, f"{field}[{i}]", raw)
        if value in seen:
            v.add(f"{field}[{i}]", f"{value!r} is listed twice")
        seen.append(value)
    return seen


def country(v: Validator, field: str, value: str) -> str:
    """ISO 3166-1 alpha-2, default CN."""
    value = (value.strip() or "CN").upper()
    if not COUNTRY.match(value):
        v.add(field, "must be an ISO 3166-1 alpha-2 country code, e.g. CN")
    return value


def iso_date(v: Validator, field: str, value: str, *, today: date) -> date | None:
    """A YYYY-MM-DD date in the past (and not more than 150 years ago)."""
    value = value.strip()
    if not value:
        v.add(field, "is required")
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        v.add(field, "must be a date in the form YYYY-MM-DD")
        return None
    if parsed > today:
        v.add(field, "must not be in the future")
    elif parsed.year < today.year - 150:
        v.add(field, "is more than 150 years ago")
    return parsed


def entity_id(v: Validator, field: str, value: str) -> str:
    """A UUID id; '' when malformed (after recording why)."""
    value = value.strip()
    if not value:
        v.add(field, "is required")
        return ""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        v.add(field, "must be an id (UUID)")
        return ""


def idempotency_key(v: Validator, field: str, value: str) -> str:
    """A client-chosen key of 8-128 safe characters (a UUID is ideal)."""
    value = value.strip()
    if not value:
        v.add(field, "is required (a fresh UUID per logical request; reuse it on retries)")
    elif not IDEMPOTENCY_KEY.match(value):
        v.add(field, "must be 8-128 characters of letters, digits, '.', '_', ':' or '-'")
    return value


def future_time(v: Validator, field: str, value: datetime | None, *, after: datetime) -> None:
    """A required time strictly after ``after``."""
    if value is None:
        v.add(field, "is required")
    elif value <= after:
        v.add(field, f"must be after {after.isoformat(timespec='seconds')}")


def is_uuid(value: str) -> bool:
    """True for a well-formed UUID."""
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
