"""Repositories that map ORM rows to frozen domain dataclasses by field name."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

D = TypeVar("D")


def to_row(obj: Any, row_class: type) -> Any:
    """A row with the domain object's fields (tuples stored as arrays)."""
    values = {f.name: getattr(obj, f.name) for f in fields(obj)}
    return row_class(**{k: list(v) if isinstance(v, tuple) else v for k, v in values.items()})


def to_domain(row: Any, cls: type[D]) -> D:
    """The domain object of a row (arrays come back as tuples)."""
    values = {f.name: getattr(row, f.name) for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})


class DataclassRepository(Generic[D]):
    """Add, save and read domain objects of one table; subclasses name ``row`` and ``domain``."""

    row: type
    domain: type[D]

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, obj: D) -> None:
        """Insert (flushed so constraint violations surface inside the transaction)."""
        self.session.add(to_row(obj, self.row))
        self.session.flush()

    def save(self, obj: D) -> None:
        """Update an existing object."""
        self.session.merge(to_row(obj, self.row))
        self.session.flush()

    def _rows(self, statement: Any) -> list[D]:
        """The domain objects a select of rows returns."""
        return [to_domain(r, self.domain) for r in self.session.scalars(statement)]
