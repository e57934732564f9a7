"""GET /v1/me/access-log pages with ?limit= and ?cursor=: whole pages, newest first, no entry
shown twice or left out, across identity (a limit only), cases and documents (page tokens)."""

import base64
import json
import random
from datetime import UTC, datetime, timedelta

from gateway_fakes import Behaviour, citizen, gateway, run
from google.protobuf.timestamp_pb2 import Timestamp

from onewindow.common.v1.access_log_pb2 import AccessLogEntry

START = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def _log(counts: dict[str, int], seed: int = 7) -> dict[str, list[AccessLogEntry]]:
    """Each service's entries newest first (as the services answer), times interleaved across
    services and some equal, every entry told apart by its object id."""
    rnd = random.Random(seed)
    out: dict[str, list[AccessLogEntry]] = {}
    for source, count in counts.items():
        entries = []
        for n in range(count):
            at = Timestamp()
            at.FromDatetime(START + timedelta(seconds=rnd.randrange(0, 3 * sum(counts.values()))))
            entries.append(
                AccessLogEntry(at=at, source=source, actor_kind="staff", object_id=f"{source}-{n}")
            )
        entries.sort(key=lambda e: (e.at.seconds, e.object_id), reverse=True)
        out[source] = entries
    return out


def _walk(b: Behaviour, limit: int, between=None) -> list[dict]:
    """Every page from the first, following next; between(page number) may change the fakes."""

    async def scenario():
        pages = []
        async with gateway(b) as http:
            url = f"/v1/me/access-log?limit={limit}"
            while url:
                reply = await http.get(url, headers=citizen())
                assert reply.status_code == 200, reply.text
                pages.append(reply.json())
                url = pages[-1]["next"]
                if between:
                    between(len(pages))
                assert len(pages) < 100, "the pages never end"
        return pages

    return run(scenario())


def _newest_first(log: dict[str, list[AccessLogEntry]]) -> list[str]:
    every = [e for entries in log.values() for e in entries]
    return [e.object_id for e in sorted(every, key=lambda e: e.at.seconds, reverse=True)]


def _check(pages: list[dict], log: dict[str, list[AccessLogEntry]], limit: int) -> None:
    shown = [e["object_id"] for p in pages for e in p["items"]]
    assert sorted(shown) == sorted(_newest_first(log)), "an entry was repeated or left out"
    times = [e["at"] for p in pages for e in p["items"]]
    assert times == sorted(times, reverse=True), "not newest first across pages"
    assert all(len(p["items"]) == limit for p in pages[:-1]), "a page before the last was short"
    assert pages[-1]["next"] is None
    for source, entries in log.items():  # each service's own order is kept
        mine = [i for i in shown if i.startswith(source + "-")]
        assert mine == [e.object_id for e in entries]


def test_small_pages_walk_the_merged_log_whole_and_in_order():
    log = _log({"identity": 9, "cases": 31, "documents": 17})
    pages = _walk(Behaviour(access=log), limit=7)
    assert len(pages) == 9  # 57 entries: eight full pages and one of one
    _check(pages, log, 7)
    assert all(p["degraded"] == [] for p in pages)


def test_pages_of_100_past_the_services_own_page_size():
    # cases hold more than one service page (200): positions move on to the next page token
    log = _log({"identity": 40, "cases": 430, "documents": 120}, seed=11)
    b = Behaviour(access=log)
    pages = _walk(b, limit=100)
    _check(pages, log, 100)
    tokens = [seen[1][1] for seen in b.seen if seen[0] == "cases.ListAccessLog"]
    assert any(tokens), "the cases part never went past its first service page"


def test_one_service_holding_every_entry_still_pages_exactly():
    log = {"identity": [], "cases": [], **_log({"documents": 25})}
    pages = _walk(Behaviour(access=log), limit=10)
    assert [len(p["items"]) for p in pages] == [10, 10, 5]
    _check(pages, log, 10)


def test_an_empty_log_is_one_empty_last_page():
    pages = _walk(Behaviour(access={"identity": [], "cases": [], "documents": []}), limit=5)
    assert pages == [{"items": [], "degraded": [], "next": None}]


def test_a_silent_service_is_named_and_its_entries_come_on_a_later_page():
    log = _log({"identity": 3, "cases": 4, "documents": 6})
    b = Behaviour(access={"identity": log["identity"], "cases": log["cases"]})

    def documents_back(page_number: int) -> None:
        if page_number == 1:
            b.access["documents"] = log["documents"]

    pages = _walk(b, limit=5, between=documents_back)
    assert pages[0]["degraded"] == ["documents"]
    assert all(p["degraded"] == [] for p in pages[1:])
    shown = [e["object_id"] for p in pages for e in p["items"]]
    assert sorted(shown) == sorted(_newest_first(log))  # nothing lost, nothing twice


def _cursor(data) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def test_a_cursor_this_list_did_not_give_is_a_422_naming_cursor():
    good = {"identity": ["", 0], "cases": ["", 0], "documents": None}
    bad = [
        "not a cursor!",
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        _cursor([1, 2]),
        _cursor({"identity": ["", 0], "cases": ["", 0]}),
        _cursor({**good, "cases": ["", -1]}),
        _cursor({**good, "cases": ["", "3"]}),
        _cursor({**good, "identity": ["tok", 0]}),
        _cursor({**good, "documents": ["x" * 1025, 0]}),
        _cursor({**good, "cases": [""]}),
    ]
    b = Behaviour(access=_log({"identity": 1, "cases": 1, "documents": 1}))

    async def scenario():
        async with gateway(b) as http:
            return [
                await http.get("/v1/me/access-log", params={"cursor": c}, headers=citizen())
                for c in bad
            ]

    for cursor, reply in zip(bad, run(scenario()), strict=True):
        assert reply.status_code == 422, (cursor, reply.text)
        assert reply.headers["content-type"].startswith("application/problem+json")
        assert [p["name"] for p in reply.json()["invalid_params"]] == ["cursor"], cursor
