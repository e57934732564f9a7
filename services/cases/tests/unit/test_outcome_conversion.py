"""Proto enums become domain words in entrypoints/convert.py only."""

from onewindow.cases.v1 import cases_pb2 as pb
from onewindow_cases.entrypoints import convert


def test_outcomes_by_name_and_unknown_numbers_become_nothing():
    assert convert.outcome(pb.OUTCOME_APPROVED) == "approved"
    assert convert.outcome(pb.OUTCOME_REJECTED) == "rejected"
    assert convert.outcome(pb.OUTCOME_UNSPECIFIED) == ""
    assert convert.outcome(99) == ""  # the domain then refuses it naming `outcome`
