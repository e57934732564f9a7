"""Journeys through the running stack, driven only through public contracts: HTTP through the
gateway for front ends; gRPC and signed webhooks for department systems. docs/journeys.md
shows the same calls for front-end developers."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import grpc
import pytest
from journey_support import (
    Gateway,
    Receiver,
    add_working_days,
    company_of,
    department_system,
    key,
    linked,
    mails_to,
    parts_of,
    told_in_inbox,
    until,
    upload,
    verify_offline,
    wallet,
)
from standardwebhooks.webhooks import Webhook

from onewindow.cases.v1 import cases_pb2, cases_pb2_grpc
from onewindow.notifications.v1 import notifications_pb2, notifications_pb2_grpc
from onewindow_kit.settings import load_common

pytestmark = pytest.mark.integration
SUBMITTED = "onewindow.cases.case_submitted.v1"
BIRTH_FIELDS = ("child_name", "child_sex", "birth_date", "birth_place")

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


def test_having_a_baby_filed_at_a_service_hall(gw):
    citizen = gw.register()
    token = citizen["token"]
    bundle, parts = file_newborn_bundle(gw, citizen)
    ids = {t: p["id"] for t, p in parts.items()}

    # hrss asks for a supplement; the citizen answers through the gateway
    ask_and_answer_a_supplement(gw, ids["social-security-card"], token)

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


def file_newborn_bundle(gw: Gateway, citizen: dict) -> tuple[dict, dict[str, dict]]:
    """A psb clerk at the Central Service Hall (not the hospital) scans the citizen's papers and
    files the "having a baby" bundle: one sub-case per responsible department."""
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
    return bundle, parts


def ask_and_answer_a_supplement(gw: Gateway, case_id: str, token: str) -> None:
    """hrss asks for the child's page of the household booklet; the citizen uploads it."""
    hrss = gw.staff("hrss")
    gw.move(case_id, hrss, "claim", {})
    gw.move(case_id, hrss, "supplement-requests",
            {"reason": "the booklet page of the child is missing",
             "requested_document_types": ["household_register"]})  # fmt: skip
    page = upload(gw, token, "household_register", b"the child's page")
    _, etag = gw.case(case_id, token)
    answered = gw.call(
        "POST", f"/v1/cases/{case_id}/supplements", token,
        json={"document_ids": [page], "comment": "page added"}, headers={"If-Match": etag},
    ).json()  # fmt: skip
    assert answered["status"] == "submitted"
    assert answered["supplements"][0]["provided_document_ids"] == [page]


RESTAURANT_FORM = {
    "company_name": "Good Noodles Ltd", "business_scope": "catering",
    "registered_capital_cny": 100000, "address": "1 Renmin Road",
    "operator_name": "Good Noodles Ltd", "premises_address": "1 Renmin Road",
    "business_category": "restaurant", "food_safety_manager": "Wang Wei",
    "floor_area_m2": 120.5, "seating_capacity": 40, "sign_width_m": 3, "sign_height_m": 1,
}  # fmt: skip


def test_opening_a_restaurant_for_a_company(gw, window):
    boss, employee = gw.register(), gw.register()
    company = company_of(gw, window, boss)
    until_ = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    gw.call("POST", "/v1/me/mandates", boss["token"], expect=201,
            json={"mandator_kind": "organisation", "mandator_id": company,
                  "mandatee_person_id": employee["person_id"], "valid_until": until_})  # fmt: skip
    as_company = {"X-Acting-For": company}
    token = employee["token"]
    docs = [
        upload(gw, token, kind, kind.encode(), headers=as_company)
        for kind in ("resident_id", "lease_contract", "floor_plan", "signboard_design")
    ]
    form = {**RESTAURANT_FORM, "legal_representative_id_number": boss["national_id"]}
    bundle = gw.call(
        "POST", "/v1/bundles", token, expect=201, headers=as_company,
        json={"bundle_type": "open-a-restaurant", "form": form, "document_ids": docs},
    ).json()  # fmt: skip
    assert bundle["applicant_id"] == company
    ids = {p["service_type"]: p["id"] for p in bundle["parts"]}
    samr, fire, urban = gw.staff("samr"), gw.staff("fire"), gw.staff("urban")

    gw.decide(ids["business-registration"], samr)
    for part, who in (("fire-safety-inspection", fire), ("food-business-licence", samr)):
        until(
            lambda p=part, w=who: linked(gw, ids[p], w, "waiting for the licence"),
            "the business licence linked",
        )

    # the fire inspection is extended once, with a reason: the due date moves by working days
    before, _ = gw.case(ids["fire-safety-inspection"], fire, purpose="planning the inspection")
    gw.move(ids["fire-safety-inspection"], fire, "claim", {})
    extended = gw.move(
        ids["fire-safety-inspection"],
        fire,
        "deadline-extensions",
        {"working_days": 10, "reason": "the kitchen extraction is being refitted"},
    )
    due = date.fromisoformat(before["due_date"])
    assert extended["due_date"] == add_working_days(due, 10).isoformat()
    assert extended["extension_reason"] == "the kitchen extraction is being refitted"
    _, etag = gw.case(ids["fire-safety-inspection"], fire, purpose="a second extension")
    again = gw.http.post(
        f"/v1/cases/{ids['fire-safety-inspection']}/deadline-extensions",
        json={"working_days": 1, "reason": "again"},
        headers={"Authorization": f"Bearer {fire}", "If-Match": etag, "Idempotency-Key": key()},
    )  # fmt: skip
    assert again.status_code == 409, again.text

    gw.decide(ids["signboard-permit"], urban, "rejected", "the sign covers a listed facade")
    # the inspection workflow has an on-site inspection before the decision
    inspected = ("accepted", "in_review", "inspection_scheduled")
    gw.decide(ids["fire-safety-inspection"], fire, steps=inspected)
    gw.decide(ids["food-business-licence"], samr)

    def completed() -> dict | None:
        seen = gw.call("GET", f"/v1/bundles/{bundle['id']}", token, headers=as_company).json()
        return seen if seen["state"] == "completed" else None

    seen = until(completed, "the bundle completed")
    assert seen["outcome"] == "partially_approved"
    assert {p["service_type"]: p["status"] for p in seen["parts"]} == {
        "business-registration": "approved", "food-business-licence": "approved",
        "fire-safety-inspection": "approved", "signboard-permit": "rejected",
    }  # fmt: skip

    def certificates() -> set[str] | None:
        items = gw.call("GET", "/v1/me/wallet", token, headers=as_company).json()["items"]
        found = {d["certificate_type"] for d in items if d["kind"] == "certificate"}
        return found if len(found) == 3 else None

    assert until(certificates, "three certificates in the company's wallet") == {
        "business_licence", "food_business_licence", "fire_inspection_report"}  # fmt: skip


def token_subject(metadata) -> str:
    """The ``sub`` claim of the bearer token in gRPC ``metadata`` (read, not verified)."""
    token = dict(metadata)["authorization"].partition(" ")[2]
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["sub"]


def test_a_department_system_subscribes_claims_and_decides(gw, window):
    system = department_system(window)
    notices = notifications_pb2_grpc.NotificationsStub(
        grpc.insecure_channel(load_common("notifications").grpc_addr)
    )
    cases = cases_pb2_grpc.CasesStub(window.channels["cases"])
    receiver = Receiver()
    created = notices.CreateSubscription(
        notifications_pb2.CreateSubscriptionRequest(url=receiver.url, event_types=[SUBMITTED]),
        metadata=system, timeout=30,
    )  # fmt: skip
    try:
        citizen = gw.register()
        token = citizen["token"]
        document = upload(gw, token, "resident_id", b"id card")
        case = gw.call(
            "POST", "/v1/cases", token, expect=201,
            json={"service_type": "birth-medical-certificate", "document_ids": [document],
                  "form": {**{k: NEWBORN_FORM[k] for k in BIRTH_FIELDS},
                           "mother_id_number": citizen["national_id"]}},
        ).json()  # fmt: skip

        def delivered() -> dict | None:
            for headers, body in list(receiver.calls):
                sent = Webhook(created.secret).verify(body, headers)  # raises when forged
                if sent["payload"]["case_id"] == case["id"]:
                    return dict(sent)
            return None

        sent = until(delivered, "the signed webhook of the new case")
        assert (sent["type"], sent["payload"]["responsible_department"]) == (SUBMITTED, "health")

        # the system works the case with its own service-account token: read, claim, decide
        official = system
        found = cases.GetCase(
            cases_pb2.GetCaseRequest(case_id=case["id"], purpose="records sync"),
            metadata=system, timeout=30,
        ).case  # fmt: skip
        work = cases.ClaimCase(
            cases_pb2.ClaimCaseRequest(case_id=found.id, expected_version=found.version),
            metadata=official, timeout=30,
        ).case  # fmt: skip
        assert work.assignee == token_subject(system)  # the system itself holds the case
        for status in ("accepted", "in_review"):
            work = cases.TransitionCase(
                cases_pb2.TransitionCaseRequest(
                    case_id=work.id, expected_version=work.version, to_status=status
                ),
                metadata=official, timeout=30,
            ).case  # fmt: skip
        with pytest.raises(grpc.RpcError) as stale:
            cases.DecideCase(
                cases_pb2.DecideCaseRequest(case_id=work.id, expected_version=found.version,
                                            outcome=cases_pb2.OUTCOME_APPROVED),
                metadata=official, timeout=30,
            )  # fmt: skip
        assert stale.value.code() == grpc.StatusCode.ABORTED
        cases.DecideCase(
            cases_pb2.DecideCaseRequest(case_id=work.id, expected_version=work.version,
                                        outcome=cases_pb2.OUTCOME_APPROVED),
            metadata=official, timeout=30,
        )  # fmt: skip

        seen, _ = gw.case(case["id"], token)
        assert (seen["status"], seen["decision"]["outcome"]) == ("approved", "approved")
    finally:
        notices.DisableSubscription(
            notifications_pb2.DisableSubscriptionRequest(subscription_id=created.subscription.id),
            metadata=system, timeout=30,
        )  # fmt: skip
        receiver.stop()
