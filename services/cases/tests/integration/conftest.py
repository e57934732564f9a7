"""Integration fixtures: the real PostgreSQL test database (ow_cases_test), migrated once; every
test starts from empty tables with the sample catalogue published and documents in a fake
documents service."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, select, text

sys.path.insert(0, str(Path(__file__).parent))
from cases_support import run

from onewindow.events.v1 import envelope_pb2
from onewindow_cases.adapters.memory import FixedClock, InMemoryDocuments
from onewindow_cases.adapters.memory_offers import InMemoryPersons
from onewindow_cases.adapters.tables import SCHEMA, metadata
from onewindow_cases.bootstrap import build_offer_services, build_services
from onewindow_cases.config import load_settings
from onewindow_cases.domain.documents import DocumentInfo
from onewindow_cases.service_layer.catalogue import seed_catalogue
from onewindow_cases.service_layer.offer_ports import OfferServices
from onewindow_cases.service_layer.ports import Services
from onewindow_cases.testing import ID_A, MIGRATIONS, SAMPLE_CATALOGUE, staff
from onewindow_kit.db import make_engine
from onewindow_kit.migrations import upgrade
from onewindow_kit.outbox import outbox_table
from onewindow_kit.settings import load_common

MONDAY = date(2027, 3, 1)
TABLES = [t.name for t in metadata.sorted_tables] + ["outbox", "processed_events"]


@pytest.fixture(scope="session")
def engine() -> Iterator[Engine]:
    settings = load_common("cases", test=True)
    upgrade(MIGRATIONS, settings.database_url, SCHEMA)
    eng = make_engine(settings.database_url, pool_size=12)
    yield eng
    eng.dispose()


@pytest.fixture()
def documents() -> InMemoryDocuments:
    store = InMemoryDocuments()
    for person in ("P-1", "P-2"):
        for doc_type in (
            "resident_id", "household_register", "lease_contract", "floor_plan",
            "signboard_design", "birth_medical_certificate",
        ):  # fmt: skip
            store.add(DocumentInfo(f"{person}-{doc_type}", person, doc_type))
    return store


@pytest.fixture()
def clock() -> FixedClock:
    return FixedClock(datetime(2027, 3, 1, 1, 0, tzinfo=UTC), MONDAY)


@pytest.fixture()
def deps(engine: Engine, documents: InMemoryDocuments, clock: FixedClock) -> Iterator[Services]:
    with engine.begin() as conn:
        names = ", ".join(f'"{SCHEMA}"."{t}"' for t in TABLES)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    d = build_services(engine, load_settings({}), documents=documents, clock=clock)
    admin = staff("", "", "dept_admin", subject="admin-1")
    seed_catalogue(d, admin, SAMPLE_CATALOGUE.read_text(encoding="utf-8"), "sample")
    writer = d.writer
    yield d
    run(writer.close())


class Outbox:
    """What the service wrote to its outbox (the events the relay will publish)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.table = outbox_table(MetaData(), SCHEMA)

    def envelopes(self) -> list[envelope_pb2.EventEnvelope]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(self.table.c.envelope).order_by(self.table.c.id)).scalars()
            out = []
            for raw in rows:
                env = envelope_pb2.EventEnvelope()
                env.ParseFromString(raw)
                out.append(env)
            return out

    def names(self, subject: str | None = None) -> list[str]:
        return [
            e.type.split(".")[2]
            for e in self.envelopes()
            if subject is None or e.subject == subject
        ]

    def payloads(self, name: str, message_class):
        out = []
        for env in self.envelopes():
            if env.type == f"onewindow.cases.{name}.v1":
                msg = message_class()
                env.payload.Unpack(msg)
                out.append(msg)
        return out


@pytest.fixture()
def offer_deps(deps: Services, engine: Engine) -> OfferServices:
    """The offer handlers' services on the same database (P-1's person record in a fake)."""
    with engine.begin() as conn:
        conn.execute(text(f'TRUNCATE "{SCHEMA}".offers'))
    persons = InMemoryPersons({"P-1": {"national_id": ID_A, "family_name": "Li"}})
    return build_offer_services(engine, load_settings({}), deps, persons)


@pytest.fixture()
def outbox(engine: Engine, deps: Services) -> Outbox:
    return Outbox(engine)


def count_rows(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f'SELECT count(*) FROM "{SCHEMA}"."{table}"')).scalar_one())


@pytest.fixture()
def rows(engine: Engine):
    return lambda table: count_rows(engine, table)
