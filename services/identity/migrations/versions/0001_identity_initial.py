"""Identity schema: persons, verifications, organisations, staff, service accounts, mandates,
consents, access log, idempotency keys, and the kit's outbox + processed_events."""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

from onewindow_kit.outbox import kit_tables

revision = "0001"
down_revision = None
S = "identity"
UUID = sa.Uuid(as_uuid=False)
TZ = sa.DateTime(timezone=True)


def _id() -> sa.Column:
    return sa.Column("id", UUID, primary_key=True)


def _text(name: str, **kw) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=kw.pop("nullable", False), **kw)


def _person_ref(name: str) -> sa.Column:
    return sa.Column(name, UUID, sa.ForeignKey(f"{S}.persons.id"), nullable=False)


def _persons_and_verifications() -> None:
    op.create_table(
        "persons",
        _id(),
        *(_text(n) for n in ("country", "national_id", "family_name", "given_name")),
        sa.Column("date_of_birth", sa.Date, nullable=False),
        _text("email"),
        _text("phone"),
        _text("username", unique=True),
        _text("keycloak_user_id", unique=True),
        _text("assurance_level"),
        sa.Column("registered_at", TZ, nullable=False),
        sa.Column("locked_at", TZ),
        sa.UniqueConstraint("country", "national_id", name="uq_persons_national_id"),
        schema=S,
    )
    op.create_table(
        "verifications",
        _id(),
        _person_ref("person_id"),
        *(_text(n) for n in ("purpose", "level", "method", "document_type", "document_number")),
        *(_text(n) for n in ("office", "clerk_subject", "clerk_username", "clerk_department")),
        sa.Column("verified_at", TZ, nullable=False),
        schema=S,
    )
    op.create_index(
        "ix_verifications_person", "verifications", ["person_id", "verified_at"], schema=S
    )


def _organisations_and_staff() -> None:
    op.create_table(
        "organisations",
        _id(),
        _text("country"),
        _text("registration_number"),
        _text("name"),
        _person_ref("legal_representative_person_id"),
        _text("registered_by"),
        sa.Column("registered_at", TZ, nullable=False),
        sa.UniqueConstraint("country", "registration_number", name="uq_organisations_number"),
        schema=S,
    )
    op.create_index(
        "ix_organisations_representative",
        "organisations",
        ["legal_representative_person_id"],
        schema=S,
    )
    op.create_table(
        "staff",
        _id(),
        _text("keycloak_user_id", unique=True),
        _text("username", unique=True),
        *(_text(n) for n in ("family_name", "given_name", "email", "department", "office")),
        sa.Column("roles", ARRAY(sa.Text), nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False),
        _text("created_by"),
        sa.Column("created_at", TZ, nullable=False),
        schema=S,
    )
    op.create_index("ix_staff_department", "staff", ["department"], schema=S)
    op.create_table(
        "service_accounts",
        _id(),
        _text("client_id", unique=True),
        _text("keycloak_client_uuid", unique=True),
        *(_text(n) for n in ("department", "system_name", "description", "created_by")),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("secret_rotated_at", TZ, nullable=False),
        schema=S,
    )
    op.create_index("ix_service_accounts_department", "service_accounts", ["department"], schema=S)


def _mandates_and_consents() -> None:
    op.create_table(
        "mandates",
        _id(),
        _text("mandator_kind"),
        sa.Column("mandator_id", UUID, nullable=False),
        _person_ref("mandatee_person_id"),
        sa.Column("service_types", ARRAY(sa.Text), nullable=False),
        sa.Column("valid_from", TZ, nullable=False),
        sa.Column("valid_until", TZ, nullable=False),
        _person_ref("granted_by_person_id"),
        sa.Column("granted_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ),
        _text("revoked_by"),
        sa.CheckConstraint("valid_until > valid_from", name="ck_mandates_period"),
        schema=S,
    )
    op.create_index("ix_mandates_pair", "mandates", ["mandator_id", "mandatee_person_id"], schema=S)
    op.create_index("ix_mandates_mandatee", "mandates", ["mandatee_person_id"], schema=S)
    op.create_table(
        "consents",
        _id(),
        _person_ref("person_id"),
        _text("department"),
        sa.Column("document_types", ARRAY(sa.Text), nullable=False),
        _text("purpose"),
        sa.Column("valid_until", TZ, nullable=False),
        sa.Column("granted_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ),
        schema=S,
    )
    op.create_index("ix_consents_person", "consents", ["person_id", "department"], schema=S)


def _logs() -> None:
    op.create_table(
        "access_log",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        _person_ref("person_id"),
        *(_text(n) for n in ("actor_subject", "actor_username", "actor_kind", "department")),
        *(_text(n) for n in ("office", "action", "purpose")),
        sa.Column("at", TZ, nullable=False),
        schema=S,
    )
    op.create_index("ix_access_log_person", "access_log", ["person_id", "at"], schema=S)
    op.create_table(
        "idempotency_keys",
        sa.Column("operation", sa.Text, primary_key=True),
        sa.Column("key", sa.Text, primary_key=True),
        _text("request_hash"),
        _text("result_id"),
        sa.Column("created_at", TZ, nullable=False),
        schema=S,
    )


def upgrade() -> None:
    _persons_and_verifications()
    _organisations_and_staff()
    _mandates_and_consents()
    _logs()
    kit_tables(S).create_all(op.get_bind())


def downgrade() -> None:
    kit_tables(S).drop_all(op.get_bind())
    for table in (
        "idempotency_keys",
        "access_log",
        "consents",
        "mandates",
        "service_accounts",
        "staff",
        "organisations",
        "verifications",
        "persons",
    ):
        op.drop_table(table, schema=S)
