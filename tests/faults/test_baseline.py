"""The load and the reconciliation without a fault: what every scenario is measured against."""

from scenario import run


def test_without_a_fault_every_submission_has_exactly_one_of_each_effect(citizens):
    counts, _ = run("baseline", citizens, lambda load: None, total=32)
    assert counts.cases == counts.events == counts.receipts == counts.emails == 32
