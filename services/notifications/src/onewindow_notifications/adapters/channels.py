"""The real channels: email over SMTP, Standard Webhooks over HTTP, SMS over an HTTP provider.
Each turns one send into an Outcome; none of them touches the database."""

from __future__ import annotations

import contextlib
import smtplib
import threading
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate
from typing import Protocol

import httpx
from standardwebhooks.webhooks import Webhook

from onewindow_notifications.config import SmtpSettings
from onewindow_notifications.domain.retry import Outcome, http_outcome, parse_retry_after
from onewindow_notifications.domain.sms import is_e164, segments

MESSAGE_ID_DOMAIN = "notifications.onewindow"


def message_id(delivery_id: str) -> str:
    """The Message-ID of a delivery: a resend carries the same one, so mail clients dedupe."""
    return f"<{delivery_id}@{MESSAGE_ID_DOMAIN}>"


def build_email(
    *,
    delivery_id: str,
    sender: str,
    to: str,
    subject: str,
    text: str,
    html: str,
    unsubscribe_url: str | None,
) -> EmailMessage:
    """Multipart text + HTML; List-Unsubscribe only on notices a person may switch off."""
    msg = EmailMessage()
    msg["Message-ID"] = message_id(delivery_id)
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    if unsubscribe_url:
        msg["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return msg


class SmtpSender:
    """Sends over SMTP, keeping one connection per dispatcher thread (a handshake per message
    halves the rate); a connection that went stale is replaced once, before anything is sent
    on it."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._local = threading.local()

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout_s)
        if s.starttls:
            smtp.starttls()
        if s.user:
            smtp.login(s.user, s.password.value)
        return smtp

    def _connection(self) -> smtplib.SMTP:
        smtp: smtplib.SMTP | None = getattr(self._local, "smtp", None)
        if smtp is not None:
            try:
                if smtp.noop()[0] == 250:
                    return smtp
            except (OSError, smtplib.SMTPException):
                pass
            self._drop()
        self._local.smtp = self._connect()
        return self._local.smtp  # type: ignore[no-any-return]

    def _drop(self) -> None:
        smtp = getattr(self._local, "smtp", None)
        self._local.smtp = None
        if smtp is not None:
            with contextlib.suppress(OSError):
                smtp.close()

    def send(self, message: EmailMessage) -> Outcome:
        """Hand the message to the relay; 4xx replies and network errors are retried."""
        try:
            self._connection().send_message(message)
            return Outcome(ok=True)
        except smtplib.SMTPRecipientsRefused as exc:
            return Outcome(False, False, f"recipient refused: {len(exc.recipients)}")
        except smtplib.SMTPResponseException as exc:
            self._drop()
            transient = 400 <= exc.smtp_code < 500
            return Outcome(False, transient, f"SMTP {exc.smtp_code}")
        except (OSError, smtplib.SMTPException) as exc:
            self._drop()
            return Outcome(False, True, f"SMTP unreachable: {type(exc).__name__}")


def signatures(secrets: list[str], msg_id: str, timestamp: datetime, body: bytes) -> str:
    """The webhook-signature header: one v1 signature per valid secret (rotation overlap)."""
    text = body.decode()
    return " ".join(Webhook(s).sign(msg_id, timestamp, text) for s in secrets)


class WebhookSender:
    """POSTs a signed event to a department system (no redirects: they could point inside)."""

    def __init__(self, timeout_s: float, client: httpx.Client | None = None) -> None:
        self._client = client or httpx.Client(timeout=timeout_s, follow_redirects=False)

    def send(
        self, url: str, msg_id: str, secrets: list[str], body: bytes, now: datetime
    ) -> Outcome:
        """One attempt; the outcome says whether trying again can help."""
        headers = {
            "content-type": "application/json",
            "webhook-id": msg_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": signatures(secrets, msg_id, now, body),
        }
        try:
            response = self._client.post(url, content=body, headers=headers)
        except (TimeoutError, httpx.TransportError) as exc:
            return Outcome(False, True, f"network: {type(exc).__name__}")
        retry_after = parse_retry_after(response.headers.get("retry-after"), now)
        return http_outcome(response.status_code, retry_after)

    def close(self) -> None:
        """Release the connection pool."""
        self._client.close()


class SmsProvider(Protocol):
    """A provider adapter: one small class each."""

    def send(self, to: str, text: str, msg_id: str) -> Outcome:
        """Send one text; the outcome says whether trying again can help."""


class HttpJsonSmsProvider:
    """A provider taking ``POST {to, text, reference}`` as JSON with a bearer key."""

    def __init__(self, url: str, key: str, *, timeout_s: float = 10.0) -> None:
        self.url = url
        self._client = httpx.Client(timeout=timeout_s, follow_redirects=False)
        self._key = key

    def _headers(self, msg_id: str) -> dict[str, str]:
        headers = {"idempotency-key": msg_id}  # a resend carries the same reference
        if self._key:
            headers["authorization"] = f"Bearer {self._key}"
        return headers

    def send(self, to: str, text: str, msg_id: str) -> Outcome:
        """One attempt; E.164 is checked before anything leaves."""
        if not is_e164(to):
            return Outcome(False, False, "phone number is not E.164")
        if not self.url:
            return Outcome(False, False, "no SMS provider configured")
        count = segments(text)
        try:
            response = self._client.post(
                self.url,
                json={
                    "to": to,
                    "text": text,
                    "reference": msg_id,
                    "encoding": count.encoding,
                    "segments": count.count,
                },
                headers=self._headers(msg_id),
            )
        except httpx.TransportError as exc:
            return Outcome(False, True, f"network: {type(exc).__name__}")
        return http_outcome(
            response.status_code,
            parse_retry_after(response.headers.get("retry-after"), datetime.now().astimezone()),
        )
