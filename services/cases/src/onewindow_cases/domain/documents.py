"""Documents as the cases service sees them: metadata from the documents service, checked
against a service type's requirements and the applicant."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from onewindow_cases.domain.catalogue import DocumentRequirement
from onewindow_kit.errors import FieldViolation

PROVIDED, AWAITING_PART, PART_APPROVED, PART_FAILED = (
    "provided",
    "awaiting_part",
    "part_approved",
    "part_failed",
)


@dataclass(frozen=True)
class DocumentInfo:
    """What the documents service says about one document."""

    id: str
    owner_id: str
    document_type: str
    certificate_type: str = ""
    issuer_department: str = ""
    status: str = "active"


@dataclass(frozen=True)
class CaseDocument:
    """One requirement of a case and how it is met."""

    document_type: str
    document_id: str = ""
    satisfied_by_case_id: str = ""
    state: str = PROVIDED

    def as_dict(self) -> dict[str, str]:
        """For storage."""
        return {
            "document_type": self.document_type,
            "document_id": self.document_id,
            "satisfied_by_case_id": self.satisfied_by_case_id,
            "state": self.state,
        }


def check_documents(
    document_ids: Sequence[str],
    found: Mapping[str, DocumentInfo],
    requirements: Sequence[DocumentRequirement],
    applicant_id: str,
    field: str = "document_ids",
) -> tuple[list[FieldViolation], list[CaseDocument]]:
    """Violations (unknown, not the applicant's, revoked, missing types) and the matched list."""
    violations: list[FieldViolation] = []
    usable: list[DocumentInfo] = []
    for i, doc_id in enumerate(document_ids):
        info = found.get(doc_id)
        if info is None:
            violations.append(FieldViolation(f"{field}[{i}]", f"document {doc_id!r} not found"))
        elif info.owner_id != applicant_id:
            violations.append(
                FieldViolation(
                    f"{field}[{i}]", f"document {doc_id!r} is not owned by the applicant"
                )
            )
        elif info.status != "active":
            violations.append(
                FieldViolation(f"{field}[{i}]", f"document {doc_id!r} is {info.status}")
            )
        else:
            usable.append(info)
    matched: list[CaseDocument] = []
    for req in requirements:
        doc = next((d for d in usable if req.met_by(d.document_type, d.certificate_type)), None)
        if doc is None:
            violations.append(
                FieldViolation(field, f"a document of type {req.document_type!r} is required")
            )
        else:
            matched.append(CaseDocument(req.document_type, doc.id))
    used = {m.document_id for m in matched}
    # Supporting documents beyond the requirements are kept with the case too.
    matched.extend(CaseDocument(d.document_type, d.id) for d in usable if d.id not in used)
    return violations, matched
