"""Human-readable numbers: unique per department and year (cases) or per year (bundles)."""

from __future__ import annotations

import re

_SAFE = re.compile(r"[^a-z0-9]")


def case_number(department: str, year: int, sequence: int) -> str:
    """E.g. ``HEALTH-2027-000042``."""
    return f"{department.upper()}-{year}-{sequence:06d}"


def bundle_number(year: int, sequence: int) -> str:
    """E.g. ``OW-2027-000042``."""
    return f"OW-{year}-{sequence:06d}"


def sequence_name(department: str, year: int) -> str:
    """The database sequence numbering one department's cases of one year."""
    return f"case_no_{_SAFE.sub('_', department.lower())}_{year}"
