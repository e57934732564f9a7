"""Commands: what a caller asks the identity service to do (built by the entrypoints)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class RegisterPerson:
    idempotency_key: str
    country: str
    national_id: str
    family_name: str
    given_name: str
    date_of_birth: str
    email: str
    phone: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class GetPerson:
    person_id: str
    purpose: str = ""


@dataclass(frozen=True)
class FindPerson:
    country: str
    national_id: str
    purpose: str


@dataclass(frozen=True)
class VerifyInPerson:
    person_id: str
    method: str
    document_type: str
    document_number: str


@dataclass(frozen=True)
class ListAccessLog:
    person_id: str = ""
    limit: int = 0


@dataclass(frozen=True)
class RegisterOrganisation:
    idempotency_key: str
    country: str
    registration_number: str
    name: str
    legal_representative_person_id: str


@dataclass(frozen=True)
class GetOrganisation:
    organisation_id: str


@dataclass(frozen=True)
class CreateStaff:
    idempotency_key: str
    username: str
    family_name: str
    given_name: str
    email: str
    department: str
    office: str
    roles: list[str]
    initial_password: str = field(repr=False)


@dataclass(frozen=True)
class GetStaff:
    staff_id: str


@dataclass(frozen=True)
class MoveStaff:
    staff_id: str
    office: str


@dataclass(frozen=True)
class DisableStaff:
    staff_id: str
    reason: str = ""


@dataclass(frozen=True)
class CreateServiceAccount:
    idempotency_key: str
    department: str
    system_name: str
    description: str = ""


@dataclass(frozen=True)
class RotateServiceAccountSecret:
    service_account_id: str


@dataclass(frozen=True)
class GrantMandate:
    idempotency_key: str
    mandator_kind: str  # person | organisation | '' (unspecified)
    mandator_id: str
    mandatee_person_id: str
    service_types: list[str]
    valid_from: datetime | None
    valid_until: datetime | None


@dataclass(frozen=True)
class RevokeMandate:
    mandate_id: str


@dataclass(frozen=True)
class ListMandates:
    include_inactive: bool = False


@dataclass(frozen=True)
class CheckMandate:
    mandatee_person_id: str
    mandator_id: str
    service_type: str = ""


@dataclass(frozen=True)
class GrantConsent:
    idempotency_key: str
    department: str
    document_types: list[str]
    purpose: str
    valid_until: datetime | None


@dataclass(frozen=True)
class RevokeConsent:
    consent_id: str


@dataclass(frozen=True)
class ListConsents:
    include_inactive: bool = False


@dataclass(frozen=True)
class CheckConsent:
    person_id: str
    department: str
    document_type: str
    purpose: str = ""


@dataclass(frozen=True)
class ListRecentLogins:
    limit: int = 0


@dataclass(frozen=True)
class LockAccount:
    reason: str = ""


@dataclass(frozen=True)
class UnlockAccount:
    person_id: str
    method: str
    document_type: str
    document_number: str


@dataclass(frozen=True)
class ResolvePrincipal:
    token: str = field(repr=False)
    acting_for: str = ""
    service_type: str = ""


@dataclass(frozen=True)
class UpdateContactDetails:
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ConfirmContactDetails:
    code: str = field(repr=False)
