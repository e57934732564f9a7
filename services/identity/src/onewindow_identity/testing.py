"""Test helpers: a movable clock, valid identity numbers, principals, and a wired in-memory world
(handlers over the in-memory unit of work and the fake identity provider)."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from onewindow_identity.adapters.fake_idp import FakeIdentityProvider
from onewindow_identity.adapters.memory import MemoryUnitOfWork, Store
from onewindow_identity.domain.person import Person
from onewindow_identity.domain.validators import default_registry, mod11_2_check_char
from onewindow_identity.service_layer import commands, persons
from onewindow_identity.service_layer.ports import Services
from onewindow_kit.principal import Principal


@dataclass
class Clock:
    """A clock the test moves."""

    now: datetime = field(default_factory=lambda: datetime(2026, 6, 1, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def birth_date_of(resident_id: str) -> str:
    """The YYYY-MM-DD birth date a resident identity number encodes."""
    return f"{resident_id[6:10]}-{resident_id[10:12]}-{resident_id[12:14]}"


@dataclass
class World:
    """Everything a unit test drives and inspects."""

    store: Store
    idp: FakeIdentityProvider
    clock: Clock
    svc: Services
    fail_next_commit: list[Exception] = field(default_factory=list)
    _keys: itertools.count = field(default_factory=itertools.count)
    _resident_ids: itertools.count = field(default_factory=itertools.count)

    def resident_id(self, born: str = "19900307") -> str:
        """A valid resident identity number no other call in this world has returned.

        A counter fills the three sequence digits and the four region digits after Beijing's
        province code (distinct for ten million calls); three random sequence digits once gave
        two people of one world the same number and failed a CI run.
        """
        region, sequence = divmod(next(self._resident_ids) % 10_000_000, 1000)
        first17 = f"11{region:04d}{born}{sequence:03d}"
        return first17 + mod11_2_check_char(first17)

    def key(self) -> str:
        return f"key-{next(self._keys):06d}-{uuid.uuid4().hex[:8]}"

    def register(self, *, by: Principal | None = None, **overrides: str) -> Person:
        """Register a person with valid defaults."""
        return persons.register_person(
            self.register_cmd(**overrides), svc=self.svc, actor=by or GATEWAY
        )

    def register_cmd(self, **overrides: str) -> commands.RegisterPerson:
        n = next(self._keys)
        values = {
            "idempotency_key": self.key(),
            "country": "CN",
            "national_id": self.resident_id(),
            "family_name": "Wang",
            "given_name": f"Fang{n}",
            "date_of_birth": "1990-03-07",
            "email": f"fang{n}.{uuid.uuid4().hex[:6]}@example.cn",
            "phone": "",
            "password": "correct horse battery",
        }
        values.update(overrides)
        return commands.RegisterPerson(**values)

    def citizen(self, person: Person, **extra: Any) -> Principal:
        """The principal Keycloak would give this person."""
        return Principal(
            subject=person.keycloak_user_id,
            roles=frozenset({"citizen"}),
            person_id=person.id,
            assurance_level=person.assurance_level,
            username=person.username,
            **extra,
        )


GATEWAY = Principal(
    subject="sa-gateway",
    roles=frozenset({"gateway"}),
    client_id="onewindow-gateway",
    username="service-account-onewindow-gateway",
)


def staff_principal(
    *roles: str, department: str = "civil", office: str = "hall-central"
) -> Principal:
    """A staff member's principal."""
    return Principal(
        subject=f"staff-{uuid.uuid4().hex[:8]}",
        roles=frozenset(roles),
        department=department,
        office=office,
        username=f"{roles[0]}-{department}",
    )


class FlakyUnitOfWork(MemoryUnitOfWork):
    """Fails the commit when the world says so (a database failure after Keycloak succeeded)."""

    def __init__(self, store: Store, world_failures: list[Exception]) -> None:
        super().__init__(store)
        self._failures = world_failures

    def commit(self) -> None:
        if self._failures:
            raise self._failures.pop()
        super().commit()


def memory_world() -> World:
    """Handlers over a fresh in-memory store and fake identity provider."""
    store = Store()
    idp = FakeIdentityProvider()
    clock = Clock()
    failures: list[Exception] = []
    svc = Services(
        uow=lambda: FlakyUnitOfWork(store, failures),
        idp=idp,
        clock=clock,
        new_id=lambda: str(uuid.uuid4()),
        validators=default_registry(),
    )
    return World(store=store, idp=idp, clock=clock, svc=svc, fail_next_commit=failures)
