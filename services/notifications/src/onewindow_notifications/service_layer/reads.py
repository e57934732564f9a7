"""Inbox, preferences and delivery status: what a person (or staff member) asks about."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from onewindow_kit.errors import InvalidArgument, NotFound, Validator
from onewindow_kit.principal import Principal
from onewindow_notifications.domain.model import LANGUAGES, PERSON_CHANNELS, Preferences
from onewindow_notifications.service_layer.ports import Services

MAX_PAGE = 100


def inbox_owner(principal: Principal) -> str:
    """Whose inbox a call reads: the mandator under x-acting-for; a staff member's own (by
    login, as staff notices are addressed); else the person's."""
    if principal.acting_for:
        return principal.acting_for
    if principal.kind == "staff":
        return principal.subject
    return principal.person_id or principal.subject


def notice_scope(principal: Principal) -> frozenset[str] | None:
    """What a representative sees of the mandator's inbox: notices about cases of the service
    types the mandate covers (None: everything — one's own inbox, or a mandate for all)."""
    if not principal.acting_for or "*" in principal.mandate_scope:
        return None
    return principal.mandate_scope


def page_size(value: int, field: str = "page_size") -> int:
    """1..100, default 20."""
    if value < 0 or value > MAX_PAGE:
        raise InvalidArgument(field, f"must be between 1 and {MAX_PAGE}")
    return value or 20


def _cursor(token: str) -> tuple[datetime, str] | None:
    if not token:
        return None
    try:
        stamp, _, notice_id = base64.urlsafe_b64decode(token.encode()).decode().partition("|")
        return datetime.fromisoformat(stamp), notice_id
    except (ValueError, UnicodeDecodeError):
        raise InvalidArgument("page_token", "is not a token this service issued") from None


def _token(row: dict[str, Any]) -> str:
    raw = f"{row['created_at'].isoformat()}|{row['id']}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def list_inbox(
    svc: Services, principal: Principal, *, size: int, token: str, unread_only: bool
) -> tuple[list[dict[str, Any]], str]:
    """A page of the inbox and the next page's token."""
    limit = page_size(size)
    after = _cursor(token)
    with svc.transaction() as store:
        rows = store.inbox(
            inbox_owner(principal), after=after, limit=limit + 1, unread_only=unread_only,
            service_types=notice_scope(principal),
        )  # fmt: skip
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, _token(rows[-1]) if more else ""


def get_notice(svc: Services, principal: Principal, notice_id: str) -> dict[str, Any]:
    """One notice of the caller's inbox; someone else's is simply not found."""
    if not notice_id:
        raise InvalidArgument("notice_id", "is required")
    with svc.transaction() as store:
        rows = store.notices_by_id(inbox_owner(principal), [notice_id], notice_scope(principal))
    if not rows:
        raise NotFound(f"notice {notice_id} not found")
    return rows[0]


def mark_read(svc: Services, principal: Principal, notice_ids: Sequence[str]) -> int:
    """Mark notices read; every id must be one of the caller's notices."""
    if not notice_ids:
        raise InvalidArgument("notice_ids", "is required")
    owner = inbox_owner(principal)
    with svc.transaction() as store:
        found = {r["id"] for r in store.notices_by_id(owner, notice_ids, notice_scope(principal))}
        missing = [i for i in notice_ids if i not in found]
        if missing:
            raise NotFound(f"notice {missing[0]} not found")
        return store.mark_read(owner, notice_ids, svc.clock())


def unread_count(svc: Services, principal: Principal) -> int:
    """How many unread notices the caller has."""
    with svc.transaction() as store:
        return store.unread_count(inbox_owner(principal), notice_scope(principal))


def get_preferences(svc: Services, principal: Principal) -> Preferences:
    """Stored preferences, or the defaults."""
    owner = inbox_owner(principal)
    with svc.transaction() as store:
        return store.preferences(owner) or Preferences(owner)


def _check_categories(
    v: Validator, svc: Services, categories: Sequence[tuple[str, Sequence[str]]]
) -> None:
    known = svc.catalogue.rules.categories
    seen: set[str] = set()
    for i, (name, channels) in enumerate(categories):
        path = f"categories[{i}]"
        category = known.get(name)
        if category is None:
            v.add(f"{path}.category", f"unknown category; known: {', '.join(sorted(known))}")
            continue
        if name in seen:
            v.add(f"{path}.category", "is listed twice")
        seen.add(name)
        for j, channel in enumerate(channels):
            if channel not in PERSON_CHANNELS:
                v.add(f"{path}.channels[{j}]", "must be email or sms")
        lost = [c for c in category.required_channels if c not in channels]
        if lost:
            v.add(
                f"{path}.channels", f"{name} is mandatory: {', '.join(lost)} cannot be switched off"
            )


def update_preferences(
    svc: Services,
    principal: Principal,
    *,
    language: str,
    categories: Sequence[tuple[str, Sequence[str]]],
) -> Preferences:
    """Change language and/or the channels of the listed categories; nothing is stored when any
    field is wrong (a mandatory category cannot lose its required channels)."""
    v = Validator()
    if language and language not in LANGUAGES:
        v.add("language", f"must be one of {', '.join(LANGUAGES)}")
    _check_categories(v, svc, categories)
    v.raise_if_any()
    with svc.transaction() as store:
        owner = inbox_owner(principal)
        current = store.preferences(owner) or Preferences(owner)
        merged = dict(current.channels)
        merged.update({name: tuple(dict.fromkeys(chs)) for name, chs in categories})
        updated = replace(
            current, language=language or current.language, channels=merged,
            updated_at=svc.clock(),
        )  # fmt: skip
        store.save_preferences(updated)
    return updated


def list_deliveries(
    svc: Services, principal: Principal, case_id: str, *, size: int, token: str
) -> tuple[list[dict[str, Any]], str]:
    """A case's deliveries: staff of its department see all; the citizen sees those to them."""
    if not case_id:
        raise InvalidArgument("case_id", "is required")
    limit = page_size(size)
    try:
        after = int(token) if token else 0
    except ValueError:
        raise InvalidArgument("page_token", "is not a token this service issued") from None
    with svc.transaction() as store:
        parties = store.case_parties(case_id)
        own = {parties.get("applicant_id"), parties.get("representative_id")} - {"", None}
        is_staff = principal.kind == "staff" and principal.department == parties.get("department")
        # a representative whose mandate is for other service types is a stranger to the case
        is_party = principal.effective_person_id in own and principal.acts_in(
            parties.get("service_type", "")
        )
        if not parties or not (is_staff or is_party):
            raise NotFound(f"case {case_id} not found")
        rows = store.deliveries_of_case(case_id, after_seq=after, limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    next_token = str(rows[-1]["seq"]) if more else ""
    if not is_staff:
        rows = [r for r in rows if r["recipient"] in own]
    return rows, next_token
