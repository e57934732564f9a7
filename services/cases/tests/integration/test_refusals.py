"""Bad input and failure: precise errors, nothing written, no event emitted."""

import pytest
from cases_support import on_loop

from onewindow_cases.service_layer import catalogue as admin
from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import decisions, submission, work
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.testing import SAMPLE_CATALOGUE, SAMPLE_FORMS, citizen, staff
from onewindow_kit.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Unavailable,
)

pytestmark = pytest.mark.integration


def app(service_type="birth-medical-certificate", **kw):
    fields = {
        "client_key": "key-1",
        "code": service_type,
        "catalogue_version": 0,
        "form": dict(SAMPLE_FORMS.get(service_type, {})),
        "document_ids": ["P-1-resident_id"],
    }
    fields.update(kw)
    return Application(**fields)


def nothing_written(rows) -> bool:
    return rows("cases") == 0 and rows("outbox") == 0 and rows("idempotency_keys") == 0


def fields(exc) -> dict[str, str]:
    return {v.field: v.description for v in exc.violations}


def test_invalid_form_lists_every_field(deps, rows):
    form = dict(SAMPLE_FORMS["birth-medical-certificate"], child_sex="x", birth_date="yesterday")
    del form["child_name"]
    with pytest.raises(InvalidArgument) as exc:
        on_loop(submission.submit_case)(deps, citizen("P-1"), app(form=form))
    assert set(fields(exc.value)) == {"form.child_name", "form.child_sex", "form.birth_date"}
    assert nothing_written(rows)


def test_unknown_service_type(deps, rows):
    with pytest.raises(NotFound, match="unknown service type 'passport' in catalogue version 1"):
        on_loop(submission.submit_case)(deps, citizen("P-1"), app("passport"))
    assert nothing_written(rows)


def test_unpublished_catalogue_version(deps, rows):
    draft = admin.load_catalogue(
        deps, staff("", "", "dept_admin"), SAMPLE_CATALOGUE.read_text(encoding="utf-8"), "draft"
    )
    with pytest.raises(FailedPrecondition, match=f"version {draft['version']} is not published"):
        on_loop(submission.submit_case)(
            deps, citizen("P-1"), app(catalogue_version=draft["version"])
        )
    with pytest.raises(NotFound, match="version 99 does not exist"):
        on_loop(submission.submit_case)(deps, citizen("P-1"), app(catalogue_version=99))
    assert nothing_written(rows)


def test_documents_not_owned_by_the_applicant(deps, rows):
    with pytest.raises(InvalidArgument) as exc:
        on_loop(submission.submit_case)(
            deps, citizen("P-1"), app(document_ids=["P-2-resident_id", "nope"])
        )
    assert fields(exc.value) == {
        "document_ids[0]": "document 'P-2-resident_id' is not owned by the applicant",
        "document_ids[1]": "document 'nope' not found",
        "document_ids": "a document of type 'resident_id' is required",
    }
    assert nothing_written(rows)


def test_insufficient_assurance_level(deps, rows):
    with pytest.raises(PermissionDenied, match="needs identity assurance level 'substantial'"):
        on_loop(submission.submit_case)(deps, citizen("P-1", level="low"), app())
    # the same person taken in at an office (identity checked in person) is accepted
    clerk = staff("health", "hosp-1", "clerk")
    view = on_loop(submission.submit_case)(
        deps, clerk, app(applicant_id="P-1", identity_verified_in_person=True)
    )
    assert (view.case.channel, view.case.receiving_office) == ("office", "hosp-1")


def test_clerk_must_name_and_check_the_applicant(deps, rows):
    with pytest.raises(InvalidArgument) as exc:
        on_loop(submission.submit_case)(deps, staff("psb", "hall-east", "clerk"), app())
    assert set(fields(exc.value)) == {"applicant_id", "identity_verified_in_person"}
    with pytest.raises(PermissionDenied, match="apply for themselves"):
        on_loop(submission.submit_case)(deps, citizen("P-1"), app(applicant_id="P-2"))
    assert nothing_written(rows)


def test_documents_service_down_changes_nothing(deps, rows):
    class Down:
        async def metadata(self, ids, applicant_id=""):
            raise Unavailable("documents service unavailable")

    deps.documents = Down()
    with pytest.raises(Unavailable):
        on_loop(submission.submit_case)(deps, citizen("P-1"), app())
    assert nothing_written(rows)


def test_wrong_role_or_department_changes_nothing(deps, rows):
    case = on_loop(submission.submit_case)(deps, citizen("P-1"), app()).case
    written = rows("outbox")
    with pytest.raises(NotFound, match=r"^case not found$"):  # not theirs to see: as if missing
        work.transition_case(
            deps,
            staff("psb", "hall-central", "clerk"),
            c.TransitionCase(case.id, 1, "accepted", ""),
        )
    with pytest.raises(PermissionDenied):
        work.transition_case(deps, citizen("P-1"), c.TransitionCase(case.id, 1, "accepted", ""))
    with pytest.raises(NotFound):
        decisions.withdraw_case(deps, citizen("P-2"), c.WithdrawCase(case.id, 1, ""))
    with pytest.raises(FailedPrecondition, match="in status 'submitted'"):
        decisions.decide_case(
            deps, staff("health", "hosp-1", "supervisor"), c.DecideCase(case.id, 1, "approved", "")
        )
    assert rows("outbox") == written and rows("case_history") == 1


def test_catalogue_with_errors_is_refused_with_paths(deps, rows):
    source = SAMPLE_CATALOGUE.read_text(encoding="utf-8").replace(
        "department: medsec", "department: tax"
    )
    with pytest.raises(InvalidArgument) as exc:
        admin.load_catalogue(deps, staff("", "", "dept_admin"), source, "broken")
    assert fields(exc.value) == {"service_types[2].department": "unknown department 'tax'"}
    with pytest.raises(PermissionDenied):
        admin.load_catalogue(deps, staff("psb", "hall-east", "clerk"), source, "x")
    assert rows("catalogue_versions") == 1


class ScopedMandates:
    """Identity's answer for one mandate: P-2 may act for P-1 in the listed service types."""

    def __init__(self, service_types: set[str]) -> None:
        self.service_types = service_types
        self.asked: list[tuple[str, str, str]] = []

    def check(self, principal, acting_for: str, service_type: str = "") -> None:
        self.asked.append((principal.person_id, acting_for, service_type))
        if (principal.person_id, acting_for) != ("P-2", "P-1") or (
            service_type not in self.service_types
        ):
            raise PermissionDenied(f"no mandate covers {service_type!r}")


def test_a_mandate_covers_only_its_service_types(deps, rows):
    deps.mandates = ScopedMandates({"signboard-permit"})
    proxy = citizen("P-2", acting_for="P-1")
    with pytest.raises(PermissionDenied, match="birth-medical-certificate"):
        on_loop(submission.submit_case)(deps, proxy, app())
    assert nothing_written(rows)

    view = on_loop(submission.submit_case)(
        deps,
        proxy,
        app("signboard-permit", client_key="key-2", document_ids=["P-1-signboard_design"]),
    )
    assert view.case.applicant_id == "P-1"  # filed for the mandator, by the proxy
    assert deps.mandates.asked[-1] == ("P-2", "P-1", "signboard-permit")
