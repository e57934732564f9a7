"""Journey 5 (issue 14), proactive offers (issue 16 §1), through the gateway: a birth medical
certificate issued outside the "having a baby" bundle → the parent's dashboard shows the
offers → one confirmation files the case, pre-filled. docs/journeys.md shows the same calls."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from journey_support import Gateway, until, upload, wallet

pytestmark = pytest.mark.integration
OFFERED = {"newborn-household-registration", "newborn-medical-insurance", "social-security-card"}


@pytest.fixture()
def gw(window) -> Iterator[Gateway]:
    g = Gateway(window)
    yield g
    g.close()


def birth_certificate(gw: Gateway, parent: dict) -> tuple[dict, dict]:
    """The parent applies online for the birth medical certificate alone (not the bundle); the
    hospital approves it and the certificate lands in the wallet."""
    token = parent["token"]
    id_card = upload(gw, token, "resident_id", b"id card")
    born = (date.today() - timedelta(days=3)).isoformat()
    form = {
        "child_name": "Li Xiaohong",
        "child_sex": "female",
        "birth_date": born,
        "birth_place": "First People's Hospital",
        "mother_id_number": parent["national_id"],
    }
    case = gw.call("POST", "/v1/cases", token, expect=201, json={
        "service_type": "birth-medical-certificate", "form": form, "document_ids": [id_card],
    }).json()  # fmt: skip
    gw.decide(case["id"], gw.staff("health"))
    certificate = until(
        lambda: [
            d
            for d in wallet(gw, token)
            if d["kind"] == "certificate" and d.get("case_id") == case["id"]
        ],
        "the birth medical certificate in the wallet",
    )[0]
    return case, certificate


def offers_on_dashboard(gw: Gateway, token: str) -> dict[str, dict] | None:
    board = gw.call("GET", "/v1/me/dashboard", token).json()
    offers = {o["service_type"]: o for o in board["offers"]}
    return offers if set(offers) == OFFERED else None


def test_a_birth_certificate_issued_offers_what_comes_next_and_one_confirmation_files_it(gw):
    parent, stranger = gw.register(), gw.register()
    token = parent["token"]
    birth, certificate = birth_certificate(gw, parent)

    offers = until(lambda: offers_on_dashboard(gw, token), "the offers on the dashboard")
    insurance = offers["newborn-medical-insurance"]
    assert insurance["state"] == "offered"
    assert insurance["prefill"] == {"child_name": "Li Xiaohong",
                                    "birth_date": birth["form"]["birth_date"]}  # fmt: skip
    assert insurance["documents"] == {"birth_medical_certificate": certificate["id"]}
    assert insurance["person_fields"] == ["guardian_id_number"]
    assert insurance["missing_fields"] == [] and insurance["missing_document_types"] == []
    household = offers["newborn-household-registration"]
    assert household["missing_fields"] == ["household_number"]
    assert household["missing_document_types"] == ["household_register"]

    # one confirmation, nothing to type: the case is filed with the parent's own token
    confirmed = gw.call("POST", f"/v1/offers/{insurance['id']}/confirmation", token,
                        expect=201, json={}).json()  # fmt: skip
    assert confirmed["state"] == "confirmed"
    case, _ = gw.case(confirmed["case_id"], token)
    assert (case["service_type"], case["applicant_id"], case["status"]) == (
        "newborn-medical-insurance", parent["person_id"], "submitted")  # fmt: skip
    assert case["form"] == {"child_name": "Li Xiaohong", "birth_date": birth["form"]["birth_date"],
                            "guardian_id_number": parent["national_id"]}  # fmt: skip
    assert [d["document_id"] for d in case["documents"]] == [certificate["id"]]
    again = gw.call("POST", f"/v1/offers/{insurance['id']}/confirmation", token, json={}).json()
    assert again["case_id"] == confirmed["case_id"]  # 200: filed once

    # the household registration asks only for what the prefill could not provide
    refused = gw.call("POST", f"/v1/offers/{household['id']}/confirmation", token, expect=422,
                      json={}).json()  # fmt: skip
    assert {p["name"] for p in refused["invalid_params"]} == {"form.household_number"}
    declined = gw.call("POST", f"/v1/offers/{household['id']}/declination", token,
                       json={"reason": "we register at the hall"}).json()  # fmt: skip
    assert declined["state"] == "declined"
    assert set(offers_left := {o["service_type"] for o in gw.call(
        "GET", "/v1/me/offers?open_only=true", token).json()["offers"]}) == {
        "social-security-card"}, offers_left  # fmt: skip

    # someone else's offer reads exactly like a missing one
    theirs = gw.call("GET", f"/v1/offers/{insurance['id']}", stranger["token"], expect=404)
    missing = gw.call("GET", "/v1/offers/6f1d3c1e-8f7a-4c55-9d0e-2b7f3c9a1d20",
                      stranger["token"], expect=404)  # fmt: skip
    assert theirs.json()["detail"] == missing.json()["detail"]

    # the notifications service told the parent about each of the three offers (with two
    # notices consumers sharing the partitions, as on the replica stack, they may land one by
    # one: wait for all three; a double would make four)
    def offer_notices() -> list[dict] | None:
        items = gw.call("GET", "/v1/me/inbox", token).json()["items"]
        found = [n for n in items if n["category"] == "offer"]
        return found if len(found) >= 3 else None

    told = until(offer_notices, "the 3 offer notices")
    assert len(told) == 3
