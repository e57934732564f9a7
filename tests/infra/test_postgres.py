"""The real PostgreSQL: an Alembic migration runs and a SQLAlchemy round trip reads back."""

import os
import uuid
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Integer, Text, create_engine, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

pytestmark = pytest.mark.integration
HERE = Path(__file__).parent


def _url() -> str:
    host = os.environ.get("ONEWINDOW_PG_HOST", "127.0.0.1")
    port = os.environ.get("ONEWINDOW_PG_PORT", "5432")
    return f"postgresql+psycopg://ow_kit:ow_kit@{host}:{port}/ow_kit_test"


class Base(DeclarativeBase):
    pass


class Probe(Base):
    __tablename__ = "probe"
    __table_args__ = {"schema": "infra_probe"}
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note: Mapped[str] = mapped_column(Text)


@pytest.fixture()
def migrated():
    engine = create_engine(_url())
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS infra_probe CASCADE"))
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE / "alembic_probe"))
    cfg.set_main_option("sqlalchemy.url", _url())
    command.upgrade(cfg, "head")
    yield engine
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS infra_probe CASCADE"))
    engine.dispose()


def test_migration_creates_table_and_records_version(migrated):
    with migrated.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM infra_probe.alembic_version")).scalar()
        columns = conn.execute(
            text(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema='infra_probe' AND table_name='probe' ORDER BY column_name"
            )
        ).scalars()
        assert version == "0001"
        assert list(columns) == ["id", "note"]


def test_sqlalchemy_round_trip_reads_back_what_it_wrote(migrated):
    note = f"hello {uuid.uuid4()}"
    with Session(migrated) as session, session.begin():
        session.add(Probe(id=1, note=note))
    # A fresh session on a fresh connection: the row came from the server, not an identity map.
    with Session(migrated) as session:
        assert session.scalars(select(Probe.note).where(Probe.id == 1)).one() == note
