"""Consents: a citizen lets a department use documents of stated types for a stated purpose."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from onewindow_kit.errors import FailedPrecondition


@dataclass(frozen=True)
class Consent:
    """One consent, until a time, revocable."""

    id: str
    person_id: str
    department: str
    document_types: tuple[str, ...]
    purpose: str
    valid_until: datetime
    granted_at: datetime
    revoked_at: datetime | None = None

    def holds(self, now: datetime, department: str, document_type: str, purpose: str = "") -> bool:
        """True when the consent lets ``department`` use ``document_type`` now (for ``purpose``)."""
        return (
            self.active(now)
            and self.department == department
            and document_type in self.document_types
            and (not purpose or purpose.strip().casefold() == self.purpose.casefold())
        )

    def active(self, now: datetime) -> bool:
        """Neither revoked nor expired."""
        return self.revoked_at is None and now < self.valid_until

    def revoke(self, now: datetime) -> Consent:
        """Revoked at once; FailedPrecondition when already revoked."""
        if self.revoked_at is not None:
            raise FailedPrecondition("the consent is already revoked")
        return replace(self, revoked_at=now)
