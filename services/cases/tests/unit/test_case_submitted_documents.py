"""case_submitted names the documents the case uses, so the documents service links them to the
case (and its department may then read them)."""

from __future__ import annotations

import asyncio

from onewindow.cases.v1 import events_pb2 as ev
from onewindow_cases.service_layer import submission
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.testing import NEWBORN_PARTS, SAMPLE_FORMS, bundle_form, citizen

PENSION = "provident-fund-withdrawal"


def _submitted(store) -> list[ev.CaseSubmitted]:
    return [e.payload for e in store.events if e.name == "case_submitted"]


def test_a_case_submitted_event_lists_the_documents_of_the_case(deps, store):
    app = Application(
        client_key="k-1", code=PENSION, catalogue_version=0, form=dict(SAMPLE_FORMS[PENSION]),
        document_ids=["P-1-resident_id"],
    )  # fmt: skip
    asyncio.run(submission.submit_case(deps, citizen("P-1"), app))
    [payload] = _submitted(store)
    assert list(payload.document_ids) == ["P-1-resident_id"]


def test_each_bundle_part_lists_the_documents_it_uses(deps, store):
    app = Application(
        client_key="baby", code="newborn", catalogue_version=0,
        form=bundle_form(*NEWBORN_PARTS),
        document_ids=["P-1-resident_id", "P-1-household_register"],
    )  # fmt: skip
    view = asyncio.run(submission.submit_bundle(deps, citizen("P-1"), app))
    by_case = {p.case_id: list(p.document_ids) for p in _submitted(store)}
    assert set(by_case) == {part.row["id"] for part in view.parts}
    for part in view.parts:
        documents = store.cases[part.row["id"]].documents
        expected = [d["document_id"] for d in documents if d.get("document_id")]
        assert by_case[part.row["id"]] == expected
    assert any(by_case.values())  # parts that use the uploads name them
