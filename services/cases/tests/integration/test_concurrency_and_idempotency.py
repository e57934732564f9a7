"""Two clerks claim the same case at once: exactly one wins. A repeated submission with the
same client key files one case."""

import threading

import pytest
from cases_support import on_loop

from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import submission, work
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.testing import SAMPLE_FORMS, citizen, staff
from onewindow_kit.errors import Aborted, FailedPrecondition, InvalidArgument

pytestmark = pytest.mark.integration


def application(key="same-key", **kw):
    return Application(
        client_key=key,
        code="social-security-card",
        catalogue_version=0,
        form=dict(SAMPLE_FORMS["social-security-card"], **kw),
        document_ids=["P-1-household_register"],
    )


def test_resubmission_with_same_key_returns_the_first_case(deps, rows, outbox):
    applicant = citizen("P-1")
    first = on_loop(submission.submit_case)(deps, applicant, application())
    again = on_loop(submission.submit_case)(deps, applicant, application())
    assert (again.case.id, again.case.case_number, again.replayed) == (
        first.case.id, first.case.case_number, True,
    )  # fmt: skip
    assert rows("cases") == 1 and outbox.names() == ["case_submitted"]
    with pytest.raises(InvalidArgument, match="client_key"):
        on_loop(submission.submit_case)(deps, applicant, application(bank="icbc"))
    # another person's identical key is theirs alone
    other = Application(
        client_key="same-key", code="social-security-card", catalogue_version=0,
        form=dict(SAMPLE_FORMS["social-security-card"]), document_ids=["P-2-household_register"],
    )  # fmt: skip
    assert on_loop(submission.submit_case)(deps, citizen("P-2"), other).case.id != first.case.id


def test_concurrent_submissions_with_one_key_file_one_case(deps, rows):
    applicant = citizen("P-1")
    results, errors = [], []
    barrier = threading.Barrier(4)

    def go():
        barrier.wait()
        try:
            results.append(on_loop(submission.submit_case)(deps, applicant, application()).case.id)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=go) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(set(results)) == 1 and rows("cases") == 1


def test_two_clerks_claim_the_same_case_at_once_exactly_one_wins(deps):
    case = on_loop(submission.submit_case)(deps, citizen("P-1"), application()).case
    boss = staff("hrss", "hall-central", "supervisor")
    case = work.transition_case(
        deps, boss, c.TransitionCase(case.id, case.version, "accepted", "")
    ).case
    clerks = [staff("hrss", "hall-central", "clerk") for _ in range(2)]
    barrier = threading.Barrier(2)
    won, lost = [], []

    def claim(clerk):
        barrier.wait()
        try:
            won.append(
                work.claim_case(deps, clerk, c.ClaimCase(case.id, case.version)).case.assignee
            )
        except (Aborted, FailedPrecondition) as exc:
            lost.append(exc)

    threads = [threading.Thread(target=claim, args=(c,)) for c in clerks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1 and len(lost) == 1
    assert isinstance(lost[0], Aborted)
    assert won[0] in {c.subject for c in clerks}
    with pytest.raises(Aborted, match="reload it"):
        work.claim_case(deps, clerks[0], c.ClaimCase(case.id, case.version))
