"""Staff, representatives and department systems through the gateway: take in, claim, review and
decide with versions; queues per department; a representative acts for the mandator; a department
system uses its client-credentials token; the services decide who may do what."""

import os
import time
from datetime import UTC, datetime, timedelta

import pytest
from gateway_support import key
from keycloak import KeycloakOpenID

pytestmark = pytest.mark.integration


def applied_case(front):
    person = front.register()
    document = front.upload(person.token)["document"]
    reply = front.apply(person, document["id"])
    assert reply.status_code == 201, reply.text
    return person, reply.json()


def test_a_supervisor_takes_in_claims_reviews_and_decides_with_versions(front):
    person, case = applied_case(front)
    supervisor = front.auth(front.staff("supervisor.health"))
    clerk = front.auth(front.staff("clerk.central"))
    url = f"/v1/cases/{case['id']}"

    read = front.http.get(f"{url}?purpose=intake", headers=supervisor)
    assert read.status_code == 200
    etag = read.headers["etag"]
    refused = front.http.post(
        f"{url}/transitions", json={"to_status": "accepted"}, headers={**clerk, "If-Match": etag}
    )
    # the central hall does not take in health work: the case is not this clerk's to see,
    # answered exactly as a missing one
    assert refused.status_code == 404, refused.text
    assert refused.json()["detail"] == "case not found"
    accepted = front.http.post(
        f"{url}/transitions",
        json={"to_status": "accepted"},
        headers={**supervisor, "If-Match": etag},
    )
    assert accepted.status_code == 200, accepted.text
    stale = front.http.post(f"{url}/claim", headers={**supervisor, "If-Match": etag})
    assert stale.status_code == 412
    claimed = front.http.post(
        f"{url}/claim", headers={**supervisor, "If-Match": accepted.headers["etag"]}
    )
    assert claimed.status_code == 200 and claimed.json()["assignee"]
    review = front.http.post(
        f"{url}/transitions",
        json={"to_status": "in_review"},
        headers={**supervisor, "If-Match": claimed.headers["etag"]},
    )
    decided = front.http.post(
        f"{url}/decision",
        json={"outcome": "approved"},
        headers={**supervisor, "If-Match": review.headers["etag"]},
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    mine = front.http.get(url, headers=front.auth(person.token)).json()
    assert mine["status"] == "approved"


def test_queues_are_per_department_and_search_finds_by_number(front):
    _, case = applied_case(front)
    supervisor = front.auth(front.staff("supervisor.health"))
    queue = front.http.get(
        "/v1/departments/health/queue?limit=100&status=submitted", headers=supervisor
    )
    assert queue.status_code == 200
    other = front.http.get("/v1/departments/psb/queue", headers=supervisor)
    assert other.status_code == 403
    found = front.http.get(
        f"/v1/search/cases?case_number={case['case_number']}", headers=supervisor
    )
    assert found.status_code == 200 and [c["id"] for c in found.json()["items"]] == [case["id"]]
    citizen_queue = front.http.get(
        "/v1/departments/health/queue", headers=front.auth(front.register(verify=False).token)
    )
    assert citizen_queue.status_code == 403


def test_a_representative_acts_for_the_mandator_with_x_acting_for(front):
    mother, case = applied_case(front)
    son = front.register()
    until = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    granted = front.http.post(
        "/v1/me/mandates",
        json={"mandatee_person_id": son.person_id, "valid_until": until},
        headers=front.auth(mother.token, Idempotency_Key=key()),
    )
    assert granted.status_code == 201, granted.text
    as_mother = front.auth(son.token, X_Acting_For=mother.person_id)
    theirs = front.http.get("/v1/me/cases", headers=as_mother)
    assert theirs.status_code == 200 and case["id"] in [c["id"] for c in theirs.json()["items"]]
    own = front.http.get("/v1/me/cases", headers=front.auth(son.token)).json()
    assert case["id"] not in [c["id"] for c in own["items"]]
    revoked = front.http.delete(
        f"/v1/me/mandates/{granted.json()['mandate_id']}", headers=front.auth(mother.token)
    )
    assert revoked.status_code == 200
    after = front.http.get("/v1/me/cases", headers=as_mother)
    assert after.status_code in (401, 403)


def test_a_department_system_reads_its_departments_case_with_client_credentials(front):
    oidc = KeycloakOpenID(
        server_url=os.environ.get("ONEWINDOW_KEYCLOAK_URL", "http://127.0.0.1:8080"),
        realm_name="onewindow",
        client_id="dept-health-system",
        client_secret_key=os.environ.get(
            "ONEWINDOW_KEYCLOAK_DEPT_HEALTH_SECRET", "dev-only-dept-health-secret"
        ),
    )
    token = oidc.token(grant_type="client_credentials")["access_token"]
    _, case = applied_case(front)
    read = front.http.get(f"/v1/cases/{case['id']}?purpose=records+sync", headers=front.auth(token))
    assert read.status_code == 200, read.text
    assert read.json()["case_number"] == case["case_number"]
    other = front.http.get("/v1/departments/psb/queue", headers=front.auth(token))
    assert other.status_code == 403


def test_the_citizen_sees_staff_reads_in_one_merged_access_log(front):
    person, case = applied_case(front)
    supervisor = front.auth(front.staff("supervisor.health"))
    assert (
        front.http.get(f"/v1/cases/{case['id']}?purpose=review", headers=supervisor).status_code
        == 200
    )
    log = front.http.get("/v1/me/access-log", headers=front.auth(person.token))
    assert log.status_code == 200
    body = log.json()
    reads = [e for e in body["items"] if e["source"] == "cases" and e["purpose"] == "review"]
    assert reads and reads[0]["actor_department"] == "health"
    assert reads[0]["object_kind"] == "case" and reads[0]["case_id"] == case["id"]
    times = [e["at"] for e in body["items"]]
    assert times == sorted(times, reverse=True)


def test_a_department_admin_creates_staff_and_an_auditor_reads_access_logs(front):
    admin = front.auth(front.login("admin.health", "dev-pass-admin"), Idempotency_Key=key())
    body = {
        "username": f"nurse.{key()[:8]}",
        "family_name": "Zhou",
        "given_name": "Min",
        "email": f"nurse-{key()[:8]}@example.org",
        "office": "hosp-1",
        "roles": ["clerk"],
        "initial_password": "Tmp-passw0rd!",
    }
    created = front.http.post("/v1/departments/health/staff", json=body, headers=admin)
    assert created.status_code == 201, created.text
    assert created.json()["department"] == "health" and created.json()["roles"] == ["clerk"]
    clerk = front.auth(front.staff("clerk.central"), Idempotency_Key=key())
    refused = front.http.post(
        "/v1/departments/psb/staff", json={**body, "username": "x.y.z"}, headers=clerk
    )
    assert refused.status_code == 403

    person, case = applied_case(front)
    supervisor = front.auth(front.staff("supervisor.health"))
    url = f"/v1/documents/{case['documents'][0]['document_id']}?purpose=check"
    # the document opens to health once documents has linked it to the case (a Kafka hop)
    for _ in range(120):
        if front.http.get(url, headers=supervisor).status_code == 200:
            break
        time.sleep(0.5)
    auditor = front.auth(front.login("auditor.demo", "dev-pass-auditor"))
    docs = front.http.get(f"/v1/persons/{person.person_id}/document-access-log", headers=auditor)
    assert docs.status_code == 200, docs.text
    assert any(e["purpose"] == "check" for e in docs.json()["items"])
    stranger = front.auth(front.register(verify=False).token)
    nosy = front.http.get(f"/v1/persons/{person.person_id}/document-access-log", headers=stranger)
    assert nosy.status_code in (403, 404)
