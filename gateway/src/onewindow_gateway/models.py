"""Request bodies: strict (unknown fields are refused with 422), bounded, with examples."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
Id = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")]
Text = Annotated[str, Field(max_length=2000)]
Form = Annotated[dict[str, Any], Field(max_length=200)]


class Strict(BaseModel):
    """Unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class SubmitCaseBody(Strict):
    """A citizen applies for one service."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "service_type": "birth_registration",
                    "form": {"child_name": "王小明", "birth_date": "2026-11-20"},
                    "document_ids": ["doc-1b2c3d"],
                }
            ]
        },
    )
    service_type: Code
    catalogue_version: int = Field(0, ge=0, le=1_000_000)
    form: Form = Field(default_factory=dict)
    document_ids: list[Id] = Field(default_factory=list, max_length=50)
    delivery_office: Annotated[str, Field(max_length=64)] = ""
    external_reference: Annotated[str, Field(max_length=128)] = ""


class SubmitBundleBody(Strict):
    """A citizen applies once for a bundle of services ("one thing, one time")."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"bundle_type": "having_a_baby", "form": {}, "document_ids": []}]
        },
    )
    bundle_type: Code
    catalogue_version: int = Field(0, ge=0, le=1_000_000)
    form: Form = Field(default_factory=dict)
    document_ids: list[Id] = Field(default_factory=list, max_length=50)
    delivery_office: Annotated[str, Field(max_length=64)] = ""
    external_reference: Annotated[str, Field(max_length=128)] = ""


class IntakeCaseBody(SubmitCaseBody):
    """A clerk takes in an application for a citizen at an office."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "service_type": "provident-fund-withdrawal",
                    "applicant_id": "0b6f3c1e-5d2a-4c8e-9a1b-00000000000a",
                    "identity_verified_in_person": True,
                    "form": {"account_number": "12345678", "reason": "rent", "amount_cny": 3000},
                    "document_ids": [],
                }
            ]
        },
    )

    applicant_id: Id
    identity_verified_in_person: bool = False


class IntakeBundleBody(SubmitBundleBody):
    """A clerk takes in a bundle for a citizen at an office."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "bundle_type": "newborn",
                    "applicant_id": "0b6f3c1e-5d2a-4c8e-9a1b-00000000000a",
                    "identity_verified_in_person": True,
                    "form": {},
                    "document_ids": [],
                }
            ]
        },
    )

    applicant_id: Id
    identity_verified_in_person: bool = False


class ProvideSupplementBody(Strict):
    """The citizen answers a supplement request."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "document_ids": ["3f1d2c4b-0000-4000-8000-000000000001"],
                    "form_changes": {"birth_place": "First People's Hospital"},
                    "comment": "the clearer scan",
                }
            ]
        },
    )

    document_ids: list[Id] = Field(default_factory=list, max_length=50)
    form_changes: Form = Field(default_factory=dict)
    comment: Text = ""


class ReasonBody(Strict):
    """A change that carries a reason (withdrawal, closure)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "no longer needed"}]}
    )
    reason: Text = ""


class RatingBody(Strict):
    """A rating of a closed case."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"level": "very_satisfied", "comment": "fast"}, {"score": 5}]
        },
    )
    level: (
        Literal["very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied"]
        | None
    ) = Field(None, description="the national five levels; dissatisfied or worse opens a follow-up")
    score: int | None = Field(
        None, ge=1, le=5, description="the older 1..5 (5 = very satisfied); give level or score"
    )
    comment: Text = ""


class AssignmentBody(Strict):
    """Assign a case to a staff member of the department."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"assignee": "7d0c6a9e-1f2b-4c3d-8e9f-000000000002", "reason": "workload"}]
        },
    )

    assignee: Annotated[str, Field(min_length=1, max_length=128)]
    reason: Text = ""


class TransferBody(Strict):
    """Move a misrouted case to another department (the statutory clock continues)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"to_department": "civil", "reason": "a marriage matter"}]},
    )

    to_department: Code
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


class TransitionBody(Strict):
    """Move a case to another status of its workflow."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"to_status": "in_review"}]}
    )
    to_status: Code
    reason: Text = ""


class SupplementRequestBody(Strict):
    """Ask the applicant for more documents or information."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "reason": "the ID card scan is unreadable",
                    "requested_document_types": ["resident_id"],
                }
            ]
        },
    )

    reason: Annotated[str, Field(min_length=1, max_length=2000)]
    requested_document_types: list[Code] = Field(default_factory=list, max_length=20)


class DeadlineExtensionBody(Strict):
    """Extend the statutory time limit (where the service type allows it)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"working_days": 5, "reason": "an on-site inspection is needed"}]
        },
    )

    working_days: int = Field(ge=1, le=365)
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


class DecisionBody(Strict):
    """Approve or reject a case."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"outcome": "approved"}]}
    )
    outcome: Literal["approved", "rejected"]
    reason: Text = ""


class RegistrationBody(Strict):
    """A citizen registers themselves, then logs in with the realm."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "national_id": "11010519491231002X",
                    "family_name": "王",
                    "given_name": "芳",
                    "date_of_birth": "1949-12-31",
                    "email": "wang.fang@example.cn",
                    "password": "a-Long-passw0rd!",
                }
            ]
        },
    )
    country: Annotated[str, Field(max_length=2)] = "CN"
    national_id: Annotated[str, Field(min_length=1, max_length=64)]
    family_name: Annotated[str, Field(min_length=1, max_length=100)]
    given_name: Annotated[str, Field(min_length=1, max_length=100)]
    date_of_birth: Annotated[str, Field(max_length=10)] = ""
    email: Annotated[str, Field(max_length=254)] = ""
    phone: Annotated[str, Field(max_length=20)] = ""
    password: Annotated[str, Field(min_length=1, max_length=256)]


class MandateBody(Strict):
    """Let another person act for me (or for a company I represent)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "mandatee_person_id": "0b6f3c1e-5d2a-4c8e-9a1b-00000000000b",
                    "service_types": ["birth-medical-certificate"],
                    "valid_until": "2027-06-30T00:00:00Z",
                }
            ]
        },
    )

    mandator_kind: Literal["person", "organisation"] = "person"
    mandator_id: Annotated[str, Field(max_length=128)] = ""
    mandatee_person_id: Id
    service_types: list[Code] = Field(default_factory=list, max_length=50)
    valid_from: datetime | None = None
    valid_until: datetime


class ConsentBody(Strict):
    """Let a department use my documents of some types for a purpose."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "department": "health",
                    "document_types": ["resident_id"],
                    "purpose": "birth registration",
                    "valid_until": "2027-06-30T00:00:00Z",
                }
            ]
        },
    )

    department: Code
    document_types: list[Code] = Field(default_factory=list, max_length=50)
    purpose: Annotated[str, Field(min_length=1, max_length=500)]
    valid_until: datetime | None = None


class LockBody(Strict):
    """Lock my own account (e.g. a lost phone)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "I lost my phone"}]}
    )

    reason: Text = ""


class IdentityDocumentBody(Strict):
    """The identity document a clerk inspected."""

    type: Code
    number: Annotated[str, Field(min_length=1, max_length=64)]


class InPersonVerificationBody(Strict):
    """A clerk verified a person's identity in person."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "method": "document_chip_read",
                    "document": {"type": "resident_id", "number": "11010519491231002X"},
                }
            ]
        },
    )

    method: Literal["document_inspection", "document_chip_read", "biometric_match"]
    document: IdentityDocumentBody


class FollowUpCompletionBody(Strict):
    """How a follow-up task was resolved."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"resolution": "called the applicant; the delay came from a missing scan"}]
        },
    )

    resolution: Annotated[str, Field(min_length=1, max_length=2000)]


class CreateStaffBody(Strict):
    """A new staff member of the admin's department."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "username": "nurse.zhou",
                    "family_name": "Zhou",
                    "given_name": "Min",
                    "email": "zhou.min@hospital.example",
                    "office": "hosp-1",
                    "roles": ["clerk"],
                    "initial_password": "Tmp-passw0rd!",
                }
            ]
        },
    )

    username: Annotated[str, Field(min_length=3, max_length=64, pattern=r"^[a-z0-9._-]+$")]
    family_name: Annotated[str, Field(min_length=1, max_length=100)]
    given_name: Annotated[str, Field(min_length=1, max_length=100)]
    email: Annotated[str, Field(max_length=254)] = ""
    office: Annotated[str, Field(max_length=64)] = ""
    roles: list[Literal["clerk", "supervisor", "dept_admin", "auditor"]] = Field(max_length=4)
    initial_password: Annotated[str, Field(min_length=1, max_length=256)]


class CreateServiceAccountBody(Strict):
    """A department system that calls the APIs with client credentials."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"system_name": "records-system", "description": "hospital records"}]
        },
    )

    system_name: Annotated[str, Field(min_length=2, max_length=40, pattern=r"^[a-z0-9-]+$")]
    description: Annotated[str, Field(max_length=500)] = ""
