"""New-login detection: the (client, address) pairs each person has logged in from, and how far
the ``logins`` worker has read Keycloak's LOGIN events."""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
S = "identity"
TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "login_clients",
        sa.Column(
            "person_id",
            sa.Uuid(as_uuid=False),
            sa.ForeignKey(f"{S}.persons.id"),
            primary_key=True,
        ),
        sa.Column("client_id", sa.Text, primary_key=True),
        sa.Column("ip_address", sa.Text, primary_key=True),
        sa.Column("first_seen_at", TZ, nullable=False),
        schema=S,
    )
    op.create_table(
        "login_watch",
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("watched_until", TZ, nullable=False),
        schema=S,
    )


def downgrade() -> None:
    op.drop_table("login_watch", schema=S)
    op.drop_table("login_clients", schema=S)
