"""Backoff schedule, SMS segments, the SSRF guard and Standard Webhooks signatures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from onewindow_notifications.adapters.channels import build_email, message_id, signatures
from onewindow_notifications.domain.retry import (
    Outcome,
    backoff_delay,
    http_outcome,
    next_attempt,
    parse_retry_after,
)
from onewindow_notifications.domain.sms import is_e164, segments
from onewindow_notifications.domain.urlguard import url_problem

T0 = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)


def test_backoff_doubles_up_to_the_cap_and_jitter_stays_within_its_share() -> None:
    delays = [backoff_delay(a, base_s=5, cap_s=60, jitter=0, rand=lambda: 0.5) for a in range(1, 7)]
    assert delays == [5, 10, 20, 40, 60, 60]
    low = backoff_delay(3, base_s=5, cap_s=60, jitter=0.2, rand=lambda: 0.0)
    high = backoff_delay(3, base_s=5, cap_s=60, jitter=0.2, rand=lambda: 1.0)
    assert (low, high) == (16.0, 24.0)


def test_retries_stop_at_the_end_of_the_window_and_never_for_other_4xx() -> None:
    kwargs = dict(base_s=3600, cap_s=6 * 3600, window_s=24 * 3600, jitter=0, rand=lambda: 0.5)
    fail = Outcome(False, True, "HTTP 503")
    assert next_attempt(fail, attempt=1, first_attempt_at=T0, now=T0, **kwargs) == T0 + timedelta(
        hours=1
    )
    late = T0 + timedelta(hours=20)
    assert next_attempt(fail, attempt=6, first_attempt_at=T0, now=late, **kwargs) is None
    assert next_attempt(http_outcome(404), attempt=1, first_attempt_at=T0, now=T0, **kwargs) is None
    assert http_outcome(204).ok and http_outcome(500).retryable and http_outcome(429).retryable
    assert not http_outcome(400).retryable and not http_outcome(410).retryable


def test_retry_after_is_honoured_in_seconds_or_as_a_date() -> None:
    kwargs = dict(base_s=1, cap_s=10, window_s=3600, jitter=0, rand=lambda: 0.5)
    busy = http_outcome(429, parse_retry_after("120", T0))
    assert next_attempt(busy, attempt=1, first_attempt_at=T0, now=T0, **kwargs) == T0 + timedelta(
        seconds=120
    )
    assert parse_retry_after("Wed, 02 Dec 2026 08:01:00 GMT", T0) == 60.0
    assert parse_retry_after("soon", T0) is None


def test_sms_segments_gsm7_and_ucs2() -> None:
    assert segments("a" * 160) == segments("a" * 160) and segments("a" * 160).count == 1
    assert segments("a" * 161).count == 2 and segments("a" * 306).count == 2
    assert segments("a" * 307).count == 3
    assert segments("€" * 80).units == 160 and segments("€" * 81).count == 2  # extension table
    chinese = "您的申请已受理"
    assert segments(chinese).encoding == "UCS-2" and segments(chinese).count == 1
    assert segments("申" * 70).count == 1 and segments("申" * 71).count == 2
    assert segments("申" * 134).count == 2 and segments("申" * 135).count == 3


def test_phone_numbers_must_be_e164() -> None:
    assert is_e164("+8613800138000") and is_e164("+442071838750")
    assert not is_e164("13800138000") and not is_e164("+0123456") and not is_e164("+86 138")


def test_the_ssrf_guard_refuses_private_targets_unless_allowed() -> None:
    public = lambda host: ["93.184.216.34"]  # noqa: E731
    assert url_problem("https://hooks.example.org/x", (), public) is None
    assert url_problem("ftp://hooks.example.org/x", (), public) == "must be an http or https URL"
    assert "private" in (url_problem("http://127.0.0.1:9000/x", ()) or "")
    assert "private" in (url_problem("http://169.254.169.254/latest", ()) or "")
    assert "private" in (url_problem("http://10.1.2.3/", ()) or "")
    assert "private" in (
        url_problem("http://internal.example/", (), lambda h: ["192.168.1.5"]) or ""
    )
    assert url_problem("http://127.0.0.1:9000/x", ("127.0.0.1",)) is None
    assert url_problem("http://user:pw@hooks.example.org/", (), public) is not None


def test_signature_matches_the_standard_webhooks_published_test_vector() -> None:
    # From the Standard Webhooks specification's reference test suite.
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    msg_id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    stamp = datetime.fromtimestamp(1614265330, tz=UTC)
    body = b'{"test": 2432232314}'
    assert signatures([secret], msg_id, stamp, body) == (
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_during_rotation_both_secrets_verify_with_the_standard_library() -> None:
    old, new = "whsec_" + "A" * 43 + "=", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    now = datetime.now(UTC)
    body = b'{"id": "e1"}'
    header = signatures([new, old], "d1", now, body)
    headers = {"webhook-id": "d1", "webhook-timestamp": str(int(now.timestamp())),
               "webhook-signature": header}  # fmt: skip
    assert Webhook(new).verify(body, headers) == {"id": "e1"}
    assert Webhook(old).verify(body, headers) == {"id": "e1"}
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "B" * 43 + "=").verify(body, headers)


def _parsed(raw: bytes) -> EmailMessage:
    parsed = message_from_bytes(raw, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    assert not parsed.defects
    return parsed


def test_email_is_multipart_with_a_stable_message_id_and_unsubscribe_only_when_optional() -> None:
    optional = build_email(
        delivery_id="d-1", sender="OneWindow <a@x.example>", to="b@y.example", subject="S",
        text="plain", html="<p>h</p>", unsubscribe_url="https://x/prefs",
    )  # fmt: skip
    assert (optional.sender, optional.to) == ("a@x.example", "b@y.example")
    parsed = _parsed(optional.data)
    assert parsed["Message-ID"] == message_id("d-1") == "<d-1@notifications.onewindow>"
    assert parsed["List-Unsubscribe"] == "<https://x/prefs>"
    assert parsed["From"] == "OneWindow <a@x.example>" and parsed["To"] == "b@y.example"
    kinds = [p.get_content_type() for p in parsed.iter_parts()]
    assert kinds == ["text/plain", "text/html"]
    mandatory = build_email(
        delivery_id="d-2", sender="a@x.example", to="b@y.example", subject="S", text="t",
        html="h", unsubscribe_url=None,
    )  # fmt: skip
    assert _parsed(mandatory.data)["List-Unsubscribe"] is None


def test_email_carries_chinese_text_intact_and_no_header_injection() -> None:
    title = "申请已受理 B-2026-000123 出生登记" * 3 + "\nBcc: someone@evil.example"
    text = "您的申请已提交。\n预计办结日期 2026-12-31。"
    html = "<p>您的申请 <strong>B-1</strong> 已提交。</p>"
    sent = build_email(
        delivery_id="d-3", sender="一网通办 <no-reply@x.example>", to="c@y.example",
        subject=title, text=text, html=html, unsubscribe_url=None,
    )  # fmt: skip
    assert max(len(line) for line in sent.data.split(b"\r\n")) <= 78
    assert b"\n" not in sent.data.replace(b"\r\n", b"")  # CRLF line ends only
    parsed = _parsed(sent.data)
    assert parsed["Subject"] == title.replace("\n", " ")
    assert parsed["Bcc"] is None
    assert parsed["From"].addresses[0].display_name == "一网通办"
    plain, rich = parsed.iter_parts()
    assert plain.get_content().replace("\r\n", "\n") == text
    assert rich.get_content() == html
    for bad in ("c@y.example\r\nBcc: x@z", "名@y.example", "a@y, b@z"):
        with pytest.raises(ValueError):
            build_email(
                delivery_id="d-4", sender="a@x", to=bad, subject="S", text="t", html="h",
                unsubscribe_url=None,
            )  # fmt: skip
