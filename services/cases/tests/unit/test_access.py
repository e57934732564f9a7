"""Who sees a case: the applicant or their mandated representative, the responsible department,
staff of the receiving or delivery office, clerks at offices serving the department, auditors."""

from datetime import UTC, datetime

import pytest

from onewindow_cases.domain.access import can_view
from onewindow_cases.service_layer.pages import decode, encode
from onewindow_cases.testing import citizen, staff
from onewindow_kit.errors import InvalidArgument
from onewindow_kit.principal import Principal


def test_citizens_see_their_own_and_mandated_cases_only(catalogue, new_case):
    case = new_case()
    assert can_view(citizen("P-1"), case, catalogue)
    assert can_view(citizen("P-9", acting_for="P-1"), case, catalogue)
    assert not can_view(citizen("P-2"), case, catalogue)


def test_staff_visibility_follows_department_and_offices(catalogue, new_case):
    case = new_case("birth-medical-certificate", receiving_office="", delivery_office="hall-east")
    assert can_view(staff("health", "hosp-1", "clerk"), case, catalogue)
    assert can_view(staff("psb", "hall-east", "clerk"), case, catalogue)  # delivery office
    assert not can_view(staff("psb", "hall-central", "clerk"), case, catalogue)
    auditor = Principal(subject="a", roles=frozenset({"auditor"}), department="audit")
    assert can_view(auditor, case, catalogue)


def test_page_tokens_round_trip_and_reject_other_lists():
    at = datetime(2027, 3, 1, 9, 30, tzinfo=UTC)
    token = encode("mine", at, "id-1")
    assert decode("mine", token) == (at, "id-1")

    with pytest.raises(InvalidArgument, match="page_token"):
        decode("queue", token)
