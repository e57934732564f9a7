"""Notifications settings: the kit's common settings plus SMTP, SMS, webhooks, retries, limits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from onewindow_kit.settings import CommonSettings, Env, Secret, load_common

SERVICE = "notifications"
PACKAGE_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_RULES = PACKAGE_ROOT / "rules" / "rules.yaml"
DEFAULT_TEMPLATES = PACKAGE_ROOT / "rules" / "templates.yaml"


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter, bounded by a total retry window."""

    base_s: float = 5.0
    cap_s: float = 3600.0
    window_s: float = 24 * 3600.0
    jitter: float = 0.2  # +/- share of each delay
    suspend_after: int = 10  # consecutive failed deliveries before a subscription is suspended


@dataclass(frozen=True)
class RateLimits:
    """Sends per second per channel/provider (a subscription has its own), across replicas:
    token buckets that hold ``burst_s`` seconds' worth, so a limit idle for a while sends that
    much at once and then keeps to its rate (the gateway's convention: 20/s, bursts of 40)."""

    smtp_per_s: float = 50.0
    sms_per_s: float = 10.0
    webhook_per_subscription_per_s: float = 20.0
    burst_s: float = 2.0


@dataclass(frozen=True)
class SmtpSettings:
    """Where email goes."""

    host: str
    port: int
    user: str
    password: Secret
    starttls: bool
    sender: str
    timeout_s: float
    unsubscribe_url: str


@dataclass(frozen=True)
class NotificationsSettings:
    """Everything the notifications processes read from the environment."""

    common: CommonSettings
    rules_path: Path
    templates_path: Path
    smtp: SmtpSettings
    sms_url: str
    sms_key: Secret
    webhook_timeout_s: float
    webhook_allow_private: tuple[str, ...]  # host names/IPs allowed despite the SSRF guard
    retry: RetryPolicy
    limits: RateLimits
    lease_s: float
    identity_addr: str


def _smtp(env: Env) -> SmtpSettings:
    return SmtpSettings(
        host=env.get_str("ONEWINDOW_SMTP_HOST", "127.0.0.1"),
        port=env.get_int("ONEWINDOW_SMTP_PORT", 1025),
        user=env.get_str("ONEWINDOW_SMTP_USER", ""),
        password=Secret(env.get_str("ONEWINDOW_SMTP_PASSWORD", "")),
        starttls=env.get_bool("ONEWINDOW_SMTP_STARTTLS", False),
        sender=env.get_str("ONEWINDOW_SMTP_FROM", "OneWindow <no-reply@onewindow.example>"),
        timeout_s=env.get_float("ONEWINDOW_SMTP_TIMEOUT_S", 10.0),
        unsubscribe_url=env.get_str(
            "ONEWINDOW_UNSUBSCRIBE_URL", "https://onewindow.example/me/preferences"
        ),
    )


def load(
    common: CommonSettings | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    test: bool = False,
) -> NotificationsSettings:
    """Read the settings; SettingsError names a missing or malformed variable."""
    env = Env(environ)
    allow = env.get_str("ONEWINDOW_WEBHOOK_ALLOW_PRIVATE", "")
    return NotificationsSettings(
        common=common or load_common(SERVICE, environ, test=test),
        rules_path=Path(env.get_str("ONEWINDOW_NOTIFICATIONS_RULES", str(DEFAULT_RULES))),
        templates_path=Path(
            env.get_str("ONEWINDOW_NOTIFICATIONS_TEMPLATES", str(DEFAULT_TEMPLATES))
        ),
        smtp=_smtp(env),
        sms_url=env.get_str("ONEWINDOW_SMS_URL", ""),
        sms_key=Secret(env.get_str("ONEWINDOW_SMS_KEY", "")),
        webhook_timeout_s=env.get_float("ONEWINDOW_WEBHOOK_TIMEOUT_S", 10.0),
        webhook_allow_private=tuple(h.strip() for h in allow.split(",") if h.strip()),
        retry=RetryPolicy(
            base_s=env.get_float("ONEWINDOW_RETRY_BASE_S", 5.0),
            cap_s=env.get_float("ONEWINDOW_RETRY_CAP_S", 3600.0),
            window_s=env.get_float("ONEWINDOW_RETRY_WINDOW_S", 24 * 3600.0),
            suspend_after=env.get_int("ONEWINDOW_WEBHOOK_SUSPEND_AFTER", 10),
        ),
        limits=RateLimits(
            smtp_per_s=env.get_float("ONEWINDOW_RATE_SMTP_PER_S", 50.0),
            sms_per_s=env.get_float("ONEWINDOW_RATE_SMS_PER_S", 10.0),
            webhook_per_subscription_per_s=env.get_float("ONEWINDOW_RATE_WEBHOOK_PER_S", 20.0),
            burst_s=env.get_float("ONEWINDOW_RATE_BURST_S", 2.0),
        ),
        lease_s=env.get_float("ONEWINDOW_DISPATCH_LEASE_S", 60.0),
        identity_addr=env.get_address("ONEWINDOW_IDENTITY_GRPC_ADDR", "127.0.0.1:50051"),
    )
