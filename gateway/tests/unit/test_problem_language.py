"""Problem titles and the gateway's own details follow Accept-Language (zh-CN default, en);
the problem type does not."""

import ast
from pathlib import Path

import grpc
import pytest
from gateway_fakes import Behaviour, citizen, gateway, run

from onewindow_gateway import problem_texts
from onewindow_gateway.context import language
from onewindow_gateway.problems import _SLUGS

SRC = Path(__file__).resolve().parents[2] / "src" / "onewindow_gateway"
EN = {"Accept-Language": "en-GB,en;q=0.9"}
ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}


def _get(path: str, b: Behaviour, headers: dict[str, str]):
    async def scenario():
        async with gateway(b) as http:
            return await http.get(path, headers=headers)

    return run(scenario())


@pytest.mark.parametrize(
    ("headers", "title"),
    [({}, "未找到"), (ZH, "未找到"), (EN, "Not found")],
    ids=["no-header-zh-CN", "zh-CN", "en"],
)
def test_a_services_refusal_gets_the_title_in_the_callers_language(headers, title):
    b = Behaviour(fail_with=grpc.StatusCode.NOT_FOUND)
    reply = _get("/v1/cases/c1", b, {**citizen(), **headers})
    body = reply.json()
    assert (reply.status_code, body["title"]) == (404, title)
    assert body["type"] == "https://onewindow.example/problems/not-found"


def test_the_services_own_wording_is_passed_through_in_either_language():
    b = Behaviour(
        fail_with=grpc.StatusCode.INVALID_ARGUMENT, violations=[("form.child_name", "is required")]
    )
    zh = _get("/v1/cases/c1", b, citizen()).json()
    en = _get("/v1/cases/c1", b, {**citizen(), **EN}).json()
    assert (zh["title"], en["title"]) == ("请求内容有误", "Invalid request")
    assert zh["invalid_params"] == en["invalid_params"]
    assert zh["invalid_params"] == [{"name": "form.child_name", "reason": "is required"}]
    assert zh["type"] == en["type"] == "https://onewindow.example/problems/invalid-request"


def _verify_empty_file(headers: dict[str, str]):
    async def scenario():
        async with gateway(Behaviour()) as http:
            files = {"file": ("qr.jws", b"", "application/octet-stream")}
            return await http.post("/v1/certificates/verify", files=files, headers=headers)

    return run(scenario())


def test_the_gateways_own_detail_and_reason_are_translated():
    zh = _verify_empty_file({}).json()
    en = _verify_empty_file(EN).json()
    assert (zh["title"], zh["detail"]) == ("请求内容有误", "file：为空")  # noqa: RUF001
    assert zh["invalid_params"] == [{"name": "file", "reason": "为空"}]
    assert (en["title"], en["detail"]) == ("Invalid request", "file: is empty")
    assert en["invalid_params"] == [{"name": "file", "reason": "is empty"}]
    assert zh["type"] == en["type"]


def test_the_middlewares_early_refusals_are_translated_with_their_type_kept():
    bad_id = {"X-Request-ID": "no spaces allowed"}
    zh = _get("/v1/catalogue", Behaviour(), bad_id)
    en = _get("/v1/catalogue", Behaviour(), {**bad_id, **EN})
    assert zh.status_code == en.status_code == 400
    assert (zh.json()["title"], en.json()["title"]) == ("请求格式错误", "Malformed request")
    assert zh.json()["invalid_params"][0]["name"] == "X-Request-ID"
    assert zh.json()["invalid_params"][0]["reason"].startswith("须为 8 到 128 个")
    assert zh.json()["type"] == en.json()["type"]
    assert zh.json()["type"] == "https://onewindow.example/problems/malformed-request"


def test_request_validation_reasons_are_translated_by_error_type():
    async def scenario(headers):
        async with gateway(Behaviour()) as http:
            body = {"service_type": "x", "form": {}, "surprise": 1}
            return await http.post(
                "/v1/cases",
                json=body,
                headers={**citizen(), "Idempotency-Key": "k-00000001", **headers},
            )

    zh = run(scenario({})).json()
    en = run(scenario(EN)).json()
    assert {"name": "surprise", "reason": "不是允许的字段"} in zh["invalid_params"]
    assert {"name": "surprise", "reason": "Extra inputs are not permitted"} in en["invalid_params"]
    assert zh["title"] == "请求内容有误"


def test_every_status_has_a_title_in_both_languages():
    for status in _SLUGS:
        en = problem_texts.title(status, "en")
        zh = problem_texts.title(status, "zh-CN")
        assert en != zh and en.isascii() and not zh.isascii(), status


@pytest.mark.parametrize(
    "header", [None, "", "en", "en-US,zh;q=0.5", "zh-CN", "zh-TW,en;q=0.8", "fr-FR, en;q=0.7", "de"]
)
def test_problems_pick_the_same_language_as_the_routes(header):
    assert problem_texts.language_of(header) == language(header)


def _sample(node: ast.expr) -> str | None:
    """A literal argument as text; a formatted one with its values replaced by a number."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [str(v.value) if isinstance(v, ast.Constant) else "7" for v in node.values]
        text = "".join(parts)
        # f"{name}: {reason}" (invalid's own detail) carries no words of its own
        return text if any(c.isalpha() for c in text) else None
    return None


def _raised_texts() -> list[tuple[str, str]]:
    """Every literal detail or reason the gateway raises (Problem, invalid, the middleware)."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            index = {"Problem": 1, "invalid": 1, "_problem": 3}.get(node.func.id)
            if index is None or len(node.args) <= index:
                continue
            text = _sample(node.args[index])
            if text is not None:
                found.append((f"{path.name}:{node.lineno}", text))
    return found


def test_every_detail_the_gateway_raises_has_a_chinese_text():
    raised = _raised_texts()
    assert len(raised) >= 20  # the scan sees the routes, uploads and middleware
    untranslated = [(where, t) for where, t in raised if problem_texts.text(t, "zh-CN") == t]
    assert untranslated == []
