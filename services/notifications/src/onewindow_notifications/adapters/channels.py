"""The real channels: email over SMTP, Standard Webhooks over HTTP, SMS over an HTTP provider.
Each turns one send into an Outcome; none of them touches the database."""

from __future__ import annotations

import base64
import contextlib
import functools
import smtplib
import threading
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr
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


@dataclass(frozen=True)
class OutgoingEmail:
    """A message ready for SMTP: the envelope addresses and the message (CRLF lines)."""

    sender: str
    to: str
    data: bytes


@functools.lru_cache(maxsize=8)
def _from(sender: str) -> tuple[str, str]:
    """The From header (a non-ASCII name encoded) and the envelope address of a sender."""
    name, address = parseaddr(sender)
    return formataddr((name, address), charset="utf-8"), address


def _header(name: str, value: str) -> str:
    """A header line: one logical line; non-ASCII or long text as RFC 2047 encoded words."""
    value = value.replace("\r", " ").replace("\n", " ")
    if value.isascii() and len(name) + len(value) <= 76:
        return f"{name}: {value}"
    encoded = Header(value, "utf-8", maxlinelen=76, header_name=name).encode(linesep="\r\n")
    return f"{name}: {encoded}"


def _part(subtype: str, content: str) -> bytes:
    """A UTF-8 text part, base64 (canonical CRLF line ends inside)."""
    canonical = content.replace("\r\n", "\n").replace("\n", "\r\n").encode()
    body = base64.encodebytes(canonical).replace(b"\n", b"\r\n")
    head = f'Content-Type: text/{subtype}; charset="utf-8"\r\nContent-Transfer-Encoding: base64'
    return head.encode() + b"\r\n\r\n" + body


def build_email(
    *,
    delivery_id: str,
    sender: str,
    to: str,
    subject: str,
    text: str,
    html: str,
    unsubscribe_url: str | None,
) -> OutgoingEmail:
    """Multipart text + HTML; List-Unsubscribe only on notices a person may switch off.

    Written directly as MIME (the email package's EmailMessage took ~1.4 ms of CPU per message,
    the dispatcher's largest cost). ValueError when ``to`` cannot be an SMTP address."""
    if not to.isascii() or any(c in to for c in "\r\n\t <>,;"):
        raise ValueError("the email address cannot be used")
    from_header, envelope_from = _from(sender)
    boundary = f"=_{delivery_id}"  # '=_' never occurs in base64 or in the part headers
    headers = [
        f"Message-ID: {message_id(delivery_id)}",
        f"Date: {formatdate(localtime=False, usegmt=True)}",
        f"From: {from_header}",
        f"To: {to}",
        _header("Subject", subject),
    ]
    if unsubscribe_url:
        url = unsubscribe_url.replace("\r", "").replace("\n", "")
        headers.append(f"List-Unsubscribe: <{url}>")
        headers.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
    headers += ["MIME-Version: 1.0", f'Content-Type: multipart/alternative; boundary="{boundary}"']
    delimiter = f"--{boundary}\r\n".encode()
    data = b"".join([
        "\r\n".join(headers).encode(), b"\r\n\r\n",
        delimiter, _part("plain", text), b"\r\n", delimiter, _part("html", html),
        f"\r\n--{boundary}--\r\n".encode(),
    ])  # fmt: skip
    return OutgoingEmail(envelope_from, to, data)


class SmtpSender:
    """Sends over SMTP, keeping one connection per dispatcher thread (a handshake per message
    halves the rate). A connection the server dropped while idle fails at MAIL FROM, before any
    of the message is accepted, and is then replaced once: no NOOP round trip per message."""

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
        smtp.ehlo_or_helo_if_needed()
        return smtp

    def _drop(self) -> None:
        smtp = getattr(self._local, "smtp", None)
        self._local.smtp = None
        if smtp is not None:
            with contextlib.suppress(OSError):
                smtp.close()

    def _mail_from(self, email: OutgoingEmail) -> smtplib.SMTP:
        """MAIL FROM on this thread's connection (a new one when it had none or it was gone)."""
        smtp: smtplib.SMTP | None = getattr(self._local, "smtp", None)
        if smtp is not None:
            try:
                code, reply = smtp.mail(email.sender)
            except OSError:  # SMTPServerDisconnected among them: closed while idle
                code, reply = 421, b""
            if code == 250:
                return smtp
            self._drop()
            if code != 421:
                raise smtplib.SMTPSenderRefused(code, reply, email.sender)
        smtp = self._local.smtp = self._connect()
        code, reply = smtp.mail(email.sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, email.sender)
        return smtp

    def send(self, email: OutgoingEmail) -> Outcome:
        """Hand the message to the relay; 4xx replies and network errors are retried."""
        try:
            smtp = self._mail_from(email)
            code, _ = smtp.rcpt(email.to)
            if code not in (250, 251):
                self._drop()
                return Outcome(False, 400 <= code < 500, f"recipient refused: SMTP {code}")
            code, _ = smtp.data(email.data)
            if code != 250:
                raise smtplib.SMTPDataError(code, b"")
            return Outcome(ok=True)
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
