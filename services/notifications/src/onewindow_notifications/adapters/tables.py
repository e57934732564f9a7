"""The notifications schema as SQLAlchemy Core tables (migration 0001 creates the same)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

SCHEMA = "notifications"
TZ = DateTime(timezone=True)


def _text(*names: str) -> list[Column]:
    return [Column(n, Text, nullable=False, server_default="") for n in names]


def build(metadata: MetaData, schema: str = SCHEMA) -> dict[str, Table]:
    """Every table of the schema, by name."""
    t: dict[str, Table] = {}
    t["contacts"] = Table(
        "contacts", metadata,
        Column("recipient_id", Text, primary_key=True),  # person id, or a staff member's subject
        *_text("kind", "email", "phone", "department", "subject"),
        Column("roles", ARRAY(Text), nullable=False, server_default="{}"),
        Column("enabled", Boolean, nullable=False, server_default="true"),
        Column("updated_at", TZ, nullable=False),
        schema=schema,
    )  # fmt: skip
    t["case_parties"] = Table(
        "case_parties", metadata,
        Column("case_id", Text, primary_key=True),
        *_text("case_number", "applicant_id", "representative_id", "department"),
        *_text("service_type", "assignee"),
        Column("updated_at", TZ, nullable=False),
        schema=schema,
    )  # fmt: skip
    t["preferences"] = Table(
        "preferences", metadata,
        Column("person_id", Text, primary_key=True),
        Column("language", Text, nullable=False),
        Column("channels", JSONB, nullable=False),  # {category: [channel, ...]}
        Column("updated_at", TZ, nullable=False),
        schema=schema,
    )  # fmt: skip
    t["notices"] = Table(
        "notices", metadata,
        Column("id", Text, primary_key=True),
        *_text("recipient_id", "subject_person_id", "category", "rule_id"),
        Column("mandatory", Boolean, nullable=False),
        *_text("event_type", "event_id", "case_id", "case_number", "department"),
        *_text("language", "title", "body", "template_id", "content_hash"),
        Column("template_version", Integer, nullable=False),
        Column("created_at", TZ, nullable=False),
        Column("read_at", TZ),
        UniqueConstraint("event_id", "rule_id", "recipient_id", name="uq_notices_event_rule"),
        Index("ix_notices_inbox", "recipient_id", "created_at", "id"),
        schema=schema,
    )  # fmt: skip
    t["deliveries"] = Table(
        "deliveries", metadata,
        Column("id", Text, primary_key=True),
        Column("seq", BigInteger, Identity(), nullable=False, unique=True),
        *_text("notice_id", "channel", "recipient", "subscription_id", "order_key", "status"),
        Column("attempts", Integer, nullable=False, server_default="0"),
        *_text("last_error", "event_id", "event_type", "case_id", "department", "rate_key"),
        *_text("template_id", "language", "content_hash", "title", "text_body", "html_body"),
        Column("template_version", Integer, nullable=False, server_default="0"),
        Column("mandatory", Boolean, nullable=False, server_default="false"),
        Column("payload", LargeBinary),
        Column("created_at", TZ, nullable=False),
        Column("updated_at", TZ, nullable=False),
        Column("next_attempt_at", TZ, nullable=False),
        Column("lease_until", TZ),
        Column("rate_slot", TZ),  # a send slot reserved under the rate limit (0002)
        # 0: sent first when a rate limit queues deliveries; 1: bulk (0003)
        Column("priority", SmallInteger, nullable=False, server_default="0"),
        Column("delivered_at", TZ),
        # the dispatcher's queue, in the order it takes deliveries, and the leases it watches
        # (0004)
        Index(
            "ix_deliveries_queue", "priority", "next_attempt_at", "seq",
            postgresql_where=text("status IN ('created', 'retrying') AND channel <> 'inbox'"),
        ),
        Index("ix_deliveries_leased", "lease_until", postgresql_where=text("status = 'sending'")),
        Index("ix_deliveries_case", "case_id", "seq"),
        Index("ix_deliveries_order", "order_key", "seq",
              postgresql_where=text("order_key <> ''")),
        schema=schema,
    )  # fmt: skip
    t["subscriptions"] = Table(
        "subscriptions", metadata,
        Column("id", Text, primary_key=True),
        *_text("department", "owner_subject", "url", "service_type", "case_id", "status"),
        Column("event_types", ARRAY(Text), nullable=False),
        *_text("secret", "previous_secret"),
        Column("previous_secret_until", TZ),
        Column("consecutive_failures", Integer, nullable=False, server_default="0"),
        Column("created_at", TZ, nullable=False),
        Column("secret_rotated_at", TZ, nullable=False),
        schema=schema,
    )  # fmt: skip
    t["events"] = Table(
        "events", metadata,
        Column("event_id", Text, primary_key=True),
        *_text("event_type", "department", "service_type", "case_id"),
        Column("occurred_at", TZ, nullable=False),
        Column("received_at", TZ, nullable=False),
        Column("body", LargeBinary, nullable=False),  # the proto3 JSON a webhook carries
        Index("ix_events_replay", "department", "occurred_at"),
        schema=schema,
    )  # fmt: skip
    t["rate_limits"] = Table(
        "rate_limits", metadata,
        Column("key", Text, primary_key=True),
        Column("next_free", TZ, nullable=False),
        schema=schema,
    )  # fmt: skip
    return t


METADATA = MetaData()
TABLES = build(METADATA)
contacts = TABLES["contacts"]
case_parties = TABLES["case_parties"]
preferences = TABLES["preferences"]
notices = TABLES["notices"]
deliveries = TABLES["deliveries"]
subscriptions = TABLES["subscriptions"]
events = TABLES["events"]
rate_limits = TABLES["rate_limits"]
