"""Problem collection while a catalogue document is parsed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from onewindow_cases.domain.catalogue import Text
from onewindow_kit.errors import FieldViolation

CODE = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")


class Problems:
    """Collects violations while a catalogue is parsed."""

    def __init__(self) -> None:
        self.violations: list[FieldViolation] = []

    def add(self, path: str, why: str) -> None:
        """Record one problem."""
        self.violations.append(FieldViolation(path, why))

    def expect(self, ok: bool, path: str, why: str) -> None:
        """Record a problem unless ``ok``."""
        if not ok:
            self.add(path, why)

    def code(self, value: Any, path: str, seen: set[str] | None = None) -> str:
        """A well-formed, unique code (or '' after recording the problem)."""
        if not isinstance(value, str) or not CODE.match(value):
            self.add(path, "must be a lower-case code (letters, digits, '-', '_')")
            return ""
        if seen is not None:
            if value in seen:
                self.add(path, f"duplicate code {value!r}")
            seen.add(value)
        return value

    def text(self, value: Any, path: str) -> Text:
        """Names per language, e.g. {en: ..., zh: ...}."""
        if not isinstance(value, Mapping) or not value:
            self.add(path, "must map language codes to text, e.g. {en: ..., zh: ...}")
            return {}
        if not all(isinstance(v, str) and v for v in value.values()):
            self.add(path, "every language needs a non-empty text")
        return {str(k): str(v) for k, v in value.items()}

    def items(self, doc: Mapping[str, Any], key: str) -> list[tuple[str, Mapping[str, Any]]]:
        """The list under ``key`` as (path, mapping) pairs."""
        value = doc.get(key, [])
        if not isinstance(value, list):
            self.add(key, "must be a list")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                out.append((f"{key}[{i}]", item))
            else:
                self.add(f"{key}[{i}]", "must be a mapping")
        return out
