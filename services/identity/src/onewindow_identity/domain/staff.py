"""Staff of a department, and department systems (service accounts)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from onewindow_identity.domain import fields
from onewindow_kit.errors import FailedPrecondition, Validator
from onewindow_kit.principal import STAFF_ROLES

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
SYSTEM_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")


@dataclass(frozen=True)
class StaffDetails:
    """Validated input for a new staff member."""

    username: str
    family_name: str
    given_name: str
    email: str
    department: str
    office: str
    roles: tuple[str, ...]
    initial_password: str


@dataclass(frozen=True)
class Staff:
    """A staff member: department, office and roles (mirrored in Keycloak)."""

    id: str
    keycloak_user_id: str
    username: str
    family_name: str
    given_name: str
    email: str
    department: str
    office: str
    roles: tuple[str, ...]
    enabled: bool
    created_by: str
    created_at: datetime

    def move(self, office: str) -> Staff:
        """The same staff member at another office."""
        if not self.enabled:
            raise FailedPrecondition("staff member is disabled")
        if office == self.office:
            raise FailedPrecondition(f"staff member already works at {office}")
        return replace(self, office=office)

    def disable(self) -> Staff:
        """Disabled: no new tokens."""
        if not self.enabled:
            raise FailedPrecondition("staff member is already disabled")
        return replace(self, enabled=False)


@dataclass(frozen=True)
class ServiceAccount:
    """A department system's client-credentials client."""

    id: str
    client_id: str
    keycloak_client_uuid: str
    department: str
    system_name: str
    description: str
    created_by: str
    created_at: datetime
    secret_rotated_at: datetime


def validate_staff(
    *,
    username: str,
    family_name: str,
    given_name: str,
    email: str,
    department: str,
    office: str,
    roles: list[str],
    initial_password: str,
) -> StaffDetails:
    """Every field checked, all violations reported at once."""
    v = Validator()
    username = username.strip().lower()
    if not username:
        v.add("username", "is required")
    elif not USERNAME.match(username):
        v.add("username", "must be 3-64 lower-case letters, digits, '.', '_' or '-'")
    elif username.startswith("service-account-"):
        v.add("username", "must not start with service-account-")
    role_list = fields.codes(v, "roles", roles, required=True)
    for i, role in enumerate(role_list):
        if role and role not in STAFF_ROLES:
            v.add(f"roles[{i}]", f"must be one of: {', '.join(sorted(STAFF_ROLES))}")
    details = StaffDetails(
        username=username,
        family_name=fields.name(v, "family_name", family_name),
        given_name=fields.name(v, "given_name", given_name),
        email=fields.email(v, "email", email),
        department=fields.code(v, "department", department),
        office=fields.code(v, "office", office),
        roles=tuple(role_list),
        initial_password=initial_password,
    )
    if not details.email:
        v.add("email", "is required")
    if not 8 <= len(initial_password) <= 128:
        v.add("initial_password", "must be 8-128 characters")
    v.raise_if_any()
    return details


def service_client_id(department: str, system_name: str) -> str:
    """Keycloak client id of a department system."""
    return f"dept-{department}-{system_name}"


def validate_system_name(v: Validator, value: str) -> str:
    """A short lower-case system name."""
    value = value.strip()
    if not value:
        v.add("system_name", "is required")
    elif not SYSTEM_NAME.match(value):
        v.add("system_name", "must be 2-40 lower-case letters, digits or '-'")
    return value
