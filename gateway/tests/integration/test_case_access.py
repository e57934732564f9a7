"""Access that follows the case, against the running stack (identity, cases, documents with its
links consumer on real Kafka, PostgreSQL, Keycloak): a clerk of another department gets the
NOT_FOUND of a missing id until a case of their department uses the document; the owner's
consent opens it and its revocation closes it; the reads carry their case and purpose into the
citizen's merged access log."""

import time
import uuid

import pytest
from gateway_support import key

pytestmark = pytest.mark.integration
LINK_WAIT_S = 60  # the links consumer follows onewindow.cases.v1; bounded, not a timing claim


def _read(front, headers, document_id, purpose):
    return front.http.get(f"/v1/documents/{document_id}?purpose={purpose}", headers=headers)


def _until_readable(front, headers, document_id, purpose):
    deadline = time.monotonic() + LINK_WAIT_S
    while True:
        reply = _read(front, headers, document_id, purpose)
        if reply.status_code != 404 or time.monotonic() > deadline:
            return reply
        time.sleep(0.5)


def _hidden(front, headers, document_id, purpose="check"):
    """The answer for the document is the answer for an id that does not exist."""
    hidden = _read(front, headers, document_id, purpose)
    missing = _read(front, headers, str(uuid.uuid4()), purpose)
    assert hidden.status_code == missing.status_code == 404
    assert {k: v for k, v in hidden.json().items() if k != "instance"} == {
        k: v for k, v in missing.json().items() if k != "instance"
    }
    return True


def test_a_document_opens_to_the_department_of_its_case_and_under_consent_only(front):
    person = front.register()
    document = front.upload(person.token)["document"]
    health = front.auth(front.staff("supervisor.health"))
    psb = front.auth(front.staff("clerk.central"))  # department psb
    assert _hidden(front, health, document["id"])
    assert _hidden(front, psb, document["id"])

    applied = front.apply(person, document["id"])  # a health case uses the document
    assert applied.status_code == 201, applied.text
    case = applied.json()
    opened = _until_readable(front, health, document["id"], "birth check")
    assert opened.status_code == 200, opened.text
    assert opened.json()["id"] == document["id"]
    assert _hidden(front, psb, document["id"])  # another department's case opens nothing

    citizen = front.auth(person.token, Idempotency_Key=key())
    consent = front.http.post(
        "/v1/me/consents",
        json={
            "department": "psb",
            "document_types": ["resident_id"],
            "purpose": "household",
            "valid_until": "2027-06-30T00:00:00Z",
        },
        headers=citizen,
    )
    assert consent.status_code == 201, consent.text
    assert _read(front, psb, document["id"], "household").status_code == 200
    assert _hidden(front, psb, document["id"], "marketing")  # not the purpose consented to
    revoked = front.http.delete(
        f"/v1/me/consents/{consent.json()['consent_id']}", headers=front.auth(person.token)
    )
    assert revoked.status_code == 200, revoked.text
    assert _hidden(front, psb, document["id"], "household")

    log = front.http.get("/v1/me/access-log", headers=front.auth(person.token)).json()
    reads = [
        (e["actor_department"], e["purpose"], e["case_id"])
        for e in log["items"]
        if e["source"] == "documents" and e["object_id"] == document["id"]
    ]
    assert ("health", "birth check", case["id"]) in reads
    assert ("psb", "household", "") in reads
    assert {p for _, p, _ in reads} == {"birth check", "household"}  # refusals are not reads
