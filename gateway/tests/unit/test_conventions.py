"""The API's conventions: tokens first, request ids, strict input, pages, keys, versions."""

import time
import uuid

import grpc
from gateway_fakes import TOKENS, Behaviour, citizen, gateway, run

from onewindow_kit.auth import TokenValidator
from onewindow_kit.principal import Principal
from onewindow_kit.revocations import RevocationSet
from onewindow_kit.testing import StaticKeys

SUBMIT = {"service_type": "birth-medical-certificate", "form": {"a": 1}, "document_ids": ["d1"]}


def test_no_call_reaches_a_service_without_a_valid_token():
    b = Behaviour()

    async def scenario():
        async with gateway(b) as http:
            missing = await http.get("/v1/cases/c1")
            expired = await http.get(
                "/v1/cases/c1", headers={"Authorization": f"Bearer {TOKENS.token(ttl_s=-60)}"}
            )
            wrong_aud = await http.get(
                "/v1/cases/c1",
                headers={"Authorization": f"Bearer {TOKENS.token(audience='other')}"},
            )
            return missing, expired, wrong_aud

    for reply in run(scenario()):
        assert reply.status_code == 401
        assert reply.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    assert b.seen == []


class CountingValidator(TokenValidator):
    """The kit's validator over the test key, counting full verifications."""

    def __init__(self, revocations: RevocationSet) -> None:
        super().__init__(
            issuer=TOKENS.issuer,
            audience=TOKENS.audience,
            keys=StaticKeys(TOKENS),
            revocations=revocations,
        )
        self.full_checks = 0

    def principal(self, token: str) -> Principal:
        self.full_checks += 1
        return super().principal(token)


def test_a_repeat_token_skips_the_full_check_and_a_locked_account_is_refused_at_once():
    b, revocations = Behaviour(), RevocationSet()
    validator = CountingValidator(revocations)
    headers = {"Authorization": f"Bearer {TOKENS.token(subject='kc-1', person_id='p-1')}"}

    async def scenario():
        async with gateway(b, validator) as http:
            first = await http.get("/v1/cases/c1", headers=headers)
            again = await http.get("/v1/cases/c1", headers=headers)
            revocations.lock("p-1", time.time())
            locked = await http.get("/v1/cases/c1", headers=headers)
            return first, again, locked

    first, again, locked = run(scenario())
    assert (first.status_code, again.status_code, validator.full_checks) == (200, 200, 1)
    assert locked.status_code == 401 and "revoked" in locked.json()["detail"]
    assert len(b.seen) == 2  # the locked account's call reached no service


def test_the_callers_own_token_acting_for_and_request_id_are_forwarded():
    b = Behaviour()
    headers = {
        **citizen(),
        "X-Acting-For": "org-42",
        "X-Request-ID": "req-12345678",
        "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    }

    async def scenario():
        async with gateway(b) as http:
            return await http.get("/v1/cases/c1", headers=headers)

    reply = run(scenario())
    assert reply.headers["x-request-id"] == "req-12345678"
    _, _, metadata = b.seen[0]
    assert metadata["authorization"] == headers["Authorization"]
    assert metadata["x-acting-for"] == "org-42"
    assert metadata["x-correlation-id"] == "req-12345678"
    assert metadata["traceparent"] == headers["traceparent"]


def test_a_malformed_request_id_is_refused_and_a_missing_one_generated():
    async def scenario():
        async with gateway(Behaviour()) as http:
            bad = await http.get("/healthz", headers={"X-Request-ID": "no spaces allowed"})
            fresh = await http.get("/healthz")
            return bad, fresh

    bad, fresh = run(scenario())
    assert bad.status_code == 400 and bad.json()["invalid_params"][0]["name"] == "X-Request-ID"
    assert uuid.UUID(fresh.headers["x-request-id"])


def test_strict_input_unknown_fields_bad_json_size_and_depth():
    b = Behaviour()
    headers = {**citizen(), "Idempotency-Key": "key-00000001", "Content-Type": "application/json"}

    async def scenario():
        async with gateway(b) as http:
            unknown = await http.post(
                "/v1/cases", json={**SUBMIT, "colour": "red"}, headers=headers
            )
            broken = await http.post("/v1/cases", content=b'{"service_type":', headers=headers)
            huge = await http.post(
                "/v1/cases", content=b'{"form":"' + b"x" * 300_000 + b'"}', headers=headers
            )
            deep = await http.post(
                "/v1/cases", content=b'{"form":' + b"[" * 40 + b"]" * 40 + b"}", headers=headers
            )
            bad_id = await http.get("/v1/cases/has%20space", headers=citizen())
            return unknown, broken, huge, deep, bad_id

    unknown, broken, huge, deep, bad_id = run(scenario())
    assert unknown.status_code == 422 and unknown.json()["invalid_params"][0]["name"] == "colour"
    assert broken.status_code == 400
    assert huge.status_code == 413
    assert deep.status_code == 422
    assert bad_id.status_code == 422 and bad_id.json()["invalid_params"][0]["name"] == "case_id"
    assert b.seen == []


def test_cursor_pages_carry_a_next_url_until_the_last():
    async def scenario():
        async with gateway(Behaviour()) as http:
            pages = []
            url = "/v1/me/cases?limit=2"
            while url:
                body = (await http.get(url, headers=citizen())).json()
                pages.append([c["id"] for c in body["items"]])
                url = body["next"]
            too_many = await http.get("/v1/me/cases?limit=101", headers=citizen())
            return pages, too_many

    pages, too_many = run(scenario())
    assert pages == [["c0", "c1"], ["c2", "c3"], ["c4"]]
    assert too_many.status_code == 422


def test_idempotency_key_replays_and_refuses_a_different_body_naming_the_header():
    b = Behaviour()
    headers = {**citizen(), "Idempotency-Key": "key-00000001"}

    async def scenario():
        async with gateway(b) as http:
            first = await http.post("/v1/cases", json=SUBMIT, headers=headers)
            again = await http.post("/v1/cases", json=SUBMIT, headers=headers)
            other = await http.post(
                "/v1/cases", json={**SUBMIT, "document_ids": ["d2"]}, headers=headers
            )
            missing = await http.post("/v1/cases", json=SUBMIT, headers=citizen())
            return first, again, other, missing

    first, again, other, missing = run(scenario())
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert other.status_code == 422
    assert other.json()["invalid_params"] == [
        {"name": "Idempotency-Key", "reason": "was already used"}
    ]
    assert missing.status_code == 422
    assert b.seen[0][1].client_key == "key-00000001"


def test_etag_and_if_match_carry_the_case_version():
    b = Behaviour(version=3)

    async def scenario():
        async with gateway(b) as http:
            read = await http.get("/v1/cases/c1", headers=citizen())
            claimed = await http.post(
                "/v1/cases/c1/claim", headers={**citizen(), "If-Match": read.headers["etag"]}
            )
            stale = await http.post(
                "/v1/cases/c1/claim", headers={**citizen(), "If-Match": read.headers["etag"]}
            )
            none = await http.post("/v1/cases/c1/claim", headers=citizen())
            return read, claimed, stale, none

    read, claimed, stale, none = run(scenario())
    assert read.headers["etag"] == '"3"'
    assert claimed.status_code == 200 and claimed.headers["etag"] == '"4"'
    assert stale.status_code == 412
    assert none.status_code == 428


def test_dashboard_answers_partially_when_a_service_is_slow():
    b = Behaviour(wallet_delay_s=2.0)

    async def scenario():
        async with gateway(b, ONEWINDOW_GATEWAY_DASHBOARD_DEADLINE_S="0.3") as http:
            return await http.get("/v1/me/dashboard", headers=citizen())

    reply = run(scenario())
    assert reply.status_code == 200
    body = reply.json()
    assert body["degraded"] == ["documents"] and body["wallet_count"] is None
    assert body["unread_notices"] == 2
    assert [c["id"] for c in body["open_cases"]] == ["c0", "c1", "c2", "c3", "c4"]
    assert body["open_cases_next"] is None  # all of them shown


def test_dashboard_without_cases_still_shows_the_rest():
    b = Behaviour(fail_with=grpc.StatusCode.UNAVAILABLE)

    async def scenario():
        async with gateway(b) as http:
            return await http.get("/v1/me/dashboard", headers=citizen())

    reply = run(scenario())
    assert reply.status_code == 200
    body = reply.json()
    assert body["degraded"] == ["cases"]
    assert (body["open_cases"], body["bundles"], body["offers"]) == ([], [], [])
    assert (body["wallet_count"], body["unread_notices"]) == (1, 2)


def test_dashboard_lists_the_newest_open_cases_and_links_to_the_rest():
    b = Behaviour(case_ids=[f"c{i}" for i in range(23)])

    async def scenario():
        async with gateway(b) as http:
            board = await http.get("/v1/me/dashboard", headers=citizen())
            rest = await http.get(board.json()["open_cases_next"], headers=citizen())
            return board, rest

    board, rest = run(scenario())
    assert [c["id"] for c in board.json()["open_cases"]] == [f"c{i}" for i in range(10)]
    # one call into cases for the open cases, bundles and offers
    (overview,) = [r for name, r, _ in b.seen if name == "GetMyOverview"]
    assert (overview.cases_page_size, overview.bundles_page_size) == (10, 20)
    assert not [name for name, _, _ in b.seen if name in ("ListMyBundles", "ListMyOffers")]
    assert rest.status_code == 200
    assert [c["id"] for c in rest.json()["items"]] == [f"c{i}" for i in range(10, 20)]
    (asked,) = [r for name, r, _ in b.seen if name == "ListMyCases"]
    assert asked.open_only and asked.page_token == "10"


def test_dashboard_counts_the_wallet_with_one_count_call():
    b = Behaviour(wallet_count=230)  # more than any page of ListWallet holds

    async def scenario():
        async with gateway(b) as http:
            return await http.get("/v1/me/dashboard", headers=citizen())

    body = run(scenario()).json()
    assert body["wallet_count"] == 230 and body["wallet_count_is_lower_bound"] is False
    assert body["degraded"] == []
    counted = [md for name, _, md in b.seen if name == "CountWallet"]
    assert len(counted) == 1 and counted[0]["authorization"].startswith("Bearer ")


def test_personal_answers_are_not_cached_and_carry_security_headers():
    async def scenario():
        async with gateway(Behaviour()) as http:
            return await http.get("/v1/cases/c1", headers=citizen())

    reply = run(scenario())
    assert reply.headers["cache-control"] == "no-store"
    assert reply.headers["x-content-type-options"] == "nosniff"


def test_accept_language_picks_the_status_label():
    async def scenario():
        async with gateway(Behaviour()) as http:
            english = await http.get(
                "/v1/cases/c1", headers={**citizen(), "Accept-Language": "en-GB,en;q=0.8"}
            )
            default = await http.get("/v1/cases/c1", headers=citizen())
            return english.json(), default.json()

    english, default = run(scenario())
    assert english["status_label"] == "Received"
    assert default["status_label"] == "已提交"
    assert english["status_text"] == {"zh": "已提交", "en": "Received"}


def test_cors_answers_only_allow_listed_origins():
    env = {"ONEWINDOW_GATEWAY_CORS_ORIGINS": "https://portal.example"}
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization",
    }

    async def scenario():
        async with gateway(Behaviour(), **env) as http:
            allowed = await http.options(
                "/v1/cases", headers={"Origin": "https://portal.example", **preflight}
            )
            other = await http.options(
                "/v1/cases", headers={"Origin": "https://evil.example", **preflight}
            )
            return allowed, other

    allowed, other = run(scenario())
    assert allowed.headers["access-control-allow-origin"] == "https://portal.example"
    assert "access-control-allow-origin" not in other.headers
