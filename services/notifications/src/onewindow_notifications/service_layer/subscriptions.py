"""Webhook subscriptions of department systems: create, list, disable, rotate, replay."""

from __future__ import annotations

import base64
import binascii
import secrets as random_secrets
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from onewindow_kit.errors import InvalidArgument, NotFound, PermissionDenied, Validator
from onewindow_kit.principal import Principal
from onewindow_notifications.domain.model import Subscription
from onewindow_notifications.domain.urlguard import url_problem
from onewindow_notifications.service_layer import intake
from onewindow_notifications.service_layer.event_types import PAYLOADS
from onewindow_notifications.service_layer.ports import Services, Store

SECRET_OVERLAP = timedelta(hours=24)


def _department(principal: Principal) -> str:
    """Only a department's service account manages its subscriptions."""
    if principal.kind != "service" or not principal.department:
        raise PermissionDenied("webhook subscriptions belong to a department's service account")
    return principal.department


def new_secret() -> str:
    """whsec_ + 32 random bytes in base64, as Standard Webhooks libraries expect."""
    return "whsec_" + base64.b64encode(random_secrets.token_bytes(32)).decode()


def _check_secret(v: Validator, secret: str) -> None:
    raw = secret.removeprefix("whsec_")
    try:
        decoded = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        v.add("secret", "must be whsec_ followed by base64")
        return
    if not 24 <= len(decoded) <= 64:
        v.add("secret", "must hold 24 to 64 random bytes")


def create(
    svc: Services,
    principal: Principal,
    *,
    url: str,
    event_types: Sequence[str],
    service_type: str,
    case_id: str,
    secret: str,
) -> tuple[Subscription, str]:
    """A new active subscription and its secret; nothing is stored when any field is wrong."""
    department = _department(principal)
    v = Validator()
    problem = url_problem(url, svc.webhook_allow_private) if url else "is required"
    if problem:
        v.add("url", problem)
    if not event_types:
        v.add("event_types", "is required")
    for i, name in enumerate(event_types):
        if name not in PAYLOADS or name.startswith("onewindow.notifications."):
            v.add(f"event_types[{i}]", f"unknown event type {name!r}")
    if secret:
        _check_secret(v, secret)
    v.raise_if_any()
    now = svc.clock()
    sub = Subscription(
        id=svc.new_id(), department=department, owner_subject=principal.subject, url=url,
        event_types=tuple(dict.fromkeys(event_types)), service_type=service_type,
        case_id=case_id, status="active", secret=secret or new_secret(), previous_secret="",
        previous_secret_until=None, consecutive_failures=0, created_at=now,
        secret_rotated_at=now,
    )  # fmt: skip
    with svc.transaction() as store:
        store.add_subscription(sub)
    return sub, sub.secret


def _owned(principal: Principal, subscription_id: str, store: Store) -> Subscription:
    department = _department(principal)
    if not subscription_id:
        raise InvalidArgument("subscription_id", "is required")
    sub = store.subscription(subscription_id, lock=True)
    if sub is None or sub.department != department:
        raise NotFound(f"subscription {subscription_id} not found")
    return sub


def list_all(svc: Services, principal: Principal) -> list[Subscription]:
    """The department's subscriptions."""
    department = _department(principal)
    with svc.transaction() as store:
        return store.subscriptions_of(department)


def disable(svc: Services, principal: Principal, subscription_id: str) -> Subscription:
    """Stop sending (kept, not deleted); idempotent."""
    with svc.transaction() as store:
        sub = _owned(principal, subscription_id, store)
        store.update_subscription(sub.id, status="disabled")
    return replace(sub, status="disabled")


def rotate(svc: Services, principal: Principal, subscription_id: str) -> tuple[Subscription, str]:
    """A new secret; the old one stays valid (both signatures sent) for the overlap."""
    now = svc.clock()
    secret = new_secret()
    with svc.transaction() as store:
        sub = _owned(principal, subscription_id, store)
        values = {
            "secret": secret,
            "previous_secret": sub.secret,
            "previous_secret_until": now + SECRET_OVERLAP,
            "secret_rotated_at": now,
        }
        store.update_subscription(sub.id, **values)
    return replace(sub, **values), secret  # type: ignore[arg-type]


def replay(
    svc: Services, principal: Principal, subscription_id: str, since: datetime | None
) -> int:
    """Queue again every retained event the subscription matches since ``since``; a suspended
    subscription becomes active again (its department fixed the receiver)."""
    if since is None:
        raise InvalidArgument("since", "is required")
    now = svc.clock()
    with svc.transaction() as store:
        sub = _owned(principal, subscription_id, store)
        if sub.status == "disabled":
            raise InvalidArgument("subscription_id", "is disabled; create a new subscription")
        rows = []
        for event in store.events_since(sub.department, sub.event_types, since):
            if sub.service_type and sub.service_type != event["service_type"]:
                continue
            if sub.case_id and sub.case_id != event["case_id"]:
                continue
            facts = {"case_id": event["case_id"], "department": event["department"]}
            rows.append(intake.webhook_delivery(
                svc, sub.id, event["event_id"], event["event_type"], facts, event["body"], now
            ))  # fmt: skip
        store.add_deliveries(rows)
        store.update_subscription(sub.id, status="active", consecutive_failures=0)
    return len(rows)
