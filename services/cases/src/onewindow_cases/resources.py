"""Data shipped inside the package (the reference catalogue, the migrations), found through
importlib.resources so an installed (not editable) package finds them too."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _shipped(*parts: str) -> Path:
    # Packages are installed as directories on disk (never zipped: see pyproject), so the
    # resource is a real path that Alembic and open() can use.
    return Path(str(files("onewindow_cases").joinpath(*parts)))


def shipped_catalogue() -> Path:
    """The reference catalogue (published on first start unless configured otherwise)."""
    return _shipped("catalogue", "catalogue.yaml")


def migrations_dir() -> Path:
    """The Alembic migrations of the cases schema."""
    return _shipped("migrations")
