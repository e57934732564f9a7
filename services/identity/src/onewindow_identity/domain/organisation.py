"""Organisations (companies) with their legal representative."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from onewindow_identity.domain import fields
from onewindow_identity.domain.validators import ValidatorRegistry
from onewindow_kit.errors import Validator


@dataclass(frozen=True)
class OrganisationDetails:
    """Validated registration input."""

    country: str
    registration_number: str
    name: str
    legal_representative_person_id: str


@dataclass(frozen=True)
class Organisation:
    """A registered company."""

    id: str
    country: str
    registration_number: str
    name: str
    legal_representative_person_id: str
    registered_by: str
    registered_at: datetime


def validate_registration(
    *,
    registry: ValidatorRegistry,
    today: date,
    country: str,
    registration_number: str,
    name: str,
    legal_representative_person_id: str,
) -> OrganisationDetails:
    """Every field checked, all violations reported at once."""
    v = Validator()
    country = fields.country(v, "country", country)
    number = registration_number.strip()
    validator = registry.registration_numbers.get(country)
    if validator is None:
        if fields.COUNTRY.match(country):
            v.add("country", f"no registration number validator for {country}")
    else:
        number = validator.normalise(registration_number)
        problem = validator.problem(number, today=today) if number else "is required"
        if problem:
            v.add("registration_number", problem)
    details = OrganisationDetails(
        country=country,
        registration_number=number,
        name=fields.text(v, "name", name, max_len=200),
        legal_representative_person_id=fields.entity_id(
            v, "legal_representative_person_id", legal_representative_person_id
        ),
    )
    v.raise_if_any()
    return details
