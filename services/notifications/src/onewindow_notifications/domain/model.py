"""What the notifications service keeps: notices, deliveries, subscriptions, preferences."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

LANGUAGES = ("zh-CN", "en")
DEFAULT_LANGUAGE = "zh-CN"
PERSON_CHANNELS = ("email", "sms")  # the inbox is always on
CHANNELS = ("inbox", "email", "sms", "webhook")
DELIVERY_STATUSES = ("created", "sending", "delivered", "retrying", "failed")


@dataclass(frozen=True)
class Notice:
    """One message in one recipient's inbox."""

    id: str
    recipient_id: str
    subject_person_id: str
    category: str
    rule_id: str
    mandatory: bool
    event_type: str
    event_id: str
    case_id: str
    case_number: str
    department: str
    language: str
    title: str
    body: str
    template_id: str
    template_version: int
    content_hash: str
    created_at: datetime
    read_at: datetime | None = None


@dataclass(frozen=True)
class Delivery:
    """One notice (or event, for webhooks) on one channel to one recipient."""

    id: str
    channel: str
    recipient: str
    status: str
    attempts: int
    created_at: datetime
    updated_at: datetime
    next_attempt_at: datetime
    notice_id: str = ""
    subscription_id: str = ""
    order_key: str = ""
    rate_key: str = ""
    last_error: str = ""
    event_id: str = ""
    event_type: str = ""
    case_id: str = ""
    department: str = ""
    template_id: str = ""
    template_version: int = 0
    language: str = ""
    content_hash: str = ""
    title: str = ""
    text_body: str = ""
    html_body: str = ""
    mandatory: bool = False
    payload: bytes | None = None
    lease_until: datetime | None = None
    delivered_at: datetime | None = None


@dataclass(frozen=True)
class Subscription:
    """A department system's webhook: which events, where, signed with which secret."""

    id: str
    department: str
    owner_subject: str
    url: str
    event_types: tuple[str, ...]
    service_type: str
    case_id: str
    status: str  # active | suspended | disabled
    secret: str
    previous_secret: str
    previous_secret_until: datetime | None
    consecutive_failures: int
    created_at: datetime
    secret_rotated_at: datetime

    def secrets(self, now: datetime) -> list[str]:
        """The secrets to sign with now: the current one, and the previous during the overlap."""
        out = [self.secret]
        if self.previous_secret and self.previous_secret_until and now < self.previous_secret_until:
            out.append(self.previous_secret)
        return out


@dataclass(frozen=True)
class Preferences:
    """A person's language and channels per category (categories not listed use the defaults)."""

    person_id: str
    language: str = DEFAULT_LANGUAGE
    channels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    updated_at: datetime | None = None
