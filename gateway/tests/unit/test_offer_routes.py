"""Offers through the gateway: GET /v1/me/offers, GET /v1/offers/{id}, POST …/confirmation and
…/declination over cases' Offers service, and the open offers on the dashboard."""

from __future__ import annotations

from gateway_fakes import Behaviour, citizen, gateway, run


def test_offers_list_read_confirm_and_decline():
    b = Behaviour()

    async def scenario():
        async with gateway(b) as http:
            me = citizen()
            listed = await http.get("/v1/me/offers?open_only=true&limit=5", headers=me)
            one = await http.get("/v1/offers/o-1", headers=me)
            missing = await http.get("/v1/offers/o-2", headers=me)
            body = {"form": {"guardian_id_number": "11010519491231002X"},
                    "document_ids": ["doc-1"]}  # fmt: skip
            first = await http.post("/v1/offers/o-1/confirmation", json=body, headers=me)
            again = await http.post("/v1/offers/o-1/confirmation", json=body, headers=me)
            late = await http.post("/v1/offers/o-1/declination", json={}, headers=me)
            bad = await http.post("/v1/offers/o-1/confirmation", json={"colour": 1}, headers=me)
            board = await http.get("/v1/me/dashboard", headers=me)
            return listed, one, missing, first, again, late, bad, board

    listed, one, missing, first, again, late, bad, board = run(scenario())
    assert listed.status_code == 200
    assert [o["id"] for o in listed.json()["offers"]] == ["o-1"]
    asked = [r for name, r, _ in b.seen if name == "ListMyOffers"]
    assert (asked[0].open_only, asked[0].page_size) == (True, 5)
    assert one.json()["missing_fields"] == ["guardian_id_number"]
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert (first.status_code, first.json()["case_id"]) == (201, "case-o-1")
    assert (again.status_code, again.json()["case_id"]) == (200, "case-o-1")
    confirm = next(r for name, r, _ in b.seen if name == "ConfirmOffer")
    assert dict(confirm.form) == {"guardian_id_number": "11010519491231002X"}
    assert list(confirm.document_ids) == ["doc-1"]
    assert late.status_code == 409  # confirmed already
    assert bad.status_code == 422
    assert board.status_code == 200 and board.json()["degraded"] == []
    assert [o["id"] for o in board.json()["offers"]] == ["o-1"]
