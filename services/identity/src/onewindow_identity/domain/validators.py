"""National identity numbers and company registration numbers, pluggable per country.

A country plugs in by registering a validator under its ISO 3166-1 alpha-2 code; the CN
validators implement GB 11643-1999 (resident identity number, ISO 7064 MOD 11-2 check digit)
and GB 32100-2015 (unified social credit code, MOD 31 check character).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol


class IdentifierValidator(Protocol):
    """Validates one country's identifiers of one kind."""

    def normalise(self, raw: str) -> str:
        """Canonical form (trimmed, upper case) before validation and storage."""

    def problem(self, value: str, *, today: date) -> str | None:
        """Why a normalised value is not valid, or None when it is."""

    def birth_date(self, value: str) -> date | None:
        """The date of birth the number encodes, when it encodes one."""


# --- CN resident identity number (GB 11643-1999) -------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# Province-level division codes (first two digits), GB/T 2260.
_CN_PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)


def mod11_2_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _parse_yyyymmdd(text: str) -> date | None:
    try:
        return date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


class CnResidentIdValidator:
    """18-digit resident identity number: region, birth date, sequence, MOD 11-2 check."""

    def normalise(self, raw: str) -> str:
        """Trim and upper-case (the check character may be written x)."""
        return raw.strip().upper()

    def problem(self, value: str, *, today: date) -> str | None:
        """Format, region, birth date and check digit, in that order."""
        if len(value) != 18:
            return f"must be 18 characters, got {len(value)}"
        if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
            return "must be 17 digits followed by a digit or X"
        if int(value[:2]) not in _CN_PROVINCES:
            return f"region code {value[:6]} is not a known province"
        born = _parse_yyyymmdd(value[6:14])
        if born is None:
            return f"birth date {value[6:14]} is not a calendar date"
        if born > today or born.year < 1900:
            return f"birth date {born.isoformat()} is out of range"
        expected = mod11_2_check_char(value[:17])
        if value[17] != expected:
            return f"check digit is {value[17]}, expected {expected} (ISO 7064 MOD 11-2)"
        return None

    def birth_date(self, value: str) -> date | None:
        """Digits 7-14 are YYYYMMDD."""
        return _parse_yyyymmdd(value[6:14]) if len(value) == 18 else None


# --- CN unified social credit code (GB 32100-2015) -----------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_AUTHORITIES = frozenset("123456789ANY")


def uscc_check_char(first17: str) -> str:
    """MOD 31 check character of the first 17 characters."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


class CnUnifiedSocialCreditCodeValidator:
    """18-character unified social credit code with its check character."""

    def normalise(self, raw: str) -> str:
        """Trim and upper-case."""
        return raw.strip().upper()

    def problem(self, value: str, *, today: date) -> str | None:
        """Length, alphabet, authority code, division code, check character."""
        if len(value) != 18:
            return f"must be 18 characters, got {len(value)}"
        bad = sorted({c for c in value if c not in USCC_ALPHABET})
        if bad:
            return f"contains characters outside the code alphabet: {''.join(bad)}"
        if value[0] not in _USCC_AUTHORITIES:
            return f"registration authority code {value[0]} is not assigned"
        if not value[2:8].isdigit():
            return "characters 3-8 must be the administrative division code (digits)"
        expected = uscc_check_char(value[:17])
        if value[17] != expected:
            return f"check character is {value[17]}, expected {expected}"
        return None

    def birth_date(self, value: str) -> date | None:
        """Companies have none."""
        return None


@dataclass
class ValidatorRegistry:
    """Validators per country (ISO 3166-1 alpha-2); add a country with ``register``."""

    national_ids: dict[str, IdentifierValidator] = field(default_factory=dict)
    registration_numbers: dict[str, IdentifierValidator] = field(default_factory=dict)

    def register(
        self,
        country: str,
        *,
        national_id: IdentifierValidator | None = None,
        registration_number: IdentifierValidator | None = None,
    ) -> None:
        """Plug in one country's validators."""
        if national_id is not None:
            self.national_ids[country.upper()] = national_id
        if registration_number is not None:
            self.registration_numbers[country.upper()] = registration_number


def default_registry() -> ValidatorRegistry:
    """The validators shipped with OneWindow (CN)."""
    registry = ValidatorRegistry()
    registry.register(
        "CN",
        national_id=CnResidentIdValidator(),
        registration_number=CnUnifiedSocialCreditCodeValidator(),
    )
    return registry
