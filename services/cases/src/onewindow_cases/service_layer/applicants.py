"""Who an application is for, how it arrived, and whether the form and documents are good:
checks shared by single cases and bundles, all done before any transaction opens."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator

from onewindow_cases.domain.catalogue import Catalogue, DocumentRequirement
from onewindow_cases.domain.documents import CaseDocument, DocumentInfo, check_documents
from onewindow_cases.domain.forms import form_violations, normalise
from onewindow_kit.errors import FieldViolation, InvalidArgument, PermissionDenied
from onewindow_kit.principal import Principal, assurance_rank

MAX_KEY = 200
MAX_DOCUMENTS = 50


@dataclass(frozen=True)
class Application:
    """The common fields of SubmitCase and SubmitBundle."""

    client_key: str
    code: str  # service type or bundle type
    catalogue_version: int
    form: dict[str, Any]
    document_ids: Sequence[str]
    applicant_id: str = ""
    identity_verified_in_person: bool = False
    delivery_office: str = ""
    external_reference: str = ""

    def fingerprint(self, kind: str) -> str:
        """Identifies the request behind a client key."""
        body = json.dumps(
            [kind, self.code, self.catalogue_version, self.form, list(self.document_ids),
             self.applicant_id, self.delivery_office, self.external_reference],
            sort_keys=True, default=str,
        )  # fmt: skip
        return hashlib.sha256(body.encode()).hexdigest()


@dataclass(frozen=True)
class Applicant:
    """Whose application it is and how it arrived."""

    applicant_id: str
    channel: str  # online | office
    receiving_office: str
    assurance_level: str


def check_basics(app: Application, code_field: str) -> None:
    """Required fields and sizes."""
    problems: list[FieldViolation] = []
    if not app.client_key.strip() or len(app.client_key) > MAX_KEY:
        problems.append(FieldViolation("client_key", f"is required (at most {MAX_KEY} characters)"))
    if not app.code.strip():
        problems.append(FieldViolation(code_field, "is required"))
    if len(app.document_ids) > MAX_DOCUMENTS:
        problems.append(FieldViolation("document_ids", f"at most {MAX_DOCUMENTS} documents"))
    if problems:
        raise InvalidArgument(problems)


def resolve_applicant(principal: Principal, app: Application, catalogue: Catalogue) -> Applicant:
    """Citizens apply for themselves (or a mandator); clerks take in for a person they checked."""
    if principal.kind == "person":
        own = principal.effective_person_id
        if not own:
            raise PermissionDenied("the token carries no person id; register first")
        if app.applicant_id and app.applicant_id != own:
            raise PermissionDenied(
                "citizens apply for themselves, or for someone whose mandate they hold "
                "(x-acting-for)"
            )
        return Applicant(own, "online", "", principal.assurance_level)
    if not principal.has_role("clerk", "supervisor"):
        raise PermissionDenied("only citizens and clerks at an office submit applications")
    problems = []
    if not app.applicant_id.strip():
        problems.append(FieldViolation("applicant_id", "is required when staff take it in"))
    if not app.identity_verified_in_person:
        problems.append(
            FieldViolation("identity_verified_in_person", "check the applicant's identity first")
        )
    if problems:
        raise InvalidArgument(problems)
    if principal.office not in catalogue.offices:
        raise PermissionDenied(f"your office {principal.office!r} is not in the catalogue")
    # Identity checked in person by staff counts as the highest assurance level.
    return Applicant(app.applicant_id.strip(), "office", principal.office, "high")


def require_assurance(applicant: Applicant, minimum: str, what: str) -> None:
    """PermissionDenied when the identity assurance level is too low."""
    if assurance_rank(applicant.assurance_level) < assurance_rank(minimum):
        raise PermissionDenied(
            f"{what} needs identity assurance level {minimum!r}; yours is "
            f"{applicant.assurance_level!r} (upgrade it, or apply at an office)"
        )


def check_form(
    app: Application, validator: Draft202012Validator, catalogue: Catalogue
) -> tuple[dict[str, Any], list[FieldViolation]]:
    """The normalised form and what is wrong with it (and with the delivery office)."""
    form = normalise(app.form)
    problems = form_violations(validator, form)
    if app.delivery_office and app.delivery_office not in catalogue.offices:
        problems.append(
            FieldViolation("delivery_office", f"unknown office {app.delivery_office!r}")
        )
    return form, problems


def match_documents(
    app: Application,
    applicant: Applicant,
    found: dict[str, DocumentInfo],
    requirements: Sequence[DocumentRequirement],
    problems: list[FieldViolation],
) -> list[CaseDocument]:
    """The matched documents, given what the documents service said; raises every problem
    (form and documents) at once."""
    doc_problems, matched = check_documents(
        list(app.document_ids), found, requirements, applicant.applicant_id
    )
    problems = [*problems, *doc_problems]
    if problems:
        raise InvalidArgument(problems)
    return matched
