"""Who may see and change a case: the applicant (or a mandated representative), staff of the
responsible department, and, for intake only, clerks at any office serving that department."""

from __future__ import annotations

from typing import Protocol

from onewindow_cases.domain.catalogue import Catalogue, Transition
from onewindow_kit.errors import NotFound, PermissionDenied
from onewindow_kit.principal import Principal

DEPARTMENT_ROLES = frozenset({"clerk", "supervisor", "dept_admin"})
INTAKE_ROLES = frozenset({"clerk", "supervisor"})
# A department's own system (a client-credentials account its dept_admin created) works that
# department's cases as its officials do: claims, moves, decides. It manages no staff.
SYSTEM_ROLES = frozenset({"clerk", "supervisor"})
SYSTEM = Principal(subject="cases-system", roles=frozenset({"service"}))


class Routed(Protocol):
    """What access rules look at: a case (or a row of one)."""

    applicant_id: str
    service_type: str
    responsible_department: str
    receiving_office: str
    delivery_office: str
    assignee: str


def is_applicant(principal: Principal, applicant_id: str, service_type: str) -> bool:
    """The caller is the applicant, or acts for them under a checked mandate that covers
    ``service_type`` (a representative for other services is a stranger to this case)."""
    return (
        principal.kind == "person"
        and bool(applicant_id)
        and (principal.effective_person_id == applicant_id)
        and principal.acts_in(service_type)
    )


def mandate_scope(principal: Principal) -> frozenset[str] | None:
    """The service types a representative's lists are narrowed to; None: no narrowing (one's
    own affairs, or a mandate for every service)."""
    if not principal.acting_for or "*" in principal.mandate_scope:
        return None
    return principal.mandate_scope


def is_department_staff(principal: Principal, department: str) -> bool:
    """Staff (or a department system) of ``department``."""
    return principal.kind in ("staff", "service") and principal.department == department


def working_roles(principal: Principal) -> frozenset[str]:
    """The department roles the caller works with: staff their own, a department system
    ``SYSTEM_ROLES``."""
    if principal.kind == "service" and principal.department:
        return SYSTEM_ROLES
    return principal.roles & DEPARTMENT_ROLES


def can_view(principal: Principal, case: Routed, catalogue: Catalogue) -> bool:
    """Applicant; department staff; staff of the receiving or delivery office; any clerk at an
    office serving the department while the case awaits intake; auditors."""
    applicant_id = case.applicant_id
    department = case.responsible_department
    if principal.kind == "person":
        return is_applicant(principal, applicant_id, case.service_type)
    if is_department_staff(principal, department) or principal.has_role("auditor"):
        return True
    office = principal.office
    if office and office in (
        case.receiving_office,
        case.delivery_office,
    ):
        return True
    return principal.has_role(*INTAKE_ROLES) and catalogue.office_serves(office, department)


def require_view(principal: Principal, case: Routed, catalogue: Catalogue) -> None:
    """NotFound for anyone who may not see the case: its existence is never revealed, to a
    citizen or to another department's staff (exactly the answer for a missing id)."""
    if not can_view(principal, case, catalogue):
        raise NotFound("case not found")


def transition_roles(
    principal: Principal, case: Routed, transition: Transition, catalogue: Catalogue
) -> frozenset[str]:
    """The workflow roles the caller holds for this case and transition."""
    if principal.kind == "person":
        applicant = is_applicant(principal, case.applicant_id, case.service_type)
        return frozenset({"applicant"}) if applicant else frozenset()
    department = case.responsible_department
    staff_roles = working_roles(principal)
    if principal.department == department:
        return staff_roles
    if transition.any_office and catalogue.office_serves(principal.office, department):
        return staff_roles & INTAKE_ROLES
    return frozenset()


def authorize_transition(
    principal: Principal, case: Routed, transition: Transition, catalogue: Catalogue
) -> None:
    """PermissionDenied unless the caller may make ``transition`` on this case now."""
    held = transition_roles(principal, case, transition, catalogue) & transition.roles
    if not held:
        needed = ", ".join(sorted(transition.roles))
        where = "at an office serving" if transition.any_office else "of"
        department = case.responsible_department
        raise PermissionDenied(
            f"moving the case from {transition.from_status!r} to {transition.to_status!r} "
            f"needs the role {needed} {where} department {department!r}"
        )
    assignee = case.assignee
    if held == {"clerk"} and not transition.any_office and assignee != principal.subject:
        who = f"assigned to {assignee}" if assignee else "not assigned to you"
        raise PermissionDenied(f"the case is {who}; claim it (or ask a supervisor) first")


def require_department_role(principal: Principal, department: str, *roles: str) -> None:
    """PermissionDenied unless the caller holds one of ``roles`` in ``department``."""
    if not (is_department_staff(principal, department) and working_roles(principal) & set(roles)):
        raise PermissionDenied(
            f"requires the role {' or '.join(roles)} in department {department!r}"
        )
