"""Mandates: a person (or a company, through its legal representative) authorises a person to
act for them, for all services or listed service types, from/until, revocable."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from onewindow_kit.errors import FailedPrecondition

PERSON = "person"
ORGANISATION = "organisation"


@dataclass(frozen=True)
class Mandate:
    """One authorisation to act for the mandator."""

    id: str
    mandator_kind: str  # person | organisation
    mandator_id: str
    mandatee_person_id: str
    service_types: tuple[str, ...]  # empty: every service
    valid_from: datetime
    valid_until: datetime
    granted_by_person_id: str
    granted_at: datetime
    revoked_at: datetime | None = None
    revoked_by: str = ""

    def covers(self, service_type: str) -> bool:
        """True when the mandate is for all services or lists ``service_type``."""
        return not self.service_types or not service_type or service_type in self.service_types

    def refusal(self, now: datetime, service_type: str = "") -> str | None:
        """Why the mandate does not let its mandatee act now, or None when it does."""
        if self.revoked_at is not None:
            return "the mandate has been revoked"
        if now < self.valid_from:
            return "the mandate is not valid yet"
        if now >= self.valid_until:
            return "the mandate has expired"
        if not self.covers(service_type):
            return f"the mandate does not cover the service type {service_type!r}"
        return None

    def active(self, now: datetime) -> bool:
        """Neither revoked nor expired."""
        return self.revoked_at is None and now < self.valid_until

    def revoke(self, now: datetime, by: str) -> Mandate:
        """Revoked at once; FailedPrecondition when already revoked."""
        if self.revoked_at is not None:
            raise FailedPrecondition("the mandate is already revoked")
        return replace(self, revoked_at=now, revoked_by=by)
