"""A pending change of a person's email address or phone number, proven by a one-time code."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

CODE_DIGITS = 6
CODE_TTL = timedelta(minutes=15)
MAX_ATTEMPTS = 5


def new_code() -> str:
    """A random numeric code (``secrets``, never ``random``)."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def hash_code(change_id: str, code: str) -> str:
    """The stored form of a code: salted by the change, so equal codes never hash alike."""
    return hashlib.sha256(f"{change_id}:{code}".encode()).hexdigest()


@dataclass(frozen=True)
class ContactChange:
    """``channel`` email → ``new_value`` is an address; sms → a phone number (E.164)."""

    id: str
    person_id: str
    channel: str
    new_value: str
    code_hash: str
    requested_at: datetime
    expires_at: datetime
    attempts: int = 0
    status: str = "pending"  # pending | confirmed | cancelled | replaced
    closed_at: datetime | None = None

    @property
    def pending(self) -> bool:
        """Still waiting for its code."""
        return self.status == "pending"

    def expired(self, now: datetime) -> bool:
        """Past its deadline."""
        return now >= self.expires_at

    def matches(self, code: str) -> bool:
        """Constant-time comparison of a presented code."""
        return hmac.compare_digest(self.code_hash, hash_code(self.id, code))

    def failed_attempt(self, now: datetime) -> ContactChange:
        """One more wrong code; the last allowed one cancels the change."""
        attempts = self.attempts + 1
        if attempts >= MAX_ATTEMPTS:
            return replace(self, attempts=attempts, status="cancelled", closed_at=now)
        return replace(self, attempts=attempts)

    def close(self, status: str, now: datetime) -> ContactChange:
        """Confirmed or replaced by a newer request."""
        return replace(self, status=status, closed_at=now)
