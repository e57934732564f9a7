"""Contact changes: a new email address or phone number waiting for its one-time code (the code
is stored only as a salted hash), at most one pending per person."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
S = "identity"
TZ = sa.DateTime(timezone=True)
UUID = sa.Uuid(as_uuid=False)


def upgrade() -> None:
    op.create_table(
        "contact_changes",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("person_id", UUID, sa.ForeignKey(f"{S}.persons.id"), nullable=False),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("new_value", sa.Text, nullable=False),
        sa.Column("code_hash", sa.Text, nullable=False),
        sa.Column("requested_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("closed_at", TZ),
        schema=S,
    )
    op.create_index(
        "uq_contact_changes_pending",
        "contact_changes",
        ["person_id"],
        unique=True,
        schema=S,
        postgresql_where=sa.text("status = 'pending'"),
    )


def downgrade() -> None:
    op.drop_table("contact_changes", schema=S)
