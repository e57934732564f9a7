"""Proactive offers (issue 16 §1): one row per offer, at most one per (rule, person, triggering
event); the person's list and the expiry scan have their own indexes."""

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

revision = "0004"
down_revision = "0003"
S = context.config.attributes.get("schema", "cases")
TEXTS = (
    "rule", "person_id", "trigger_event", "trigger_event_id", "trigger_case_id", "service_type",
    "bundle_type", "state", "decided_by", "reason", "case_id", "case_number", "bundle_id",
)  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "offers",
        sa.Column("id", UUID(as_uuid=False), primary_key=True),
        *[sa.Column(n, sa.Text, nullable=False, server_default="") for n in TEXTS],
        *[sa.Column(n, JSONB, nullable=False) for n in ("title", "prefill", "documents")],
        sa.Column("person_fields", JSONB, nullable=False),
        sa.Column("missing_fields", ARRAY(sa.Text), nullable=False),
        sa.Column("missing_documents", ARRAY(sa.Text), nullable=False),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column("catalogue_version", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.UniqueConstraint("rule", "person_id", "trigger_event_id", name="uq_offers_trigger"),
        schema=S,
    )
    op.execute(f"CREATE INDEX ix_offers_person ON {S}.offers (person_id, offered_at DESC, id)")
    op.execute(f"CREATE INDEX ix_offers_open ON {S}.offers (expires_at) WHERE state = 'offered'")


def downgrade() -> None:
    op.drop_table("offers", schema=S)
