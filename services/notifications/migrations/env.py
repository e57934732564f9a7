"""Alembic environment of the notifications service: its own schema and version table only."""

from onewindow_kit.migrations import run_env

run_env()
