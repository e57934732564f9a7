"""The shared helpers behind the case routes: every versioned write reaches its own Cases RPC
with If-Match as expected_version, and an application filed online or at the counter sends
the same fields (the counter adding whom it is for)."""

from __future__ import annotations

import pytest
from gateway_fakes import Behaviour, citizen, gateway, run

VERSIONED = [
    ("claim", {}, "ClaimCase", {}),
    ("assignment", {"assignee": "clerk-2", "reason": "leave"}, "AssignCase",
     {"assignee": "clerk-2", "reason": "leave"}),
    ("transitions", {"to_status": "in_review"}, "TransitionCase", {"to_status": "in_review"}),
    ("supplement-requests", {"reason": "unreadable", "requested_document_types": ["resident_id"]},
     "RequestSupplement", {"reason": "unreadable"}),
    ("deadline-extensions", {"working_days": 5, "reason": "site visit"}, "ExtendDeadline",
     {"working_days": 5, "reason": "site visit"}),
    ("decision", {"outcome": "approved"}, "DecideCase", {"outcome": 1}),
    ("closure", {"reason": "done"}, "CloseCase", {"reason": "done"}),
    ("transfer", {"to_department": "health", "reason": "misrouted"}, "TransferCase",
     {"to_department": "health", "reason": "misrouted"}),
    ("supplements", {"comment": "the clearer scan"}, "ProvideSupplement",
     {"comment": "the clearer scan"}),
    ("withdrawal", {"reason": "moved away"}, "WithdrawCase", {"reason": "moved away"}),
]  # fmt: skip


@pytest.mark.parametrize(("route", "body", "rpc", "sent"), VERSIONED)
def test_each_versioned_write_reaches_its_rpc_with_the_version_of_if_match(route, body, rpc, sent):
    b = Behaviour(version=3)

    async def scenario():
        async with gateway(b) as http:
            url = f"/v1/cases/c7/{route}"
            missing = await http.post(url, json=body, headers=citizen())
            calls_before = len(b.seen)
            stale = await http.post(url, json=body, headers={**citizen(), "If-Match": '"2"'})
            done = await http.post(url, json=body, headers={**citizen(), "If-Match": '"3"'})
            return missing, calls_before, stale, done

    missing, calls_before, stale, done = run(scenario())
    assert missing.status_code == 428 and calls_before == 0  # refused before any call
    assert stale.status_code == 412
    assert done.status_code == 200, done.text
    assert done.headers["etag"] == '"4"' and done.json()["version"] == 4
    name, request, _ = b.seen[-1]
    assert name == rpc
    assert request.case_id == "c7" and request.expected_version == 3
    for field, value in sent.items():
        got = getattr(request, field)
        assert (got == value) if not isinstance(value, list) else (list(got) == value)


FILING = {"form": {"reason": "rent"}, "document_ids": ["doc-1"], "delivery_office": "east"}


def test_an_intake_sends_what_an_online_application_sends_and_whom_it_is_for():
    b = Behaviour()

    async def scenario():
        async with gateway(b) as http:
            online = await http.post(
                "/v1/cases",
                json={"service_type": "signboard-permit", **FILING},
                headers={**citizen(), "Idempotency-Key": "key-online-0001"},
            )
            counter = await http.post(
                "/v1/intake/cases",
                json={
                    "service_type": "signboard-permit", "applicant_id": "p-9",
                    "identity_verified_in_person": True, **FILING,
                },
                headers={**citizen(), "Idempotency-Key": "key-counter-0001"},
            )  # fmt: skip
            bundle = await http.post(
                "/v1/intake/bundles",
                json={"bundle_type": "newborn", "applicant_id": "p-9", **FILING},
                headers={**citizen(), "Idempotency-Key": "key-counter-0002"},
            )
            return online, counter, bundle

    online, counter, bundle = run(scenario())
    assert online.status_code == 201 and counter.status_code == 201, counter.text
    assert bundle.status_code == 201 and bundle.json()["id"] == "bundle-1"
    (_, mine, _), (_, intake, _), (_, filed_bundle, _) = b.seen[-3:]
    for sent in (mine, intake, filed_bundle):
        assert dict(sent.form) == {"reason": "rent"}
        assert list(sent.document_ids) == ["doc-1"] and sent.delivery_office == "east"
    assert mine.client_key == "key-online-0001" and mine.applicant_id == ""
    assert not mine.identity_verified_in_person
    assert intake.client_key == "key-counter-0001" and intake.applicant_id == "p-9"
    assert intake.identity_verified_in_person
    assert filed_bundle.bundle_type == "newborn" and filed_bundle.applicant_id == "p-9"
