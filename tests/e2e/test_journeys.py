"""Journeys through the running stack, driven only through public contracts: HTTP through the
gateway for front ends; gRPC and signed webhooks for department systems. docs/journeys.md
shows the same calls for front-end developers."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from journey_support import Gateway, mails_to, sample_pdf, until
from jwcrypto import jwk, jws

pytestmark = pytest.mark.integration

NEWBORN_FORM = {
    "child_name": "Li Xiaoming", "child_sex": "male", "birth_date": "2026-11-20",
    "birth_place": "First People's Hospital", "household_number": "110105123",
    "delivery_address": "8 Renmin Road, Apt 3",
}  # fmt: skip


@pytest.fixture()
def gw(window) -> Iterator[Gateway]:
    g = Gateway(window)
    yield g
    g.close()


def upload(gw: Gateway, token: str, document_type: str, text: bytes, owner: str = "") -> str:
    fields = {"document_type": document_type, "title": document_type}
    if owner:  # staff scanning a citizen's paper at the counter
        fields["owner_id"] = owner
    reply = gw.call(
        "POST", "/v1/documents", token, expect=201, data=fields,
        files={"file": (f"{document_type}.pdf", sample_pdf(text), "application/pdf")},
    )  # fmt: skip
    return str(reply.json()["document"]["id"])


def parts_of(gw: Gateway, bundle_id: str, token: str) -> dict[str, dict]:
    bundle = gw.call("GET", f"/v1/bundles/{bundle_id}", token).json()
    return {p["service_type"]: p for p in bundle["parts"]}


def test_having_a_baby_filed_at_a_service_hall(gw):
    citizen = gw.register()
    token = citizen["token"]
    form = {**NEWBORN_FORM, "mother_id_number": citizen["national_id"],
            "guardian_id_number": citizen["national_id"], "holder_name": "Li Xiaoming",
            "holder_id_number": citizen["national_id"]}  # fmt: skip
    # a clerk of psb at the Central Service Hall (not the hospital) files it for the citizen
    clerk = gw.seeded("clerk.central")
    docs = [
        upload(gw, clerk, "resident_id", b"id card", owner=citizen["person_id"]),
        upload(gw, clerk, "household_register", b"household booklet", owner=citizen["person_id"]),
    ]
    bundle = gw.call(
        "POST", "/v1/intake/bundles", clerk, expect=201,
        json={"bundle_type": "newborn", "applicant_id": citizen["person_id"],
              "identity_verified_in_person": True, "form": form, "document_ids": docs},
    ).json()  # fmt: skip
    parts = parts_of(gw, bundle["id"], token)
    assert {t: p["responsible_department"] for t, p in parts.items()} == {
        "birth-medical-certificate": "health", "newborn-household-registration": "psb",
        "newborn-medical-insurance": "medsec", "social-security-card": "hrss",
    }  # fmt: skip
    assert {p["receiving_office"] for p in parts.values()} == {"hall-central"}
    ids = {t: p["id"] for t, p in parts.items()}

    # hrss asks for a supplement; the citizen answers through the gateway
    hrss = gw.staff("hrss")
    gw.move(ids["social-security-card"], hrss, "claim", {})
    gw.move(ids["social-security-card"], hrss, "supplement-requests",
            {"reason": "the booklet page of the child is missing",
             "requested_document_types": ["household_register"]})  # fmt: skip
    page = upload(gw, token, "household_register", b"the child's page")
    _, etag = gw.case(ids["social-security-card"], token)
    answered = gw.call(
        "POST", f"/v1/cases/{ids['social-security-card']}/supplements", token,
        json={"document_ids": [page], "comment": "page added"}, headers={"If-Match": etag},
    ).json()  # fmt: skip
    assert answered["status"] == "submitted"
    assert answered["supplements"][0]["provided_document_ids"] == [page]

    gw.decide(ids["birth-medical-certificate"], gw.staff("health"))
    # once-only: household registration used the certificate the first part issued
    certificate = until(lambda: [d for d in wallet(gw, token) if d["kind"] == "certificate"],
                        "the birth medical certificate in the wallet")[0]  # fmt: skip
    assert (certificate["certificate_type"], certificate["case_id"]) == (
        "birth_medical_certificate", ids["birth-medical-certificate"])  # fmt: skip
    household = until(lambda: linked(gw, ids["newborn-household-registration"], token),
                      "the certificate linked to the household part")  # fmt: skip
    assert household["documents"][0] == {
        "document_type": "birth_medical_certificate", "document_id": certificate["id"],
        "satisfied_by_case_id": ids["birth-medical-certificate"], "state": "part_approved",
    }  # fmt: skip
    until(lambda: linked(gw, ids["newborn-medical-insurance"], token), "the certificate linked")
    verify_offline(gw, token, certificate["id"])
    for part in ("newborn-household-registration", "newborn-medical-insurance",
                 "social-security-card"):  # fmt: skip
        gw.decide(ids[part], gw.staff(parts[part]["responsible_department"]))
    assert {p["status"] for p in parts_of(gw, bundle["id"], token).values()} == {"approved"}

    told = until(lambda: told_in_inbox(gw, token, set(ids.values())), "every notice")
    assert {n["language"] for n in told} == {"zh-CN"}
    assert {n["case_id"] for n in told if n["category"] == "supplement"} == {
        ids["social-security-card"]}  # fmt: skip
    titles = {
        n["title"] for n in told if n["category"] in ("case_receipt", "supplement", "decision")
    }
    assert len(titles) == 9  # 4 receipts, 1 supplement request, 4 decisions
    until(lambda: titles <= {m["Subject"] for m in mails_to(citizen["email"])}, "the emails")

    # the hospital closes its part once the certificate is out; the citizen rates it
    gw.move(ids["birth-medical-certificate"], gw.staff("health"), "closure", {})
    gw.call("POST", f"/v1/cases/{ids['birth-medical-certificate']}/rating", token,
            expect=201, json={"score": 5, "comment": "did not have to go twice"})  # fmt: skip

    reads = gw.call("GET", "/v1/me/access-log", token).json()["items"]
    seen = {(r["actor_department"], r["actor_office"]) for r in reads
            if r["actor_kind"] == "staff" and r["purpose"]}  # fmt: skip
    assert seen >= {("health", "hosp-1"), ("psb", "hall-central"),
                    ("medsec", "hall-central"), ("hrss", "hall-central")}  # fmt: skip
    assert {r["purpose"] for r in reads if r["object_id"] == household["case_number"]} >= {
        "deciding the application"}  # fmt: skip


def linked(gw: Gateway, case_id: str, token: str) -> dict | None:
    """The case once the certificate of an earlier part is linked to it."""
    case, _ = gw.case(case_id, token)
    return case if all(d["document_id"] for d in case["documents"]) else None


def wallet(gw: Gateway, token: str) -> list[dict]:
    return list(gw.call("GET", "/v1/me/wallet", token).json()["items"])


def verify_offline(gw: Gateway, token: str, document_id: str) -> dict:
    """The certificate is a compact JWS: checked with the published keys and nothing else."""
    signed = gw.call("GET", f"/v1/documents/{document_id}/content", token).content
    keys = gw.call("GET", "/v1/certificates/signing-keys", token).json()
    offline = jws.JWS()
    offline.deserialize(signed.decode())
    offline.verify(jwk.JWKSet.from_json(json.dumps(keys)))
    return dict(json.loads(offline.payload))


def told_in_inbox(gw: Gateway, token: str, case_ids: set[str]) -> list[dict] | None:
    """The inbox once it holds a receipt and a decision for every case, and a supplement."""
    notices = gw.call("GET", "/v1/me/inbox", token).json()["items"]
    by_case = {(n["case_id"], n["category"]) for n in notices}
    wanted = {(c, k) for c in case_ids for k in ("case_receipt", "decision")}
    has_supplement = any(k == "supplement" for _, k in by_case)
    return list(notices) if wanted <= by_case and has_supplement else None
