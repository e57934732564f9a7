"""The gateway's own problem texts in the caller's language: zh-CN (the default) or en.

Titles are fixed per status. The gateway's own fixed details and field reasons are written in
English where they are raised (routes, uploads, middleware) and put into Chinese here, by their
English text, when the caller's language is zh-CN; a unit test fails when a literal raised in the
gateway has no translation. Texts the services and the kit's token validator word (a case's
state, "token has expired", a service's field violation) are passed through as they come.
The problem ``type`` never changes with the language: clients branch on it.
"""

# ruff: noqa: RUF001 -- the Chinese texts use full-width punctuation on purpose
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

ZH_CN = "zh-CN"
EN = "en"

TITLES: dict[int, tuple[str, str]] = {
    400: ("Malformed request", "请求格式错误"),
    401: ("Not authenticated", "未登录或登录已失效"),
    403: ("Forbidden", "无权执行此操作"),
    404: ("Not found", "未找到"),
    405: ("Method not allowed", "不支持此请求方法"),
    406: ("Not acceptable", "无法提供所要求的格式"),
    409: ("Conflict", "与当前状态冲突"),
    412: ("Precondition failed", "内容已被更改"),
    413: ("Request body too large", "请求内容过大"),
    415: ("Unsupported media type", "不支持的内容类型"),
    422: ("Invalid request", "请求内容有误"),
    428: ("Precondition required", "缺少版本信息"),
    429: ("Too many requests", "请求过于频繁"),
    500: ("Internal error", "内部错误"),
    502: ("Bad gateway", "服务未能正确应答"),
    503: ("Service unavailable", "服务暂时不可用"),
    504: ("Gateway timeout", "服务应答超时"),
}
_OTHER = ("Error", "错误")

# The gateway's own fixed texts (details and field reasons), English -> Chinese.
_FIXED_ZH = {
    "a service is unavailable; try again": "有服务暂时不可用，请稍后重试",
    "a service failed to answer this request": "有服务未能处理此请求",
    "the request body is not valid JSON": "请求正文不是有效的 JSON",
    "the gateway failed to handle this request": "网关未能处理此请求",
    "send Authorization: Bearer <access token from the realm>": (
        "请发送 Authorization: Bearer <从认证服务取得的访问令牌>"
    ),
    "send If-Match with the ETag of the case you read": "请在 If-Match 中发送所读取办件的 ETag",
    "send multipart/form-data with a boundary": "请以带 boundary 的 multipart/form-data 发送",
    "the multipart body ended before the file's closing boundary": (
        "multipart 正文在文件的结束边界之前就已结束"
    ),
    "this dataset is served as text/csv or application/json": (
        "此数据集只提供 text/csv 或 application/json 格式"
    ),
    "the request body ended before the upload was complete": "上传尚未完成，请求正文就已结束",
    "the documents service accepted an incomplete upload": "材料服务接收了不完整的上传",
    "the cursor is not one this list gave": "该游标不是此列表给出的",
    "is not a cursor of this list; start again without it": "不是此列表的游标，请不带游标重新开始",
    "no such document": "没有此材料",
    "the documents service sent no version header": "材料服务未返回版本信息",
    "staff see their own department's queue only": "工作人员只能查看本部门的待办队列",
    "Not Found": "没有此地址",
    "Method Not Allowed": "此地址不支持该请求方法",
    "must be 1-128 letters, digits, '.', '_', ':' or '-'": (
        "须为 1 到 128 个字母、数字或 '.'、'_'、':'、'-'"
    ),
    "must be 8-128 letters, digits, '.', '_', ':' or '-'": (
        "须为 8 到 128 个字母、数字或 '.'、'_'、':'、'-'"
    ),
    'must be the ETag of the case, e.g. "3"': '须为办件的 ETag，例如 "3"',
    "is required (send the form fields first, then the file)": (
        "为必填项（请先发送表单字段，再发送文件）"
    ),
    "is not a field of this form": "不是此表单的字段",
    "is empty": "为空",
}

# The gateway's own texts with a number or a name in them.
_PATTERNS_ZH: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"is longer than (\d+) bytes"), "超过 {0} 字节"),
    (re.compile(r"is longer than (\d+) characters"), "超过 {0} 个字符"),
    (re.compile(r"malformed multipart body: (\S+)"), "multipart 正文格式错误：{0}"),
    (re.compile(r"a certificate file is at most (\d+) bytes"), "证书文件最大 {0} 字节"),
    (
        re.compile(r"more than (\d+) requests in (\d+) s; slow down"),
        "{1} 秒内超过 {0} 次请求，请稍后再试",
    ),
    (re.compile(r"JSON bodies are limited to (\d+) bytes"), "JSON 正文最大 {0} 字节"),
    (re.compile(r"JSON nesting deeper than (\d+) levels"), "JSON 嵌套超过 {0} 层"),
]
_NAMED = re.compile(r"^([A-Za-z0-9_.\-\[\]]+): (.+)$")

# Request validation (pydantic) reasons by error type; context values filled in.
_VALIDATION_ZH = {
    "missing": "为必填项",
    "extra_forbidden": "不是允许的字段",
    "string_type": "应为字符串",
    "string_too_short": "至少 {min_length} 个字符",
    "string_too_long": "最多 {max_length} 个字符",
    "string_pattern_mismatch": "不符合格式 {pattern}",
    "too_short": "至少 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应大于或等于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应小于或等于 {le}",
    "literal_error": "应为以下之一：{expected}",
    "enum": "应为以下之一：{expected}",
    "dict_type": "应为 JSON 对象",
    "model_type": "应为 JSON 对象",
    "list_type": "应为数组",
    "date_type": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "datetime_type": "应为 RFC 3339 时间",
    "datetime_parsing": "应为 RFC 3339 时间",
    "datetime_from_date_parsing": "应为 RFC 3339 时间",
    "uuid_type": "应为 UUID",
    "uuid_parsing": "应为 UUID",
}


def language_of(accept_language: str | None) -> str:
    """zh-CN (the default) or en, from an Accept-Language header (the first of the two named)."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("en"):
            return EN
        if tag.startswith("zh"):
            return ZH_CN
    return ZH_CN


def title(status: int, language: str) -> str:
    """The fixed title of ``status`` in ``language``."""
    en, zh = TITLES.get(status, _OTHER)
    return en if language == EN else zh


def english_title(status: int) -> str:
    """The English title (the OpenAPI examples and the middleware's problem types use it)."""
    return TITLES.get(status, _OTHER)[0]


def _zh(text: str) -> str | None:
    fixed = _FIXED_ZH.get(text)
    if fixed is not None:
        return fixed
    for pattern, template in _PATTERNS_ZH:
        match = pattern.fullmatch(text)
        if match:
            return template.format(*match.groups())
    return None


def text(value: str, language: str) -> str:
    """A detail or field reason in ``language``: the gateway's own texts are translated (also
    after a field name, as in ``"file: is empty"``); anything else comes back unchanged."""
    if language == EN or not value:
        return value
    translated = _zh(value)
    if translated is not None:
        return translated
    named = _NAMED.match(value)
    if named:
        reason = _zh(named.group(2))
        if reason is not None:
            return f"{named.group(1)}：{reason}"
    return value


def validation_reason(error: Mapping[str, Any], language: str) -> str:
    """One request validation error's reason in ``language`` (pydantic's English for en, and
    for error types without a translation)."""
    message = str(error.get("msg", "is invalid"))
    template = _VALIDATION_ZH.get(str(error.get("type", "")))
    if language == EN or template is None:
        return message
    context = {k: _plain(v) for k, v in (error.get("ctx") or {}).items()}
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return message


def _plain(value: Any) -> str:
    return str(value).replace("'", "")
