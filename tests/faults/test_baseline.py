"""The load and the reconciliation without a fault, at the scenarios' size: what every scenario
is measured against (its time is the load's own cost; a scenario's extra time is its fault's)."""

from scenario import SUBMISSIONS, run


def test_without_a_fault_every_submission_has_exactly_one_of_each_effect(citizens):
    counts, _ = run("baseline", citizens, lambda load: None)
    assert counts.cases == counts.events == counts.receipts == counts.emails == SUBMISSIONS
