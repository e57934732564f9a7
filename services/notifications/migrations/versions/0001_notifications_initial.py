"""Notifications schema: contacts, case parties, preferences, notices, deliveries, webhook
subscriptions, retained events (for replay), rate limits, and the kit's outbox +
processed_events."""

from alembic import op

from onewindow_kit.outbox import kit_tables

revision = "0001"
down_revision = None
S = "notifications"


def _tables():  # type: ignore[no-untyped-def]
    # adapters/tables.py as of revision 0001; any later change to it comes with a migration
    # of its own (ALTER), never by editing this one.
    from sqlalchemy import MetaData

    from onewindow_notifications.adapters.tables import build

    metadata = MetaData()
    build(metadata, S)
    return metadata


def upgrade() -> None:
    _tables().create_all(op.get_bind())
    kit_tables(S).create_all(op.get_bind())


def downgrade() -> None:
    kit_tables(S).drop_all(op.get_bind())
    _tables().drop_all(op.get_bind())
