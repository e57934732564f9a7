"""Levels of assurance (eIDAS-style) and the in-person verifications that raise them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from onewindow_identity.domain import fields
from onewindow_kit.errors import Validator
from onewindow_kit.principal import ASSURANCE_LEVELS, assurance_rank

LOW, SUBSTANTIAL, HIGH = ASSURANCE_LEVELS
SELF_REGISTRATION_LEVEL = LOW
IN_PERSON_LEVEL = HIGH

# How a clerk checked the person in front of them.
METHODS = frozenset({"document_inspection", "document_chip_read", "biometric_match"})
# Identity documents a clerk may accept.
DOCUMENT_TYPES = frozenset(
    {"resident_id", "passport", "residence_permit", "hk_macau_permit", "taiwan_permit"}
)


MASK_KEEP = 4  # trailing characters of a document number an audit record keeps


def mask_document_number(number: str) -> str:
    """``310104199001011234`` -> ``**************1234``: the same rule as the identity schema's
    ``mask_document_number`` SQL function (migration 0004), which masks what older code writes."""
    return "*" * max(len(number) - MASK_KEEP, 0) + number[-MASK_KEEP:]


@dataclass(frozen=True)
class Evidence:
    """What the clerk checked: method and identity document."""

    method: str
    document_type: str
    document_number: str


@dataclass(frozen=True)
class Verification:
    """One in-person verification, recorded for audit."""

    id: str
    person_id: str
    purpose: str  # upgrade | unlock
    level: str
    method: str
    document_type: str
    # only the last four characters: the audit record says which document was shown, not the
    # whole number (see mask_document_number; migrations 0004/0005 of the identity schema)
    document_number_masked: str
    office: str
    clerk_subject: str
    clerk_username: str
    clerk_department: str
    verified_at: datetime


def validate_evidence(method: str, document_type: str, document_number: str) -> Evidence:
    """Method and document checked against the accepted lists."""
    v = Validator()
    if not method.strip():
        v.add("method", "is required")
    elif method.strip() not in METHODS:
        v.add("method", f"must be one of: {', '.join(sorted(METHODS))}")
    if not document_type.strip():
        v.add("document.type", "is required")
    elif document_type.strip() not in DOCUMENT_TYPES:
        v.add("document.type", f"must be one of: {', '.join(sorted(DOCUMENT_TYPES))}")
    number = fields.text(v, "document.number", document_number, max_len=64).upper()
    v.raise_if_any()
    return Evidence(method.strip(), document_type.strip(), number)


def higher(level: str, other: str) -> str:
    """The higher of two levels (a verification never lowers a level)."""
    return level if assurance_rank(level) >= assurance_rank(other) else other
