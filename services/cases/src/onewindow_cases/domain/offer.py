"""An offer: its own aggregate (not a case). offered → confirmed | declined | expired."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from onewindow_kit.errors import FailedPrecondition

OFFERED, CONFIRMED, DECLINED, EXPIRED = "offered", "confirmed", "declined", "expired"
STATES = (OFFERED, CONFIRMED, DECLINED, EXPIRED)


@dataclass
class Offer:
    """One rule's offer to one person, made from one triggering event."""

    id: str
    rule: str
    person_id: str
    trigger_event: str
    trigger_event_id: str
    trigger_case_id: str
    offered_at: datetime
    expires_at: datetime
    catalogue_version: int
    service_type: str = ""
    bundle_type: str = ""
    title: dict[str, str] = field(default_factory=dict)
    prefill: dict[str, Any] = field(default_factory=dict)
    documents: dict[str, str] = field(default_factory=dict)
    person_fields: dict[str, str] = field(default_factory=dict)  # form field -> person.<field>
    missing_fields: list[str] = field(default_factory=list)
    missing_documents: list[str] = field(default_factory=list)
    state: str = OFFERED
    decided_at: datetime | None = None
    decided_by: str = ""
    reason: str = ""
    case_id: str = ""
    case_number: str = ""
    bundle_id: str = ""
    version: int = 1

    def lapsed(self, now: datetime) -> bool:
        """Past its expiry (whether or not the scanner has marked it yet)."""
        return now >= self.expires_at

    def require_open(self, now: datetime) -> None:
        """FailedPrecondition unless the offer still waits for an answer."""
        if self.state != OFFERED:
            raise FailedPrecondition(f"the offer is {self.state}")
        if self.lapsed(now):
            raise FailedPrecondition("the offer expired")

    def confirm(self, by: str, at: datetime, case_id: str, number: str, bundle_id: str) -> None:
        """The application was filed."""
        self.require_open(at)
        self.state, self.decided_at, self.decided_by = CONFIRMED, at, by
        self.case_id, self.case_number, self.bundle_id = case_id, number, bundle_id
        self.version += 1

    def decline(self, by: str, at: datetime, reason: str) -> bool:
        """Say no; False when it was declined already (a repeat changes nothing)."""
        if self.state == DECLINED:
            return False
        self.require_open(at)
        self.state, self.decided_at, self.decided_by, self.reason = DECLINED, at, by, reason
        self.version += 1
        return True

    def expire(self, at: datetime) -> bool:
        """The scanner's step; False unless the offer is open and past its expiry."""
        if self.state != OFFERED or not self.lapsed(at):
            return False
        self.state, self.decided_at = EXPIRED, at
        self.version += 1
        return True
