"""The service type of every submitted case (learnt from case_submitted by the ``links``
consumer; for cases submitted earlier, from their receipts): a representative whose mandate
covers some service types sees the mandator's documents of those cases only."""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
S = "documents"


def upgrade() -> None:
    op.create_table(
        "case_service_types",
        sa.Column("case_id", sa.Text, primary_key=True),
        sa.Column("service_type", sa.Text, nullable=False),
        schema=S,
    )
    # Cases submitted before: every submitted case has a receipt, whose row names the case's
    # service type (so do its certificates).
    op.execute(
        f"INSERT INTO {S}.case_service_types (case_id, service_type) "
        f"SELECT DISTINCT ON (case_id) case_id, service_type FROM {S}.certificates "
        "WHERE case_id <> '' AND service_type <> '' ORDER BY case_id, issued_at "
        "ON CONFLICT DO NOTHING"
    )


def downgrade() -> None:
    op.drop_table("case_service_types", schema=S)
