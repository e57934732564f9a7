"""Offer rules: parsed and validated with the catalogue (problems named by path), eligibility
conditions, and what a rule pre-fills."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from onewindow_cases.domain.catalogue_parser import parse_catalogue
from onewindow_cases.domain.offer_rules import Condition, prefill
from onewindow_cases.testing import SAMPLE_CATALOGUE
from onewindow_kit.errors import InvalidArgument

TODAY = date(2027, 3, 1)


def doc_with(*rules: dict) -> dict:
    doc = yaml.safe_load(SAMPLE_CATALOGUE.read_text(encoding="utf-8"))
    doc["offer_rules"] = list(rules)
    return doc


def problems(*rules: dict) -> dict[str, str]:
    with pytest.raises(InvalidArgument) as refused:
        parse_catalogue(doc_with(*rules))
    return {v.field: v.description for v in refused.value.violations}


RULE = {
    "code": "after-marriage",
    "title": {"en": "Get a household register"},
    "when": {"event": "case_decided", "service_type": "marriage-registration",
             "outcome": "approved"},
    "eligible": [{"fact": "case.form.appointment_date", "within_days": 30}],
    "offer": {"service_type": "social-security-card"},
    "prefill": {"holder_name": "person.full_name", "holder_id_number": "person.national_id"},
    "documents": {"household_register": "wallet.household_register"},
    "expires_after_days": 30,
}  # fmt: skip


def test_the_shipped_catalogue_offers_the_three_newborn_services_after_a_birth_certificate(
    catalogue,
):
    rules = catalogue.offer_rules
    assert {r.service_type for r in rules.values()} == {
        "newborn-household-registration", "newborn-medical-insurance", "social-security-card"
    }  # fmt: skip
    for rule in rules.values():
        assert rule.event == "certificate_issued"
        assert dict(rule.match) == {"certificate_type": "birth_medical_certificate"}
        # outside the "having a baby" bundle only: the bundle files these parts itself
        assert Condition("event.bundle_id", "equals", "") in rule.eligible


def test_a_rule_is_parsed_with_its_trigger_conditions_and_maps():
    rule = parse_catalogue(doc_with(RULE)).offer_rules["after-marriage"]
    assert (rule.event, rule.service_type, rule.expires_after_days) == (
        "case_decided", "social-security-card", 30)  # fmt: skip
    assert rule.triggered_by("case_decided", {"service_type": "marriage-registration",
                                              "outcome": "approved"})  # fmt: skip
    assert not rule.triggered_by("case_decided", {"service_type": "marriage-registration",
                                                  "outcome": "rejected"})  # fmt: skip
    assert not rule.triggered_by("certificate_issued", {"service_type": "marriage-registration"})


def test_every_problem_of_a_rule_is_named_by_its_path():
    bad = {
        "code": "Bad Code", "title": {"en": "x"},
        "when": {"event": "case_decided", "colour": "blue"},
        "eligible": [{"fact": "person.national_id", "present": True},
                     {"fact": "case.form.x", "bigger_than": 3},
                     {"fact": "event.nothing", "equals": ""}],
        "offer": {"service_type": "no-such-service"},
        "expires_after_days": 0,
    }  # fmt: skip
    found = problems(bad)
    assert set(found) >= {
        "offer_rules[0].code", "offer_rules[0].when.colour", "offer_rules[0].eligible[0].fact",
        "offer_rules[0].eligible[1]", "offer_rules[0].eligible[2].fact",
        "offer_rules[0].offer.service_type", "offer_rules[0].expires_after_days",
    }  # fmt: skip
    # the person record is read only with the confirming caller's token: not a condition
    assert "'person' is not one of event, case, wallet" in found["offer_rules[0].eligible[0].fact"]


def test_prefill_and_documents_must_fit_what_is_offered():
    bad = {**RULE, "prefill": {"child_name": "case.form.child_name",
                               "holder_name": "person.shoe_size"},
           "documents": {"resident_id": "wallet.resident_id",
                         "household_register": "person.national_id"}}  # fmt: skip
    found = problems(bad)
    assert "is not a form field" in found["offer_rules[0].prefill.child_name"]
    assert "no field 'shoe_size'" in found["offer_rules[0].prefill.holder_name"]
    assert "is not a required document type" in found["offer_rules[0].documents.resident_id"]
    assert "'person' is not one of" in found["offer_rules[0].documents.household_register"]


def test_one_target_and_unique_codes():
    both = {**RULE, "offer": {"service_type": "social-security-card", "bundle": "newborn"}}
    assert "offer_rules[0].offer" in problems(both)
    assert "offer_rules[1].code" in problems(RULE, RULE)
    unknown = {**RULE, "when": {"event": "case_closed"}}
    assert "offer_rules[0].when.event" in problems(unknown)


@pytest.mark.parametrize(
    ("condition", "facts", "holds"),
    [
        (Condition("event.bundle_id", "equals", ""), {"event.bundle_id": ""}, True),
        (Condition("event.bundle_id", "equals", ""), {"event.bundle_id": "b-1"}, False),
        (Condition("event.bundle_id", "equals", ""), {}, True),  # absent reads as empty
        (Condition("case.responsible_department", "in", ["psb", "civil"]),
         {"case.responsible_department": "civil"}, True),
        (Condition("case.responsible_department", "in", ["psb"]),
         {"case.responsible_department": "health"}, False),
        (Condition("case.form.father_id_number", "present", True), {}, False),
        (Condition("case.form.father_id_number", "present", False), {}, True),
        (Condition("event.outcome", "not_equals", "rejected"), {"event.outcome": "approved"}, True),
        (Condition("wallet", "has", "household_register"),
         {"wallet": ["household_register", "resident_id"]}, True),
        (Condition("wallet", "has", "marriage_certificate"), {"wallet": ["resident_id"]}, False),
        (Condition("case.form.birth_date", "within_days", 365),
         {"case.form.birth_date": "2026-03-02"}, True),
        (Condition("case.form.birth_date", "within_days", 365),
         {"case.form.birth_date": "2026-02-28"}, False),  # older than a year
        (Condition("case.form.birth_date", "within_days", 365),
         {"case.form.birth_date": "2027-03-02"}, False),  # in the future
        (Condition("case.form.birth_date", "within_days", 365),
         {"case.form.birth_date": "soon"}, False),
    ],
)  # fmt: skip
def test_conditions(condition, facts, holds):
    assert condition.holds(facts, TODAY) is holds


def test_prefill_fills_what_the_facts_know_and_lists_the_rest(catalogue):
    rule = catalogue.offer_rules["newborn-medical-insurance-offer"]
    st = catalogue.service_type(rule.service_type)
    facts = {"case.form.child_name": "Li Xiaoming", "case.form.birth_date": "2027-02-20",
             "event.document_id": "doc-9"}  # fmt: skip
    filled = prefill(rule, facts, list(st.form_schema["required"]),
                     [r.document_type for r in st.required_documents])  # fmt: skip
    assert filled.form == {"child_name": "Li Xiaoming", "birth_date": "2027-02-20"}
    assert filled.person_fields == {"guardian_id_number": "person.national_id"}
    assert filled.documents == {"birth_medical_certificate": "doc-9"}
    assert (filled.missing_fields, filled.missing_documents) == ([], [])

    household = catalogue.offer_rules["newborn-household-registration-offer"]
    st = catalogue.service_type(household.service_type)
    filled = prefill(household, {**facts, "wallet.resident_id": "doc-1"},
                     list(st.form_schema["required"]),
                     [r.document_type for r in st.required_documents])  # fmt: skip
    assert filled.missing_fields == ["household_number"]
    assert filled.missing_documents == ["household_register"]
    assert filled.documents == {"birth_medical_certificate": "doc-9", "resident_id": "doc-1"}
