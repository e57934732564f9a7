"""A mandate's scope counts end to end (issue 14 §1): A's representative for the service type of
A's case works on it through the gateway; a representative whose mandate is for other service
types gets, for that case, exactly the answers of a case that does not exist — reads, writes,
lists, the access log and the delivery status — and may not apply for it in A's name."""

from __future__ import annotations

import time
import uuid

import grpc
import pytest
from matrix_support import Front, key, send, tomorrow

from onewindow.cases.v1 import cases_pb2, cases_pb2_grpc
from onewindow.notifications.v1 import notifications_pb2, notifications_pb2_grpc
from onewindow_kit.settings import load_common

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def front():
    f = Front()
    yield f
    f.http.close()


def grant(front, mandator, mandatee, service_types: list[str]) -> None:
    body = {
        "mandatee_person_id": mandatee.person_id, "service_types": service_types,
        "valid_until": tomorrow(),
    }  # fmt: skip
    made = send(front, "POST", "/v1/me/mandates", json=body,
                headers=front.auth(mandator.token, Idempotency_Key=key()))  # fmt: skip
    assert made.status_code in (200, 201), made.text


def as_rep(front, rep, mandator, **headers: str) -> dict[str, str]:
    return front.auth(rep.token, X_Acting_For=mandator.person_id, **headers)


def problem(reply) -> tuple[int, str, str]:
    body = reply.json()
    return (
        reply.status_code,
        body.get("title"),
        body.get("detail", "").replace(reply.request.url.path.split("/")[3], "<id>"),
    )


@pytest.fixture(scope="module")
def people(front):
    a, rep_in, rep_out = (front.register() for _ in range(3))
    document = front.upload(a.token)["document"]
    case = front.apply(a, document["id"])  # a birth-medical-certificate case
    assert case.status_code == 201, case.text
    grant(front, a, rep_in, ["birth-medical-certificate"])
    grant(front, a, rep_out, ["business-registration"])
    return a, rep_in, rep_out, case.json()["id"], document["id"]


def test_out_of_scope_representative_meets_a_missing_case(front, people):
    a, rep_in, rep_out, case_id, _ = people
    mine = send(front, "GET", f"/v1/cases/{case_id}", headers=as_rep(front, rep_in, a))
    assert mine.status_code == 200 and mine.json()["id"] == case_id
    etag = mine.headers["etag"]

    hidden = send(front, "GET", f"/v1/cases/{case_id}", headers=as_rep(front, rep_out, a))
    missing = send(front, "GET", f"/v1/cases/{uuid.uuid4()}", headers=as_rep(front, rep_out, a))
    assert hidden.status_code == 404
    assert problem(hidden) == problem(missing)

    withdraw = send(front, "POST", f"/v1/cases/{case_id}/withdrawal", json={"reason": "scope"},
                    headers=as_rep(front, rep_out, a, If_Match=etag))  # fmt: skip
    assert withdraw.status_code == 404
    still = send(front, "GET", f"/v1/cases/{case_id}", headers=front.auth(a.token))
    assert still.json()["status"] == mine.json()["status"]  # nothing changed

    listed_in = send(front, "GET", "/v1/me/cases", headers=as_rep(front, rep_in, a))
    listed_out = send(front, "GET", "/v1/me/cases", headers=as_rep(front, rep_out, a))
    assert case_id in {c["id"] for c in listed_in.json()["items"]}
    assert listed_out.status_code == 200 and listed_out.json()["items"] == []


def test_out_of_scope_representative_cannot_apply_for_the_mandator(front, people):
    a, _, rep_out, _, document_id = people
    body = {
        "service_type": "birth-medical-certificate",
        "form": {
            "child_name": "Li Xiaoming", "child_sex": "male", "birth_date": "2026-11-20",
            "birth_place": "First People's Hospital", "mother_id_number": a.national_id,
        },
        "document_ids": [document_id],
    }  # fmt: skip
    reply = send(front, "POST", "/v1/cases", json=body,
                 headers=as_rep(front, rep_out, a, Idempotency_Key=key()))  # fmt: skip
    assert reply.status_code == 403, reply.text
    assert "does not cover the service type 'birth-medical-certificate'" in reply.json()["detail"]


def test_access_log_and_deliveries_follow_the_scope(front, people):
    a, rep_in, rep_out, case_id, _ = people
    official = front.login("supervisor.health", "dev-pass-supervisor")
    read = send(front, "GET", f"/v1/cases/{case_id}", params={"purpose": "checking the form"},
                headers=front.auth(official))  # fmt: skip
    assert read.status_code == 200, read.text
    cases = cases_pb2_grpc.CasesStub(grpc.insecure_channel(load_common("cases").grpc_addr))
    log = cases_pb2.ListCaseAccessLogRequest(case_id=case_id)

    def entries(rep) -> int:
        md = [("authorization", f"Bearer {rep.token}"), ("x-acting-for", a.person_id)]
        return len(cases.ListCaseAccessLog(log, metadata=md, timeout=10).entries)

    assert entries(rep_in) >= 1 and entries(rep_out) == 0

    notifications = notifications_pb2_grpc.NotificationsStub(
        grpc.insecure_channel(load_common("notifications").grpc_addr)
    )

    def deliveries(rep, case: str) -> grpc.StatusCode:
        md = [("authorization", f"Bearer {rep.token}"), ("x-acting-for", a.person_id)]
        try:
            notifications.ListDeliveries(
                notifications_pb2.ListDeliveriesRequest(case_id=case), metadata=md, timeout=10
            )
        except grpc.RpcError as err:
            return err.code()
        return grpc.StatusCode.OK

    deadline = time.monotonic() + 30  # notifications learns the case from case_submitted
    while deliveries(rep_in, case_id) != grpc.StatusCode.OK:
        assert time.monotonic() < deadline, "the case never reached notifications"
        time.sleep(0.2)
    assert deliveries(rep_out, case_id) == grpc.StatusCode.NOT_FOUND
    assert deliveries(rep_out, str(uuid.uuid4())) == grpc.StatusCode.NOT_FOUND

    def inbox_cases(who, **headers: str) -> set[str]:
        reply = send(front, "GET", "/v1/me/inbox", headers=front.auth(who.token, **headers))
        assert reply.status_code == 200, reply.text
        return {n.get("case_id") for n in reply.json()["items"]}

    deadline = time.monotonic() + 30
    while case_id not in inbox_cases(a):  # A's receipt for the case
        assert time.monotonic() < deadline, "A's receipt never reached the inbox"
        time.sleep(0.2)
    assert case_id in inbox_cases(rep_in, X_Acting_For=a.person_id)
    assert inbox_cases(rep_out, X_Acting_For=a.person_id) == set()  # nothing of A's inbox


def test_documents_follow_the_scope(front, people):
    """Of A's documents, a representative sees those A's cases in the mandate's scope use and
    those they uploaded for A; A's document used by the birth case is missing to the
    representative for business registration, in reads and in the wallet."""
    a, rep_in, rep_out, _, document_id = people
    png = ("id.png", b"\x89PNG\r\n\x1a\n" + b"x" * 5000, "image/png")
    uploaded = front.http.post(
        "/v1/documents", data={"document_type": "resident_id", "title": "for A"},
        files={"file": png}, headers=as_rep(front, rep_out, a, Idempotency_Key=key()),
    )  # fmt: skip
    assert uploaded.status_code == 201, uploaded.text
    by_rep_out = uploaded.json()["document"]["id"]

    deadline = time.monotonic() + 30  # documents learns the case's use from case_submitted
    while send(front, "GET", f"/v1/documents/{document_id}",
               headers=as_rep(front, rep_in, a)).status_code != 200:  # fmt: skip
        assert time.monotonic() < deadline, "the case's documents never opened to rep_in"
        time.sleep(0.2)
    hidden = send(front, "GET", f"/v1/documents/{document_id}", headers=as_rep(front, rep_out, a))
    missing = send(front, "GET", f"/v1/documents/{uuid.uuid4()}", headers=as_rep(front, rep_out, a))
    assert hidden.status_code == 404 and problem(hidden) == problem(missing)
    own = send(front, "GET", f"/v1/documents/{by_rep_out}", headers=as_rep(front, rep_out, a))
    assert own.status_code == 200, own.text

    def wallet(who, **headers: str) -> set[str]:
        reply = send(front, "GET", "/v1/me/wallet", headers=front.auth(who.token, **headers))
        assert reply.status_code == 200, reply.text
        return {d["id"] for d in reply.json()["items"]}

    assert {document_id, by_rep_out} <= wallet(a)
    assert document_id in wallet(rep_in, X_Acting_For=a.person_id)
    out = wallet(rep_out, X_Acting_For=a.person_id)
    assert by_rep_out in out and document_id not in out
