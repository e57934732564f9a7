"""Rows and domain objects → protobuf messages (and nothing else)."""

from __future__ import annotations

from typing import Any

from onewindow.notifications.v1 import notifications_pb2 as pb
from onewindow_kit.proto_time import ts
from onewindow_notifications.domain.model import Preferences, Subscription

# Request field limits the kit enforces before a handler runs (onewindow_kit.grpc_server_decoding).
TEXT_LIMITS: dict[str, int] = {
    "url": 2048,
    "secret": 200,
    "page_token": 1024,
    "notice_ids[]": 100,
    "event_types[]": 50,
    "categories[]": 50,
}
NOTICE_FIELDS = (
    "id", "recipient_id", "category", "mandatory", "event_type", "event_id", "case_id",
    "case_number", "subject_person_id", "language", "title", "body", "template_id",
    "template_version", "department",
)  # fmt: skip
DELIVERY_FIELDS = (
    "id", "notice_id", "channel", "recipient", "status", "attempts", "last_error", "event_type",
    "event_id", "case_id", "template_id", "template_version", "language", "content_hash",
)  # fmt: skip


def notice(row: dict[str, Any]) -> pb.Notice:
    """A notice row as a message."""
    return pb.Notice(
        **{k: row[k] for k in NOTICE_FIELDS},
        created_at=ts(row["created_at"]),
        read_at=ts(row["read_at"]),
    )


def delivery(row: dict[str, Any]) -> pb.Delivery:
    """A delivery row as a message (addresses and bodies stay inside)."""
    return pb.Delivery(
        **{k: row[k] for k in DELIVERY_FIELDS},
        created_at=ts(row["created_at"]),
        updated_at=ts(row["updated_at"]),
        delivered_at=ts(row["delivered_at"]),
        next_attempt_at=ts(row["next_attempt_at"])
        if row["status"] in ("created", "retrying")
        else None,
    )


def preferences(prefs: Preferences, mandatory: list[str]) -> pb.Preferences:
    """Preferences with the categories that cannot be switched off."""
    return pb.Preferences(
        person_id=prefs.person_id,
        language=prefs.language,
        categories=[
            pb.CategoryChannels(category=name, channels=list(channels))
            for name, channels in sorted(prefs.channels.items())
        ],
        mandatory_categories=mandatory,
        updated_at=ts(prefs.updated_at),
    )


def subscription(sub: Subscription) -> pb.Subscription:
    """A subscription without its secrets."""
    return pb.Subscription(
        id=sub.id,
        department=sub.department,
        owner_subject=sub.owner_subject,
        url=sub.url,
        event_types=list(sub.event_types),
        filter=pb.SubscriptionFilter(service_type=sub.service_type, case_id=sub.case_id),
        status=sub.status,
        consecutive_failures=sub.consecutive_failures,
        created_at=ts(sub.created_at),
        secret_rotated_at=ts(sub.secret_rotated_at),
    )
