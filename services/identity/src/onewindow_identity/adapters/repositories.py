"""Repositories over the ``identity`` tables; rows map to frozen domain objects by field name."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from onewindow_identity.adapters import orm
from onewindow_identity.domain.access import AccessLogEntry
from onewindow_identity.domain.assurance import Verification
from onewindow_identity.domain.consent import Consent
from onewindow_identity.domain.contact_change import ContactChange
from onewindow_identity.domain.mandate import Mandate
from onewindow_identity.domain.organisation import Organisation
from onewindow_identity.domain.person import Person
from onewindow_identity.domain.staff import ServiceAccount, Staff
from onewindow_identity.service_layer.ports import IdempotencyRecord
from onewindow_kit.repository import DataclassRepository, to_domain, to_row

D = TypeVar("D")


class _Repository(DataclassRepository[D]):
    def get(self, ident: str) -> D | None:
        """By id."""
        row = self.session.get(self.row, ident)
        return None if row is None else to_domain(row, self.domain)

    def _one(self, *where: Any) -> D | None:
        row = self.session.scalars(select(self.row).where(*where).limit(1)).first()
        return None if row is None else to_domain(row, self.domain)

    def _all(self, *where: Any, order: Any = None, limit: int | None = None) -> list[D]:
        query: Any = select(self.row).where(*where)
        if order is not None:
            query = query.order_by(order)
        if limit is not None:
            query = query.limit(limit)
        return self._rows(query)


class PersonRepository(_Repository[Person]):
    row, domain = orm.PersonRow, Person

    def by_national_id(self, country: str, national_id: str) -> Person | None:
        """By national identity number."""
        r = orm.PersonRow
        return self._one(r.country == country, r.national_id == national_id)

    def by_keycloak_user_id(self, user_id: str) -> Person | None:
        """By Keycloak subject."""
        return self._one(orm.PersonRow.keycloak_user_id == user_id)


class OrganisationRepository(_Repository[Organisation]):
    row, domain = orm.OrganisationRow, Organisation

    def by_registration_number(self, country: str, number: str) -> Organisation | None:
        """By registration number."""
        r = orm.OrganisationRow
        return self._one(r.country == country, r.registration_number == number)

    def represented_by(self, person_id: str) -> list[Organisation]:
        """Companies whose legal representative is ``person_id``."""
        return self._all(orm.OrganisationRow.legal_representative_person_id == person_id)


class StaffRepository(_Repository[Staff]):
    row, domain = orm.StaffRow, Staff

    def by_keycloak_user_id(self, user_id: str) -> Staff | None:
        """By Keycloak subject."""
        return self._one(orm.StaffRow.keycloak_user_id == user_id)

    def by_username(self, username: str) -> Staff | None:
        """By login name."""
        return self._one(orm.StaffRow.username == username)


class ServiceAccountRepository(_Repository[ServiceAccount]):
    row, domain = orm.ServiceAccountRow, ServiceAccount

    def by_client_id(self, client_id: str) -> ServiceAccount | None:
        """By OAuth client id."""
        return self._one(orm.ServiceAccountRow.client_id == client_id)


class MandateRepository(_Repository[Mandate]):
    row, domain = orm.MandateRow, Mandate

    def between(self, mandator_id: str, mandatee_person_id: str) -> list[Mandate]:
        """Every mandate from ``mandator_id`` to ``mandatee_person_id``, newest first."""
        r = orm.MandateRow
        return self._all(
            r.mandator_id == mandator_id,
            r.mandatee_person_id == mandatee_person_id,
            order=r.granted_at.desc(),
        )

    def granted_by(self, mandator_ids: list[str]) -> list[Mandate]:
        """Mandates whose mandator is one of ``mandator_ids``."""
        r = orm.MandateRow
        return self._all(r.mandator_id.in_(mandator_ids), order=r.granted_at.desc())

    def received_by(self, person_id: str) -> list[Mandate]:
        """Mandates to ``person_id``."""
        r = orm.MandateRow
        return self._all(r.mandatee_person_id == person_id, order=r.granted_at.desc())


class ConsentRepository(_Repository[Consent]):
    row, domain = orm.ConsentRow, Consent

    def of_person(self, person_id: str) -> list[Consent]:
        """The person's consents, newest first."""
        r = orm.ConsentRow
        return self._all(r.person_id == person_id, order=r.granted_at.desc())


class ContactChangeRepository(_Repository[ContactChange]):
    row, domain = orm.ContactChangeRow, ContactChange

    def pending_of(self, person_id: str) -> ContactChange | None:
        """The person's change waiting for its code (at most one)."""
        r = orm.ContactChangeRow
        return self._one(r.person_id == person_id, r.status == "pending")


class VerificationRepository(_Repository[Verification]):
    row, domain = orm.VerificationRow, Verification

    def of_person(self, person_id: str) -> list[Verification]:
        """The person's verifications, newest first."""
        r = orm.VerificationRow
        return self._all(r.person_id == person_id, order=r.verified_at.desc())


class LoginClientRepository:
    """Known (client, address) pairs per person and the login watch's cursor."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def known(self, person_id: str) -> set[tuple[str, str]]:
        """The pairs the person has logged in from."""
        r = orm.LoginClientRow
        rows = self.session.execute(
            select(r.client_id, r.ip_address).where(r.person_id == person_id)
        )
        return {(c, ip) for c, ip in rows}

    def add(self, person_id: str, client_id: str, ip_address: str, at: datetime) -> None:
        """Remember a pair."""
        self.session.add(
            orm.LoginClientRow(
                person_id=person_id, client_id=client_id, ip_address=ip_address, first_seen_at=at
            )
        )
        self.session.flush()

    def watched_until(self, source: str = "keycloak") -> datetime | None:
        """The time of the newest event of ``source`` read so far."""
        row = self.session.get(orm.LoginWatchRow, source)
        return None if row is None else row.watched_until

    def set_watched_until(self, at: datetime, source: str = "keycloak") -> None:
        """Move the cursor."""
        self.session.merge(orm.LoginWatchRow(source=source, watched_until=at))
        self.session.flush()


class AccessLogRepository:
    """Append-only log of staff reads."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, entry: AccessLogEntry) -> None:
        """Append one entry."""
        self.session.add(to_row(entry, orm.AccessLogRow))
        self.session.flush()

    def of_person(self, person_id: str, limit: int) -> list[AccessLogEntry]:
        """Newest first."""
        r = orm.AccessLogRow
        query = select(r).where(r.person_id == person_id).order_by(r.at.desc(), r.id.desc())
        return [to_domain(row, AccessLogEntry) for row in self.session.scalars(query.limit(limit))]


class IdempotencyRepository:
    """First outcomes of requests, by (operation, key)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, operation: str, key: str) -> IdempotencyRecord | None:
        """The record of an earlier request with this key."""
        row = self.session.get(orm.IdempotencyRow, (operation, key))
        return None if row is None else IdempotencyRecord(row.request_hash, row.result_id)

    def add(self, operation: str, key: str, record: IdempotencyRecord) -> None:
        """Remember the outcome."""
        self.session.add(
            orm.IdempotencyRow(
                operation=operation,
                key=key,
                request_hash=record.request_hash,
                result_id=record.result_id,
                created_at=datetime.now(UTC),
            )
        )
        self.session.flush()
