"""Tables of the ``identity`` schema as SQLAlchemy 2.x typed mappings (columns named like the
domain fields, so repositories map rows ↔ domain objects generically)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SCHEMA = "identity"
TZ = DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = MetaData(schema=SCHEMA)


def _id() -> Mapped[str]:
    return mapped_column(Uuid(as_uuid=False), primary_key=True)


def _ref(target: str, nullable: bool = False) -> Mapped[str]:
    return mapped_column(Uuid(as_uuid=False), ForeignKey(f"{SCHEMA}.{target}"), nullable=nullable)


class PersonRow(Base):
    __tablename__ = "persons"
    __table_args__ = (UniqueConstraint("country", "national_id", name="uq_persons_national_id"),)
    id: Mapped[str] = _id()
    country: Mapped[str] = mapped_column(Text)
    national_id: Mapped[str] = mapped_column(Text)
    family_name: Mapped[str] = mapped_column(Text)
    given_name: Mapped[str] = mapped_column(Text)
    date_of_birth: Mapped[date] = mapped_column(Date)
    email: Mapped[str] = mapped_column(Text)
    phone: Mapped[str] = mapped_column(Text)
    username: Mapped[str] = mapped_column(Text, unique=True)
    keycloak_user_id: Mapped[str] = mapped_column(Text, unique=True)
    assurance_level: Mapped[str] = mapped_column(Text)
    registered_at: Mapped[datetime] = mapped_column(TZ)
    locked_at: Mapped[datetime | None] = mapped_column(TZ)


class VerificationRow(Base):
    __tablename__ = "verifications"
    id: Mapped[str] = _id()
    person_id: Mapped[str] = _ref("persons.id")
    purpose: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(Text)
    document_type: Mapped[str] = mapped_column(Text)
    # Expand/contract (docs/operations.md): 0004 added this column and nulls and masks what the
    # previous release still writes to document_number; 0005 drops document_number.
    document_number_masked: Mapped[str] = mapped_column(Text)
    office: Mapped[str] = mapped_column(Text)
    clerk_subject: Mapped[str] = mapped_column(Text)
    clerk_username: Mapped[str] = mapped_column(Text)
    clerk_department: Mapped[str] = mapped_column(Text)
    verified_at: Mapped[datetime] = mapped_column(TZ)
    __table_args__ = (Index("ix_verifications_person", "person_id", "verified_at"),)


class OrganisationRow(Base):
    __tablename__ = "organisations"
    __table_args__ = (
        UniqueConstraint("country", "registration_number", name="uq_organisations_number"),
    )
    id: Mapped[str] = _id()
    country: Mapped[str] = mapped_column(Text)
    registration_number: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    legal_representative_person_id: Mapped[str] = _ref("persons.id")
    registered_by: Mapped[str] = mapped_column(Text)
    registered_at: Mapped[datetime] = mapped_column(TZ)


class StaffRow(Base):
    __tablename__ = "staff"
    id: Mapped[str] = _id()
    keycloak_user_id: Mapped[str] = mapped_column(Text, unique=True)
    username: Mapped[str] = mapped_column(Text, unique=True)
    family_name: Mapped[str] = mapped_column(Text)
    given_name: Mapped[str] = mapped_column(Text)
    email: Mapped[str] = mapped_column(Text)
    department: Mapped[str] = mapped_column(Text, index=True)
    office: Mapped[str] = mapped_column(Text)
    roles: Mapped[list[str]] = mapped_column(ARRAY(Text))
    enabled: Mapped[bool] = mapped_column(Boolean)
    created_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TZ)


class ServiceAccountRow(Base):
    __tablename__ = "service_accounts"
    id: Mapped[str] = _id()
    client_id: Mapped[str] = mapped_column(Text, unique=True)
    keycloak_client_uuid: Mapped[str] = mapped_column(Text, unique=True)
    department: Mapped[str] = mapped_column(Text, index=True)
    system_name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TZ)
    secret_rotated_at: Mapped[datetime] = mapped_column(TZ)


class MandateRow(Base):
    __tablename__ = "mandates"
    __table_args__ = (Index("ix_mandates_pair", "mandator_id", "mandatee_person_id"),)
    id: Mapped[str] = _id()
    mandator_kind: Mapped[str] = mapped_column(Text)
    mandator_id: Mapped[str] = mapped_column(Uuid(as_uuid=False))
    mandatee_person_id: Mapped[str] = _ref("persons.id")
    service_types: Mapped[list[str]] = mapped_column(ARRAY(Text))
    valid_from: Mapped[datetime] = mapped_column(TZ)
    valid_until: Mapped[datetime] = mapped_column(TZ)
    granted_by_person_id: Mapped[str] = _ref("persons.id")
    granted_at: Mapped[datetime] = mapped_column(TZ)
    revoked_at: Mapped[datetime | None] = mapped_column(TZ)
    revoked_by: Mapped[str] = mapped_column(Text)


class ConsentRow(Base):
    __tablename__ = "consents"
    id: Mapped[str] = _id()
    person_id: Mapped[str] = _ref("persons.id")
    department: Mapped[str] = mapped_column(Text)
    document_types: Mapped[list[str]] = mapped_column(ARRAY(Text))
    purpose: Mapped[str] = mapped_column(Text)
    valid_until: Mapped[datetime] = mapped_column(TZ)
    granted_at: Mapped[datetime] = mapped_column(TZ)
    revoked_at: Mapped[datetime | None] = mapped_column(TZ)
    __table_args__ = (Index("ix_consents_person", "person_id", "department"),)


class ContactChangeRow(Base):
    __tablename__ = "contact_changes"
    id: Mapped[str] = _id()
    person_id: Mapped[str] = _ref("persons.id")
    channel: Mapped[str] = mapped_column(Text)
    new_value: Mapped[str] = mapped_column(Text)
    code_hash: Mapped[str] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(TZ)
    expires_at: Mapped[datetime] = mapped_column(TZ)
    attempts: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(TZ)
    # At most one pending change per person, even under concurrent requests.
    __table_args__ = (
        Index(
            "uq_contact_changes_pending",
            "person_id",
            unique=True,
            postgresql_where=text("status = 'pending'"),
        ),
    )


class LoginClientRow(Base):
    """A (client, address) a person has logged in from: a login from another is reported."""

    __tablename__ = "login_clients"
    person_id: Mapped[str] = mapped_column(
        Uuid(as_uuid=False), ForeignKey(f"{SCHEMA}.persons.id"), primary_key=True
    )
    client_id: Mapped[str] = mapped_column(Text, primary_key=True)
    ip_address: Mapped[str] = mapped_column(Text, primary_key=True)
    first_seen_at: Mapped[datetime] = mapped_column(TZ)


class LoginWatchRow(Base):
    """How far the ``logins`` worker has read Keycloak's LOGIN events."""

    __tablename__ = "login_watch"
    source: Mapped[str] = mapped_column(Text, primary_key=True)
    watched_until: Mapped[datetime] = mapped_column(TZ)


class AccessLogRow(Base):
    __tablename__ = "access_log"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = _ref("persons.id")
    actor_subject: Mapped[str] = mapped_column(Text)
    actor_username: Mapped[str] = mapped_column(Text)
    actor_kind: Mapped[str] = mapped_column(Text)
    department: Mapped[str] = mapped_column(Text)
    office: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(TZ)
    __table_args__ = (Index("ix_access_log_person", "person_id", "at"),)


class IdempotencyRow(Base):
    __tablename__ = "idempotency_keys"
    operation: Mapped[str] = mapped_column(Text, primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    request_hash: Mapped[str] = mapped_column(Text)
    result_id: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TZ)
