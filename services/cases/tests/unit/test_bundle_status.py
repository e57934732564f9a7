"""A bundle shows one combined status and completes only when every part is settled; a rejected
part does not hide the others' results."""

import pytest

from onewindow_cases.domain.bundle import PartState, bundle_progress


def parts(*results: str) -> list[PartState]:
    out = []
    for i, result in enumerate(results):
        if result == "withdrawn":
            out.append(PartState(f"c{i}", f"s{i}", withdrawn=True))
        else:
            out.append(PartState(f"c{i}", f"s{i}", decision=result))
    return out


def test_in_progress_until_every_part_is_settled():
    progress = bundle_progress(parts("approved", "", "rejected", ""))
    assert (progress.state, progress.outcome, progress.settled) == ("in_progress", "", 2)
    assert progress.text["en"] == "In progress: 2 of 4 parts decided"


def test_all_approved():
    progress = bundle_progress(parts("approved", "approved", "approved"))
    assert (progress.state, progress.outcome) == ("completed", "approved")


def test_rejected_part_keeps_others_results():
    progress = bundle_progress(parts("approved", "rejected", "approved", "approved"))
    assert (progress.state, progress.outcome) == ("completed", "partially_approved")
    assert (progress.approved, progress.rejected) == (3, 1)
    assert progress.text["en"] == "Completed: 3 of 4 parts approved"


def test_all_rejected_or_withdrawn():
    assert bundle_progress(parts("rejected", "withdrawn")).outcome == "rejected"
    assert bundle_progress(parts("withdrawn", "withdrawn")).outcome == "withdrawn"


def test_a_bundle_has_parts():
    with pytest.raises(ValueError):
        bundle_progress([])
