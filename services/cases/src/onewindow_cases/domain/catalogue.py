"""The service catalogue: departments, offices, document types, service types with their
workflows, bundles and the working-day calendar. Versions are immutable once loaded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from jsonschema import Draft202012Validator

from onewindow_cases.domain.calendar import WorkingCalendar
from onewindow_cases.domain.offer_rules import OfferRule
from onewindow_kit.errors import NotFound

OPEN, SUPPLEMENT, SUSPENDED = "open", "supplement", "suspended"
APPROVED, REJECTED, CLOSED, WITHDRAWN = "approved", "rejected", "closed", "withdrawn"
STATUS_KINDS = (OPEN, SUPPLEMENT, SUSPENDED, APPROVED, REJECTED, CLOSED, WITHDRAWN)
PAUSING_KINDS = frozenset({SUPPLEMENT, SUSPENDED})
DECISION_KINDS = frozenset({APPROVED, REJECTED})
# Kinds entered only through their own command (decide, withdraw, request supplement).
COMMAND_KINDS = {
    SUPPLEMENT: "RequestSupplement",
    APPROVED: "DecideCase",
    REJECTED: "DecideCase",
    WITHDRAWN: "WithdrawCase",
}
WORKFLOW_ROLES = frozenset({"applicant", "clerk", "supervisor", "dept_admin"})
Text = Mapping[str, str]


@dataclass(frozen=True)
class Status:
    """One workflow status with the text the citizen sees."""

    code: str
    text: Text
    kind: str = OPEN
    final: bool = False

    @property
    def pauses_clock(self) -> bool:
        """True when the statutory clock does not run in this status."""
        return self.kind in PAUSING_KINDS

    @property
    def is_decision(self) -> bool:
        """True for the approved and rejected statuses."""
        return self.kind in DECISION_KINDS


@dataclass(frozen=True)
class Transition:
    """An allowed move and who may make it."""

    from_status: str
    to_status: str
    roles: frozenset[str]
    any_office: bool = False  # intake: a clerk at any office serving the department
    reason_required: bool = False


@dataclass(frozen=True)
class Workflow:
    """Ordered statuses (the first is the initial one) and allowed transitions."""

    code: str
    statuses: tuple[Status, ...]
    transitions: tuple[Transition, ...]

    @cached_property
    def _by_code(self) -> dict[str, Status]:
        return {s.code: s for s in self.statuses}

    @property
    def initial(self) -> Status:
        """Where every case starts."""
        return self.statuses[0]

    def status(self, code: str) -> Status:
        """The status named ``code``."""
        try:
            return self._by_code[code]
        except KeyError:
            raise NotFound(f"workflow {self.code!r} has no status {code!r}") from None

    def has_status(self, code: str) -> bool:
        """True when ``code`` is one of the workflow's statuses."""
        return code in self._by_code

    def find(self, from_status: str, to_status: str) -> Transition | None:
        """The transition between two statuses, if allowed at all."""
        for t in self.transitions:
            if t.from_status == from_status and t.to_status == to_status:
                return t
        return None

    def of_kind(self, kind: str) -> Status | None:
        """The (first) status of a kind."""
        return next((s for s in self.statuses if s.kind == kind), None)

    def targets(self, from_status: str) -> list[str]:
        """Statuses reachable from ``from_status``."""
        return [t.to_status for t in self.transitions if t.from_status == from_status]


@dataclass(frozen=True)
class DocumentType:
    """A kind of document; ``issued_by`` names the department when it is a certificate."""

    code: str
    name: Text
    issued_by: str = ""


@dataclass(frozen=True)
class DocumentRequirement:
    """A document the applicant must provide, or an issued certificate that counts for it."""

    document_type: str
    accepted_certificates: frozenset[str] = frozenset()

    def met_by(self, document_type: str, certificate_type: str) -> bool:
        """True when a document of this type (or an accepted certificate) satisfies it."""
        if certificate_type and certificate_type in self.accepted_certificates:
            return True
        return document_type == self.document_type


@dataclass(frozen=True)
class ServiceType:
    """What a department offers: the form, documents, time limit and workflow."""

    code: str
    name: Text
    department: str
    form_schema: Mapping[str, Any]
    required_documents: tuple[DocumentRequirement, ...]
    min_assurance: str
    time_limit_days: int
    workflow: Workflow
    allows_extension: bool = False
    max_extension_days: int = 0
    certificate_type: str = ""

    @cached_property
    def form_validator(self) -> Draft202012Validator:
        """A compiled validator of the form schema (formats such as ``date`` are checked)."""
        return Draft202012Validator(
            self.form_schema, format_checker=Draft202012Validator.FORMAT_CHECKER
        )


@dataclass(frozen=True)
class BundlePart:
    """One service type of a bundle; ``satisfied_by`` maps a document type to the earlier part
    (by service type code) whose certificate satisfies it (once-only: no upload)."""

    service_type: str
    satisfied_by: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Bundle:
    """A life event: one application, one sub-case per part."""

    code: str
    name: Text
    parts: tuple[BundlePart, ...]
    form_schema: Mapping[str, Any]
    upload_requirements: tuple[DocumentRequirement, ...]

    @cached_property
    def form_validator(self) -> Draft202012Validator:
        """A compiled validator of the bundle's one form."""
        return Draft202012Validator(
            self.form_schema, format_checker=Draft202012Validator.FORMAT_CHECKER
        )


@dataclass(frozen=True)
class Office:
    """A service hall; ``departments`` are those whose applications it takes in."""

    code: str
    name: Text
    departments: frozenset[str]


@dataclass(frozen=True)
class Department:
    """A department that decides its service types."""

    code: str
    name: Text


@dataclass(frozen=True)
class Catalogue:
    """One immutable catalogue version."""

    departments: Mapping[str, Department]
    offices: Mapping[str, Office]
    document_types: Mapping[str, DocumentType]
    service_types: Mapping[str, ServiceType]
    bundles: Mapping[str, Bundle]
    calendar: WorkingCalendar
    workflows: Mapping[str, Workflow]
    version: int = 0
    offer_rules: Mapping[str, OfferRule] = field(default_factory=dict)  # offer_rules:

    def service_type(self, code: str) -> ServiceType:
        """The service type ``code``, or NotFound naming the version."""
        try:
            return self.service_types[code]
        except KeyError:
            raise NotFound(
                f"unknown service type {code!r} in catalogue version {self.version}"
            ) from None

    def bundle(self, code: str) -> Bundle:
        """The bundle ``code``, or NotFound naming the version."""
        try:
            return self.bundles[code]
        except KeyError:
            raise NotFound(f"unknown bundle {code!r} in catalogue version {self.version}") from None

    def office_serves(self, office: str, department: str) -> bool:
        """True when ``office`` takes in applications for ``department``."""
        known = self.offices.get(office)
        return known is not None and department in known.departments

    def open_statuses(self, department: str) -> list[str]:
        """Every non-final status used by the department's service types (queue default)."""
        codes: dict[str, None] = {}
        for st in self.service_types.values():
            if st.department == department:
                for s in st.workflow.statuses:
                    if not s.final:
                        codes[s.code] = None
        return list(codes)
