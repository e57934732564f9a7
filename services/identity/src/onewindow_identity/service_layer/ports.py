"""What the handlers need from the outside world, as interfaces the adapters implement."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, Self

from onewindow_identity.domain.access import AccessLogEntry
from onewindow_identity.domain.assurance import Verification
from onewindow_identity.domain.consent import Consent
from onewindow_identity.domain.contact_change import ContactChange
from onewindow_identity.domain.mandate import Mandate
from onewindow_identity.domain.organisation import Organisation
from onewindow_identity.domain.person import Person
from onewindow_identity.domain.staff import ServiceAccount, Staff
from onewindow_identity.domain.validators import ValidatorRegistry
from onewindow_kit.outbox import PendingEvent

# --- identity provider (Keycloak) -----------------------------------------------------------


class IdpConflict(Exception):
    """The identity provider already has a user with this username or email."""

    def __init__(self, field: str) -> None:
        super().__init__(f"{field} is taken")
        self.field = field


@dataclass(frozen=True)
class NewUser:
    """A login to create."""

    username: str
    email: str
    first_name: str
    last_name: str
    password: str
    temporary_password: bool = False
    attributes: dict[str, str] = field(default_factory=dict)
    realm_roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class IdpUser:
    """A login as the identity provider knows it."""

    id: str
    username: str
    enabled: bool
    attributes: dict[str, str]


# Keycloak's brute-force protection disabling a login (event types of the realm's events)
PERMANENT_LOCKOUT = "USER_DISABLED_BY_PERMANENT_LOCKOUT"
LOCKOUTS = ("USER_DISABLED_BY_TEMPORARY_LOCKOUT", PERMANENT_LOCKOUT)


@dataclass(frozen=True)
class LoginRecord:
    """One login (or failed login) event."""

    at: datetime
    type: str
    ip_address: str
    client_id: str
    error: str
    user_id: str = ""


class IdentityProvider(Protocol):
    """Users, sessions and clients in the identity provider. Unreachable → kit ``Unavailable``."""

    def create_user(self, user: NewUser) -> str:
        """Create an enabled user; its id. IdpConflict on a taken username/email."""

    def find_user(self, username: str) -> IdpUser | None:
        """The user with exactly this username."""

    def delete_user(self, user_id: str) -> None:
        """Remove a user (idempotent)."""

    def set_attributes(self, user_id: str, attributes: dict[str, str]) -> None:
        """Set (merge) user attributes; other attributes stay."""

    def set_enabled(self, user_id: str, enabled: bool) -> None:
        """Enable or disable logins."""

    def set_email(self, user_id: str, email: str) -> None:
        """Change the login's email (verified by us). IdpConflict("email") when taken."""

    def logout(self, user_id: str) -> None:
        """End every session of the user."""

    def recent_logins(self, user_id: str, limit: int) -> list[LoginRecord]:
        """Newest first."""

    def realm_logins(self, limit: int, since: datetime | None = None) -> list[LoginRecord]:
        """The realm's successful LOGIN events (any user), oldest first: the first ``limit``
        at or after ``since`` (None: the newest ``limit``). The store filters by time, so a
        poll costs what is new, not the whole event history; a reader that moves ``since`` to
        the last event it read pages through a burst without skipping any."""

    def lockouts(self, limit: int, since: datetime | None = None) -> list[LoginRecord]:
        """The realm's brute-force lockouts (``USER_DISABLED_BY_*_LOCKOUT``), oldest first,
        as ``realm_logins`` chooses them."""

    def create_service_client(self, client_id: str, department: str, description: str) -> str:
        """A client-credentials client whose tokens carry ``department``; its internal id."""

    def client_secret(self, client_uuid: str) -> str:
        """The client's current secret."""

    def rotate_client_secret(self, client_uuid: str) -> str:
        """A new secret; the old one stops working."""

    def delete_client(self, client_uuid: str) -> None:
        """Remove a client (idempotent)."""


# --- persistence ----------------------------------------------------------------------------


class PersonRepository(Protocol):
    def add(self, person: Person, /) -> None: ...
    def save(self, person: Person, /) -> None: ...
    def get(self, person_id: str, /) -> Person | None: ...
    def by_national_id(self, country: str, national_id: str, /) -> Person | None: ...
    def by_keycloak_user_id(self, user_id: str, /) -> Person | None: ...


class OrganisationRepository(Protocol):
    def add(self, organisation: Organisation, /) -> None: ...
    def get(self, organisation_id: str, /) -> Organisation | None: ...
    def by_registration_number(self, country: str, number: str, /) -> Organisation | None: ...
    def represented_by(self, person_id: str, /) -> list[Organisation]: ...


class StaffRepository(Protocol):
    def add(self, staff: Staff, /) -> None: ...
    def save(self, staff: Staff, /) -> None: ...
    def get(self, staff_id: str, /) -> Staff | None: ...
    def by_keycloak_user_id(self, user_id: str, /) -> Staff | None: ...
    def by_username(self, username: str, /) -> Staff | None: ...


class ServiceAccountRepository(Protocol):
    def add(self, account: ServiceAccount, /) -> None: ...
    def save(self, account: ServiceAccount, /) -> None: ...
    def get(self, account_id: str, /) -> ServiceAccount | None: ...
    def by_client_id(self, client_id: str, /) -> ServiceAccount | None: ...


class MandateRepository(Protocol):
    def add(self, mandate: Mandate, /) -> None: ...
    def save(self, mandate: Mandate, /) -> None: ...
    def get(self, mandate_id: str, /) -> Mandate | None: ...
    def between(self, mandator_id: str, mandatee_person_id: str, /) -> list[Mandate]: ...
    def granted_by(self, mandator_ids: list[str], /) -> list[Mandate]: ...
    def received_by(self, person_id: str, /) -> list[Mandate]: ...


class ConsentRepository(Protocol):
    def add(self, consent: Consent, /) -> None: ...
    def save(self, consent: Consent, /) -> None: ...
    def get(self, consent_id: str, /) -> Consent | None: ...
    def of_person(self, person_id: str, /) -> list[Consent]: ...


class ContactChangeRepository(Protocol):
    def add(self, change: ContactChange, /) -> None: ...
    def save(self, change: ContactChange, /) -> None: ...
    def pending_of(self, person_id: str, /) -> ContactChange | None: ...


class LoginClientRepository(Protocol):
    """The (client, address) pairs each person has logged in from, and how far the watch read."""

    def known(self, person_id: str, /) -> set[tuple[str, str]]: ...
    def add(self, person_id: str, client_id: str, ip_address: str, at: datetime, /) -> None: ...
    # one cursor per watch: "keycloak" (LOGIN events), "keycloak-lockouts" (brute-force lockouts)
    def watched_until(self, source: str = "keycloak", /) -> datetime | None: ...
    def set_watched_until(self, at: datetime, source: str = "keycloak", /) -> None: ...


class AccessLogRepository(Protocol):
    def add(self, entry: AccessLogEntry, /) -> None: ...
    def of_person(self, person_id: str, limit: int, /) -> list[AccessLogEntry]: ...


class VerificationRepository(Protocol):
    def add(self, verification: Verification, /) -> None: ...
    def of_person(self, person_id: str, /) -> list[Verification]: ...


@dataclass(frozen=True)
class IdempotencyRecord:
    """The first outcome of a request made with an idempotency key."""

    request_hash: str
    result_id: str


class IdempotencyRepository(Protocol):
    def get(self, operation: str, key: str, /) -> IdempotencyRecord | None: ...
    def add(self, operation: str, key: str, record: IdempotencyRecord, /) -> None: ...


class IdentityUnitOfWork(Protocol):
    """One transaction over every repository, with events written to the outbox on commit."""

    @property
    def persons(self) -> PersonRepository: ...
    @property
    def organisations(self) -> OrganisationRepository: ...
    @property
    def staff(self) -> StaffRepository: ...
    @property
    def service_accounts(self) -> ServiceAccountRepository: ...
    @property
    def mandates(self) -> MandateRepository: ...
    @property
    def consents(self) -> ConsentRepository: ...
    @property
    def contact_changes(self) -> ContactChangeRepository: ...
    @property
    def login_clients(self) -> LoginClientRepository: ...
    @property
    def access_log(self) -> AccessLogRepository: ...
    @property
    def verifications(self) -> VerificationRepository: ...
    @property
    def idempotency(self) -> IdempotencyRepository: ...

    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def lock(self, key: str) -> None:
        """Serialise work on ``key`` (across processes) until this transaction ends."""

    def emit(self, event: PendingEvent) -> None: ...
    def commit(self) -> None: ...


@dataclass(frozen=True)
class Services:
    """Everything a handler depends on."""

    uow: Callable[[], IdentityUnitOfWork]
    idp: IdentityProvider
    clock: Callable[[], datetime]
    new_id: Callable[[], str]
    validators: ValidatorRegistry
