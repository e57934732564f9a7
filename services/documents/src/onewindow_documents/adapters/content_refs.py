"""Which content keys committed versions name (for the janitor), straight from the table."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Engine, select

from onewindow_documents.adapters.orm import VersionRow


def committed_keys(engine: Engine) -> Callable[[Sequence[str]], set[str]]:
    """A function: keys → those of them some committed version names."""

    def committed(keys: Sequence[str]) -> set[str]:
        with engine.connect() as conn:
            rows = conn.execute(
                select(VersionRow.content_key).where(VersionRow.content_key.in_(list(keys)))
            )
            return {row[0] for row in rows}

    return committed
