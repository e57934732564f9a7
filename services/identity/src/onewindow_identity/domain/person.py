"""Persons: the government record around a citizen's Keycloak login."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from onewindow_identity.domain import fields
from onewindow_identity.domain.validators import ValidatorRegistry
from onewindow_kit.errors import FailedPrecondition, Validator

MIN_PASSWORD = 8
MAX_PASSWORD = 128


@dataclass(frozen=True)
class PersonDetails:
    """Validated registration input."""

    country: str
    national_id: str
    family_name: str
    given_name: str
    date_of_birth: date
    email: str
    phone: str

    @property
    def username(self) -> str:
        """Deterministic Keycloak username: a retry or a crashed attempt finds the same user."""
        return f"{self.country}-{self.national_id}".lower()


@dataclass(frozen=True)
class Person:
    """A registered person."""

    id: str
    country: str
    national_id: str
    family_name: str
    given_name: str
    date_of_birth: date
    email: str
    phone: str
    username: str
    keycloak_user_id: str
    assurance_level: str
    registered_at: datetime
    locked_at: datetime | None = None

    @property
    def locked(self) -> bool:
        """True while the citizen has locked their account."""
        return self.locked_at is not None

    def with_level(self, level: str) -> Person:
        """The same person at another assurance level."""
        return replace(self, assurance_level=level)

    def lock(self, at: datetime) -> Person:
        """Locked by the citizen; FailedPrecondition when already locked."""
        if self.locked:
            raise FailedPrecondition("the account is already locked")
        return replace(self, locked_at=at)

    def unlock(self) -> Person:
        """Unlocked after a stronger check; FailedPrecondition when not locked."""
        if not self.locked:
            raise FailedPrecondition("the account is not locked")
        return replace(self, locked_at=None)


def national_id_field(
    v: Validator, registry: ValidatorRegistry, country: str, raw: str, *, today: date
) -> str:
    """Normalise and validate a national identity number with the country's validator."""
    validator = registry.national_ids.get(country)
    if validator is None:
        if fields.COUNTRY.match(country):
            v.add("country", f"no national identity number validator for {country}")
        return raw.strip()
    value = validator.normalise(raw)
    if not value:
        v.add("national_id", "is required")
        return value
    problem = validator.problem(value, today=today)
    if problem:
        v.add("national_id", problem)
    return value


def validate_registration(
    *,
    registry: ValidatorRegistry,
    today: date,
    country: str,
    national_id: str,
    family_name: str,
    given_name: str,
    date_of_birth: str,
    email: str,
    phone: str,
    password: str,
) -> PersonDetails:
    """Every field checked, all violations reported at once."""
    v = Validator()
    country = fields.country(v, "country", country)
    number = national_id_field(v, registry, country, national_id, today=today)
    born = fields.iso_date(v, "date_of_birth", date_of_birth, today=today)
    validator = registry.national_ids.get(country)
    encoded = validator.birth_date(number) if validator and not v.violations else None
    if born and encoded and born != encoded:
        v.add("date_of_birth", "does not match the birth date encoded in national_id")
    details = PersonDetails(
        country=country,
        national_id=number,
        family_name=fields.name(v, "family_name", family_name),
        given_name=fields.name(v, "given_name", given_name),
        date_of_birth=born or today,
        email=fields.email(v, "email", email),
        phone=fields.phone(v, "phone", phone),
    )
    if not details.email and not details.phone:
        v.add("email", "email or phone is required")
    _password(v, password)
    v.raise_if_any()
    return details


def _password(v: Validator, password: str) -> None:
    if not password:
        v.add("password", "is required")
    elif not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        v.add("password", f"must be {MIN_PASSWORD}-{MAX_PASSWORD} characters")
