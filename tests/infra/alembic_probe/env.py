"""A minimal Alembic environment used to prove migrations run against the real PostgreSQL."""

from alembic import context
from sqlalchemy import create_engine, text

config = context.config
SCHEMA = config.attributes.get("schema", "infra_probe")

engine = create_engine(config.get_main_option("sqlalchemy.url"))
with engine.begin() as conn:
    conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"'))
    context.configure(connection=conn, version_table="alembic_version", version_table_schema=SCHEMA)
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
