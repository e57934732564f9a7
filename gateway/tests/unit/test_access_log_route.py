"""GET /v1/me/access-log: one list in the shared onewindow.common.v1 shape, merged from
identity, cases and documents, newest first; a silent service is named in ``degraded``."""

from datetime import UTC, datetime

from gateway_fakes import Behaviour, citizen, gateway, run
from google.protobuf.timestamp_pb2 import Timestamp

from onewindow.common.v1.access_log_pb2 import AccessLogEntry


def _entry(source: str, minute: int, **fields: str) -> AccessLogEntry:
    at = Timestamp()
    at.FromDatetime(datetime(2026, 12, 1, 9, minute, tzinfo=UTC))
    return AccessLogEntry(at=at, source=source, actor_kind="staff", **fields)


def _get(b: Behaviour, limit: int = 50):
    async def scenario():
        async with gateway(b) as http:
            return await http.get(f"/v1/me/access-log?limit={limit}", headers=citizen())

    return run(scenario())


def test_reads_from_three_services_come_back_as_one_time_ordered_list_of_one_shape():
    b = Behaviour(
        access={
            "identity": [_entry("identity", 5, action="get_person", object_kind="person")],
            "cases": [
                _entry("cases", 30, object_kind="case", object_id="N-1", case_id="c1"),
                _entry("cases", 1, object_kind="case", object_id="N-1", case_id="c1"),
            ],
            "documents": [
                _entry(
                    "documents", 20, action="download", object_kind="document",
                    object_id="d1", case_id="c1", purpose="check", actor_department="health",
                    actor_office="hosp-1", actor_subject="s-1", actor_username="nurse.li",
                )
            ],
        }
    )  # fmt: skip
    reply = _get(b)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["degraded"] == []
    assert [(e["source"], e["at"]) for e in body["items"]] == [
        ("cases", "2026-12-01T09:30:00.000Z"),
        ("documents", "2026-12-01T09:20:00.000Z"),
        ("identity", "2026-12-01T09:05:00.000Z"),
        ("cases", "2026-12-01T09:01:00.000Z"),
    ]
    assert body["items"][1] == {
        "at": "2026-12-01T09:20:00.000Z", "source": "documents", "actor_subject": "s-1",
        "actor_username": "nurse.li", "actor_kind": "staff", "actor_department": "health",
        "actor_office": "hosp-1", "action": "download", "object_kind": "document",
        "object_id": "d1", "purpose": "check", "case_id": "c1",
    }  # fmt: skip
    assert {tuple(sorted(e)) for e in body["items"]} == {tuple(sorted(body["items"][1]))}


def test_the_newest_limit_entries_are_kept_and_a_silent_service_is_named():
    b = Behaviour(
        access={
            "identity": [_entry("identity", m) for m in (3, 2, 1)],  # newest first, as served
            "cases": [_entry("cases", m) for m in (11, 10)],
        }
    )
    body = _get(b, limit=3).json()
    assert [e["at"][11:16] for e in body["items"]] == ["09:11", "09:10", "09:03"]
    assert body["degraded"] == ["documents"]
