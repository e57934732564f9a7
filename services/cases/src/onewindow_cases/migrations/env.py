"""Alembic environment of the cases service: only the `cases` schema, its own version table."""

from onewindow_kit.migrations import run_env

run_env()
