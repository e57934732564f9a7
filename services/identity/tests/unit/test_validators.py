"""National identity numbers and company codes are checked as the national standards say."""

from datetime import date

import pytest

from onewindow_identity.domain.validators import (
    CnResidentIdValidator,
    CnUnifiedSocialCreditCodeValidator,
    default_registry,
)

TODAY = date(2026, 6, 1)
RID = CnResidentIdValidator()
USCC = CnUnifiedSocialCreditCodeValidator()


def test_the_standard_example_resident_id_is_valid() -> None:
    # The worked example of GB 11643-1999.
    assert RID.problem("11010519491231002X", today=TODAY) is None


def test_a_check_digit_that_is_right_but_for_an_1880_birth_is_refused() -> None:
    # 440524188001010014 is the standard's other example: a valid check digit, but nobody
    # born in 1880 registers today.
    assert RID.problem("440524188001010014", today=TODAY) == "birth date 1880-01-01 is out of range"


def test_lower_case_x_is_accepted_as_the_check_character() -> None:
    assert RID.normalise(" 11010519491231002x ") == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("110105194912310021", "check digit is 1, expected X (ISO 7064 MOD 11-2)"),
        ("11010519491231002", "must be 18 characters, got 17"),
        ("1101051949123100AX", "must be 17 digits followed by a digit or X"),
        ("991105194912310021", "region code 991105 is not a known province"),
        ("110105194902300021", "birth date 19490230 is not a calendar date"),
        ("110105203001010021", "birth date 2030-01-01 is out of range"),
    ],
)
def test_bad_resident_ids_say_what_is_wrong(number: str, reason: str) -> None:
    assert RID.problem(number, today=TODAY) == reason


def test_the_birth_date_is_read_from_the_number() -> None:
    assert RID.birth_date("11010519491231002X") == date(1949, 12, 31)


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L"])
def test_published_credit_codes_are_valid(code: str) -> None:
    assert USCC.problem(code, today=TODAY) is None


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91350100M000100Y44", "check character is 4, expected 3"),
        ("91350100M000100YI3", "contains characters outside the code alphabet: I"),
        ("91350100M000100Y4", "must be 18 characters, got 17"),
        ("B1350100M000100Y43", "registration authority code B is not assigned"),
        ("913501A0M000100Y43", "characters 3-8 must be the administrative division code (digits)"),
    ],
)
def test_bad_credit_codes_say_what_is_wrong(code: str, reason: str) -> None:
    assert USCC.problem(code, today=TODAY) == reason


def test_a_country_plugs_in_its_own_validator() -> None:
    class FourDigits:
        def normalise(self, raw: str) -> str:
            return raw.strip()

        def problem(self, value: str, *, today: date) -> str | None:
            return None if len(value) == 4 and value.isdigit() else "must be 4 digits"

        def birth_date(self, value: str) -> date | None:
            return None

    registry = default_registry()
    registry.register("ZZ", national_id=FourDigits())
    assert registry.national_ids["ZZ"].problem("12a4", today=TODAY) == "must be 4 digits"
    assert "CN" in registry.national_ids
