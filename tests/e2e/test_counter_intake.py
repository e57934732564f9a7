"""Intake at a counter with the citizen's earlier uploads (issue 14): a clerk at the Central
Service Hall files the "having a baby" bundle for citizen C attaching documents C uploaded
before and chose to bring; cases asks documents for them naming C as the applicant, so the
clerk sees C's own documents (and C sees that read in the access log). Another citizen's
document stays exactly as "not found" as an id that does not exist."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from journey_support import Gateway, parts_of, upload

pytestmark = pytest.mark.integration

FORM = {
    "child_name": "Li Xiaoming", "child_sex": "male", "birth_date": "2026-11-20",
    "birth_place": "First People's Hospital", "household_number": "110105123",
    "delivery_address": "8 Renmin Road, Apt 3",
}  # fmt: skip


@pytest.fixture()
def gw(window) -> Iterator[Gateway]:
    g = Gateway(window)
    yield g
    g.close()


def bundle_for(citizen: dict, document_ids: list[str]) -> dict:
    number = citizen["national_id"]
    form = {**FORM, "mother_id_number": number, "guardian_id_number": number,
            "holder_name": "Li Xiaoming", "holder_id_number": number}  # fmt: skip
    return {"bundle_type": "newborn", "applicant_id": citizen["person_id"], "form": form,
            "identity_verified_in_person": True, "document_ids": document_ids}  # fmt: skip


def test_a_clerk_files_with_the_citizens_own_earlier_uploads(gw):
    citizen, stranger = gw.register(), gw.register()
    own = [  # uploaded by the citizen at home, before coming to the hall
        upload(gw, citizen["token"], "resident_id", b"my id card"),
        upload(gw, citizen["token"], "household_register", b"my household booklet"),
    ]
    clerk = gw.seeded("clerk.central")
    filed = gw.call("POST", "/v1/intake/bundles", clerk, expect=201,
                    json=bundle_for(citizen, own)).json()  # fmt: skip
    parts = parts_of(gw, filed["id"], citizen["token"])
    household = gw.call(
        "GET", f"/v1/cases/{parts['newborn-household-registration']['id']}", citizen["token"]
    ).json()
    assert {d["document_id"] for d in household["documents"] if d["document_id"]} <= set(own)
    log = gw.call(
        "GET", f"/v1/persons/{citizen['person_id']}/document-access-log", citizen["token"]
    ).json()
    assert {e["document_id"] for e in log["items"] if e["department"] == "psb"} >= set(own)

    # another citizen's upload reads exactly like a document that does not exist
    theirs = upload(gw, stranger["token"], "resident_id", b"someone else's id card")
    answers = []
    for first in (theirs, str(uuid.uuid4())):
        reply = gw.call("POST", "/v1/intake/bundles", clerk, expect=422,
                        json=bundle_for(citizen, [first, own[1]])).json()  # fmt: skip
        answers.append([(p["name"], p["reason"].replace(first, "<id>"))
                        for p in reply["invalid_params"]])  # fmt: skip
    assert answers[0] == answers[1]
    assert ("document_ids[0]", "document '<id>' not found") in answers[0]
