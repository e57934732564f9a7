"""Create a probe table."""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "probe",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("note", sa.Text, nullable=False),
        schema="infra_probe",
    )


def downgrade() -> None:
    op.drop_table("probe", schema="infra_probe")
