"""In-memory unit of work for unit tests: same interface, all-or-nothing commits, no database."""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Self

from onewindow_identity.domain.access import AccessLogEntry
from onewindow_identity.domain.assurance import Verification
from onewindow_identity.domain.consent import Consent
from onewindow_identity.domain.contact_change import ContactChange
from onewindow_identity.domain.mandate import Mandate
from onewindow_identity.domain.organisation import Organisation
from onewindow_identity.domain.person import Person
from onewindow_identity.domain.staff import ServiceAccount, Staff
from onewindow_identity.service_layer.ports import IdempotencyRecord
from onewindow_kit.outbox import PendingEvent


@dataclass
class Store:
    """Committed state."""

    persons: dict[str, Person] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    staff: dict[str, Staff] = field(default_factory=dict)
    service_accounts: dict[str, ServiceAccount] = field(default_factory=dict)
    mandates: dict[str, Mandate] = field(default_factory=dict)
    consents: dict[str, Consent] = field(default_factory=dict)
    contact_changes: dict[str, ContactChange] = field(default_factory=dict)
    login_clients: dict[tuple[str, str, str], datetime] = field(default_factory=dict)
    login_watch: dict[str, datetime] = field(default_factory=dict)
    verifications: dict[str, Verification] = field(default_factory=dict)
    access_log: list[AccessLogEntry] = field(default_factory=list)
    idempotency: dict[tuple[str, str], IdempotencyRecord] = field(default_factory=dict)
    events: list[PendingEvent] = field(default_factory=list)


class _Repo:
    def __init__(self, items: dict[str, Any], unique: tuple[str, ...] = ()) -> None:
        self.items = items
        self.unique = unique

    def add(self, obj: Any) -> None:
        if obj.id in self.items:
            raise ValueError(f"duplicate id {obj.id}")
        for name in self.unique:
            if any(getattr(o, name) == getattr(obj, name) for o in self.items.values()):
                raise ValueError(f"duplicate {name}")
        self.items[obj.id] = obj

    def save(self, obj: Any) -> None:
        self.items[obj.id] = obj

    def get(self, ident: str) -> Any:
        return self.items.get(ident)

    def where(self, **match: Any) -> list[Any]:
        return [o for o in self.items.values() if all(getattr(o, k) == v for k, v in match.items())]

    def first(self, **match: Any) -> Any:
        found = self.where(**match)
        return found[0] if found else None


class _Persons(_Repo):
    def by_national_id(self, country: str, national_id: str) -> Person | None:
        return self.first(country=country, national_id=national_id)

    def by_keycloak_user_id(self, user_id: str) -> Person | None:
        return self.first(keycloak_user_id=user_id)


class _Organisations(_Repo):
    def by_registration_number(self, country: str, number: str) -> Organisation | None:
        return self.first(country=country, registration_number=number)

    def represented_by(self, person_id: str) -> list[Organisation]:
        return self.where(legal_representative_person_id=person_id)


class _Staff(_Repo):
    def by_keycloak_user_id(self, user_id: str) -> Staff | None:
        return self.first(keycloak_user_id=user_id)

    def by_username(self, username: str) -> Staff | None:
        return self.first(username=username)


class _ServiceAccounts(_Repo):
    def by_client_id(self, client_id: str) -> ServiceAccount | None:
        return self.first(client_id=client_id)


def _newest(items: list[Any], attr: str) -> list[Any]:
    return sorted(items, key=lambda o: getattr(o, attr), reverse=True)


class _Mandates(_Repo):
    def between(self, mandator_id: str, mandatee_person_id: str) -> list[Mandate]:
        found = self.where(mandator_id=mandator_id, mandatee_person_id=mandatee_person_id)
        return _newest(found, "granted_at")

    def granted_by(self, mandator_ids: list[str]) -> list[Mandate]:
        found = [m for m in self.items.values() if m.mandator_id in mandator_ids]
        return _newest(found, "granted_at")

    def received_by(self, person_id: str) -> list[Mandate]:
        return _newest(self.where(mandatee_person_id=person_id), "granted_at")


class _Consents(_Repo):
    def of_person(self, person_id: str) -> list[Consent]:
        return _newest(self.where(person_id=person_id), "granted_at")


class _ContactChanges(_Repo):
    def pending_of(self, person_id: str) -> ContactChange | None:
        return self.first(person_id=person_id, status="pending")


class _LoginClients:
    def __init__(self, pairs: dict[tuple[str, str, str], datetime], watch: dict[str, datetime]):
        self.pairs = pairs
        self.watch = watch

    def known(self, person_id: str) -> set[tuple[str, str]]:
        return {(c, ip) for p, c, ip in self.pairs if p == person_id}

    def add(self, person_id: str, client_id: str, ip_address: str, at: datetime) -> None:
        self.pairs.setdefault((person_id, client_id, ip_address), at)

    def watched_until(self, source: str = "keycloak") -> datetime | None:
        return self.watch.get(source)

    def set_watched_until(self, at: datetime, source: str = "keycloak") -> None:
        self.watch[source] = at


class _Verifications(_Repo):
    def of_person(self, person_id: str) -> list[Verification]:
        return _newest(self.where(person_id=person_id), "verified_at")


class _AccessLog:
    def __init__(self, entries: list[AccessLogEntry]) -> None:
        self.entries = entries

    def add(self, entry: AccessLogEntry) -> None:
        self.entries.append(entry)

    def of_person(self, person_id: str, limit: int) -> list[AccessLogEntry]:
        return [e for e in reversed(self.entries) if e.person_id == person_id][:limit]


class _Idempotency:
    def __init__(self, items: dict[tuple[str, str], IdempotencyRecord]) -> None:
        self.items = items

    def get(self, operation: str, key: str) -> IdempotencyRecord | None:
        return self.items.get((operation, key))

    def add(self, operation: str, key: str, record: IdempotencyRecord) -> None:
        if (operation, key) in self.items:
            raise ValueError("duplicate idempotency key")
        self.items[(operation, key)] = record


class MemoryUnitOfWork:
    """Works on a copy of the store; ``commit`` publishes the copy and the events at once."""

    _global_lock = threading.RLock()

    def __init__(self, store: Store, *, fail_commit: Exception | None = None) -> None:
        self.store = store
        self.fail_commit = fail_commit
        self._pending: list[PendingEvent] = []

    def __enter__(self) -> Self:
        self._work = copy.copy(self.store)
        for name in ("persons", "organisations", "staff", "service_accounts", "mandates"):
            setattr(self._work, name, dict(getattr(self.store, name)))
        for name in ("consents", "verifications", "idempotency", "contact_changes"):
            setattr(self._work, name, dict(getattr(self.store, name)))
        for name in ("login_clients", "login_watch"):
            setattr(self._work, name, dict(getattr(self.store, name)))
        self._work.access_log = list(self.store.access_log)
        w = self._work
        self.persons = _Persons(w.persons, unique=("username", "keycloak_user_id"))
        self.organisations = _Organisations(w.organisations)
        self.staff = _Staff(w.staff, unique=("username",))
        self.service_accounts = _ServiceAccounts(w.service_accounts, unique=("client_id",))
        self.mandates = _Mandates(w.mandates)
        self.consents = _Consents(w.consents)
        self.contact_changes = _ContactChanges(w.contact_changes)
        self.login_clients = _LoginClients(w.login_clients, w.login_watch)
        self.verifications = _Verifications(w.verifications)
        self.access_log = _AccessLog(w.access_log)
        self.idempotency = _Idempotency(w.idempotency)
        self._pending = []
        return self

    def __exit__(self, *exc: object) -> None:
        self._pending = []

    def lock(self, key: str) -> None:
        """No concurrency in unit tests."""

    def emit(self, event: PendingEvent) -> None:
        self._pending.append(event)

    def commit(self) -> None:
        if self.fail_commit is not None:
            raise self.fail_commit
        with self._global_lock:
            for name in vars(self._work):
                if name != "events":
                    setattr(self.store, name, getattr(self._work, name))
            self.store.events.extend(self._pending)
        self._pending = []
