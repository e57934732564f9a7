"""Per-service Alembic environments: each service migrates only its own schema,
with its own version table."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text


def alembic_config(migrations_dir: Path, url: str, schema: str) -> Config:
    """An Alembic config for one service's migrations folder."""
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["schema"] = schema
    return cfg


RELEASE_FILE = "release"


def release_revision(migrations_dir: Path) -> str:
    """The revision this release migrates to: ``migrations/release`` when the service has one,
    else the head. A contract migration is committed beside its expand but applied only once a
    later release moves this pointer (two-replica rule, docs/operations.md)."""
    pointer = migrations_dir / RELEASE_FILE
    return pointer.read_text().strip() if pointer.exists() else "head"


def upgrade(migrations_dir: Path, url: str, schema: str, revision: str = "") -> None:
    """Apply the service's migrations up to ``revision`` (default: this release's revision)."""
    target = revision or release_revision(migrations_dir)
    command.upgrade(alembic_config(migrations_dir, url, schema), target)


def run_env() -> None:
    """Body of a service's ``migrations/env.py``: online migrations confined to its schema."""
    from alembic import context

    config = context.config
    schema = config.attributes["schema"]
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        # Unqualified names resolve to the service's own schema only.
        conn.execute(text(f'SET LOCAL search_path TO "{schema}"'))
        context.configure(
            connection=conn,
            version_table="alembic_version",
            version_table_schema=schema,
            include_schemas=False,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
