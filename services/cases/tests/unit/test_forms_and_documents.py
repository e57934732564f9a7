"""Bad forms and documents are refused with one precise violation per problem."""

from onewindow_cases.domain.catalogue import DocumentRequirement
from onewindow_cases.domain.documents import DocumentInfo, check_documents
from onewindow_cases.domain.forms import form_violations, normalise


def violations(catalogue, service_type, form):
    st = catalogue.service_type(service_type)
    return {(v.field, v.description) for v in form_violations(st.form_validator, form)}


def test_missing_required_fields_each_get_their_path(catalogue):
    found = violations(catalogue, "newborn-household-registration", {"child_name": "Li Ming"})
    assert found == {("form.birth_date", "is required"), ("form.household_number", "is required")}


def test_wrong_values_and_unknown_fields(catalogue):
    form = {
        "child_name": "Li Ming",
        "child_sex": "other",
        "birth_date": "2027-02-30",
        "birth_place": "First People's Hospital",
        "mother_id_number": "12345",
        "eye_colour": "brown",
    }
    fields = {f for f, _ in violations(catalogue, "birth-medical-certificate", form)}
    assert fields == {
        "form.child_sex", "form.birth_date", "form.mother_id_number", "form.eye_colour",
    }  # fmt: skip


def test_a_violation_never_repeats_the_value_entered(catalogue):
    form = {
        "child_name": "Li Ming", "child_sex": "unsure", "birth_date": "2026-11-20",
        "birth_place": "First People's Hospital", "mother_id_number": "31010419880101123Q",
    }  # fmt: skip
    found = dict(violations(catalogue, "birth-medical-certificate", form))
    assert set(found) == {"form.child_sex", "form.mother_id_number"}
    assert found["form.child_sex"].startswith("is not one of [")
    assert not any("unsure" in d or "31010419880101123Q" in d for d in found.values())


def test_nested_array_items_have_indexed_paths(catalogue):
    form = {
        "company_name": "Good Noodles Ltd",
        "business_scope": "catering",
        "registered_capital_cny": 100000,
        "legal_representative_id_number": "11010519491231002X",
        "address": "1 Renmin Road",
        "shareholders": [{"name": "Wang", "share_percent": 60}, {"name": "Li", "share_percent": 0}],
    }
    found = violations(catalogue, "business-registration", form)
    assert [f for f, _ in found] == ["form.shareholders[1].share_percent"]


def test_struct_numbers_become_integers():
    assert normalise({"a": 3.0, "b": [1.5, 2.0], "c": {"d": 10.0}}) == {
        "a": 3, "b": [1.5, 2], "c": {"d": 10},
    }  # fmt: skip


REQS = [
    DocumentRequirement("resident_id"),
    DocumentRequirement("business_licence", frozenset({"business_licence"})),
]


def test_documents_must_exist_belong_to_applicant_and_cover_requirements():
    found = {
        "d1": DocumentInfo("d1", "P-1", "resident_id"),
        "d2": DocumentInfo("d2", "P-2", "business_licence"),
    }
    problems, _ = check_documents(["d1", "d2", "d3"], found, REQS, "P-1")
    assert {(v.field, v.description) for v in problems} == {
        ("document_ids[1]", "document 'd2' is not owned by the applicant"),
        ("document_ids[2]", "document 'd3' not found"),
        ("document_ids", "a document of type 'business_licence' is required"),
    }


def test_issued_certificate_satisfies_its_requirement():
    found = {
        "d1": DocumentInfo("d1", "P-1", "resident_id"),
        "c1": DocumentInfo("c1", "P-1", "licence_scan", certificate_type="business_licence"),
        "x": DocumentInfo("x", "P-1", "floor_plan"),
    }
    problems, matched = check_documents(["d1", "c1", "x"], found, REQS, "P-1")
    assert problems == []
    assert [(m.document_type, m.document_id) for m in matched] == [
        ("resident_id", "d1"), ("business_licence", "c1"), ("floor_plan", "x"),
    ]  # fmt: skip


def test_revoked_documents_do_not_count():
    found = {"d1": DocumentInfo("d1", "P-1", "resident_id", status="revoked")}
    problems, _ = check_documents(["d1"], found, REQS[:1], "P-1")
    assert ("document_ids[0]", "document 'd1' is revoked") in {
        (v.field, v.description) for v in problems
    }
