"""The shipped catalogue expresses the whole sample city, and a broken catalogue is refused
with every problem named by its path (so an administrator can fix it in one go)."""

import copy

import pytest
import yaml

from onewindow_cases.domain.catalogue_parser import parse_catalogue, parse_catalogue_yaml
from onewindow_cases.testing import SAMPLE_CATALOGUE
from onewindow_kit.errors import InvalidArgument, NotFound


@pytest.fixture()
def doc():
    return yaml.safe_load(SAMPLE_CATALOGUE.read_text(encoding="utf-8"))


def fields_of(exc: InvalidArgument) -> dict[str, str]:
    return {v.field: v.description for v in exc.violations}


def test_sample_catalogue_has_everything_of_the_sample_city(catalogue):
    assert len(catalogue.departments) == 8
    assert set(catalogue.offices) == {"hall-central", "hall-east", "hosp-1"}
    assert len(catalogue.service_types) == 10 and set(catalogue.bundles) == {
        "newborn", "open-a-restaurant",
    }  # fmt: skip
    assert catalogue.document_types["birth_medical_certificate"].issued_by == "health"
    marriage = catalogue.service_type("marriage-registration")
    assert (marriage.min_assurance, marriage.time_limit_days) == ("high", 1)
    assert marriage.workflow.code == "appointment"
    assert catalogue.service_type("fire-safety-inspection").allows_extension
    assert catalogue.office_serves("hall-east", "psb")
    assert not catalogue.office_serves("hall-east", "health")


def test_bundle_reuses_certificate_of_an_earlier_part_instead_of_an_upload(catalogue):
    newborn = catalogue.bundle("newborn")
    assert newborn.parts[1].satisfied_by == {
        "birth_medical_certificate": "birth-medical-certificate"
    }
    uploads = [r.document_type for r in newborn.upload_requirements]
    assert uploads == ["resident_id", "household_register"]
    restaurant = catalogue.bundle("open-a-restaurant")
    assert "business_licence" not in [r.document_type for r in restaurant.upload_requirements]


def test_bundle_has_one_form_with_every_parts_fields(catalogue):
    schema = catalogue.bundle("newborn").form_schema
    assert {"child_name", "household_number", "guardian_id_number", "holder_name"} <= set(
        schema["required"]
    )


def test_unknown_service_type_names_the_version(catalogue):
    with pytest.raises(NotFound, match="unknown service type 'passport' in catalogue version 0"):
        catalogue.service_type("passport")


def test_problems_are_reported_with_paths(doc):
    doc["service_types"][0]["department"] = "tax"
    doc["service_types"][1]["required_documents"].append("passport")
    doc["offices"][0]["departments"].append("tax")
    doc["workflows"]["standard"]["transitions"].append(
        {"from": "closed", "to": "in_review", "roles": ["wizard"]}
    )
    with pytest.raises(InvalidArgument) as exc:
        parse_catalogue(doc)
    found = fields_of(exc.value)
    assert found["service_types[0].department"] == "unknown department 'tax'"
    assert "unknown document type 'passport'" in found["service_types[1].required_documents[3]"]
    assert found["offices[0].departments[5]"] == "unknown department 'tax'"
    assert "unknown roles ['wizard']" in found["workflows.standard.transitions[11].roles"]
    assert "'closed' is final" in found["workflows.standard.transitions"]


def test_reuse_must_come_from_an_earlier_part_issuing_that_certificate(doc):
    bad = copy.deepcopy(doc)
    bad["bundles"][0]["parts"][0] = {
        "service_type": "birth-medical-certificate",
        "satisfied_by": {"resident_id": "social-security-card"},
    }
    with pytest.raises(InvalidArgument) as exc:
        parse_catalogue(bad)
    assert (
        "not an earlier part"
        in fields_of(exc.value)["bundles[0].parts[0].satisfied_by.resident_id"]
    )


def test_bundle_fields_must_mean_the_same_in_every_part(doc):
    doc["service_types"][1]["form_schema"] = {
        "type": "object",
        "properties": {"child_name": {"type": "integer"}},
        "required": ["child_name"],
    }
    with pytest.raises(InvalidArgument) as exc:
        parse_catalogue(doc)
    assert "field 'child_name' is defined differently" in fields_of(exc.value)["bundles[0].parts"]


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(InvalidArgument, match="line 2"):
        parse_catalogue_yaml("a: 1\n\tb: 2\n")


def test_calendar_ranges_expand_to_days(catalogue):
    from datetime import date

    assert date(2027, 2, 9) in catalogue.calendar.holidays
    assert date(2027, 10, 7) in catalogue.calendar.holidays
    assert date(2027, 10, 8) not in catalogue.calendar.holidays
