"""Expand/contract with two replicas of different releases (docs/operations.md), shown on the real
migration 0004/0005 (verification records keep the document number masked): after the expand
step the previous release's INSERT and SELECT still work beside this release's repository, and
what the old replica writes is masked too; the contract step is what the old code cannot run
against — which is why it ships a release later. Runs in its own database
(ow_identity_migrations), so the service's test database is never taken back in time."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.orm import Session

from onewindow_identity import bootstrap
from onewindow_identity.adapters.repositories import VerificationRepository
from onewindow_identity.domain.assurance import Verification, mask_document_number
from onewindow_kit.migrations import release_revision, upgrade
from onewindow_kit.settings import load_common

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[4]
DB = "ow_identity_migrations"
NUMBER = "310104199001011234"

# The previous release's mapping of the table (before 0004), as its replicas still send it.
OLD = sa.Table(
    "verifications",
    sa.MetaData(schema="identity"),
    *(sa.Column(n, sa.Uuid(as_uuid=False)) for n in ("id", "person_id")),
    *(sa.Column(n, sa.Text) for n in ("purpose", "level", "method")),
    *(sa.Column(n, sa.Text) for n in ("document_type", "document_number", "office")),
    *(sa.Column(n, sa.Text) for n in ("clerk_subject", "clerk_username", "clerk_department")),
    sa.Column("verified_at", sa.DateTime(timezone=True)),
)


@pytest.fixture()
def database() -> Iterator[tuple[Engine, str]]:
    subprocess.run(
        ["bash", str(ROOT / "infra/postgres.sh"), "database", DB, "ow_identity"],
        check=True,
        capture_output=True,
    )
    url = load_common("identity", {"ONEWINDOW_IDENTITY_DB_NAME": DB}).database_url
    engine = create_engine(url)
    with engine.begin() as conn:  # a fresh start: the schema as the previous release left it
        conn.execute(text("DROP SCHEMA IF EXISTS identity CASCADE"))
    upgrade(bootstrap.MIGRATIONS_DIR, url, "identity", "0003")
    yield engine, url
    engine.dispose()


def _person(engine: Engine) -> str:
    person = str(uuid.uuid4())
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO identity.persons VALUES (:id, 'CN', :n, 'Li', 'Na', :dob, '', '', :u,"
                " :k, 'low', now(), NULL)"
            ),
            {"id": person, "n": NUMBER, "dob": date(1990, 1, 1), "u": person, "k": person},
        )
    return person


def _old_insert(engine: Engine, person: str) -> str:
    """What a replica of the previous release does when a clerk verifies someone."""
    ident = str(uuid.uuid4())
    row = dict(
        id=ident, person_id=person, purpose="upgrade", level="high",
        method="document_chip_read", document_type="resident_id", document_number=NUMBER,
        office="hall-east", clerk_subject="c", clerk_username="clerk", clerk_department="",
        verified_at=datetime.now(UTC),
    )  # fmt: skip
    with engine.begin() as conn:
        conn.execute(OLD.insert().values(**row))
    return ident


def _old_select(engine: Engine, person: str) -> list[sa.Row]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(OLD).where(OLD.c.person_id == person)))


def _new_add_and_list(engine: Engine, person: str) -> list[Verification]:
    """What a replica of this release does: the real repository, writing and reading."""
    check = Verification(
        id=str(uuid.uuid4()), person_id=person, purpose="unlock", level="high",
        method="document_inspection", document_type="resident_id",
        document_number_masked=mask_document_number(NUMBER), office="hall-west",
        clerk_subject="c2", clerk_username="clerk2", clerk_department="",
        verified_at=datetime.now(UTC),
    )  # fmt: skip
    with Session(engine) as session, session.begin():
        repository = VerificationRepository(session)
        repository.add(check)
        return repository.of_person(person)


def _stored_numbers(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT t::text FROM identity.verifications t"))]


def test_the_old_and_the_new_release_run_side_by_side_on_the_expanded_schema(database):
    engine, url = database
    person = _person(engine)
    before = _old_insert(engine, person)  # written before the deploy

    upgrade(bootstrap.MIGRATIONS_DIR, url, "identity", "0004")  # EXPAND (backfills)

    during = _old_insert(engine, person)  # an old replica still running during the rollout
    assert {r.id for r in _old_select(engine, person)} == {before, during}  # its reads work too
    checks = _new_add_and_list(engine, person)  # a new replica beside it
    assert len(checks) == 3
    assert {c.document_number_masked for c in checks} == {"**************1234"}
    assert not any(NUMBER in row for row in _stored_numbers(engine))  # no full number kept

    upgrade(bootstrap.MIGRATIONS_DIR, url, "identity", "0005")  # CONTRACT, a release later

    assert len(_new_add_and_list(engine, person)) == 4
    with pytest.raises(ProgrammingError, match="document_number"):
        _old_insert(engine, person)  # why the contract never ships with its expand


def test_this_release_migrates_to_the_expand_step_only():
    # `migrate` stops at migrations/release; the release after this one moves it to 0005
    assert release_revision(bootstrap.MIGRATIONS_DIR) == "0004"
