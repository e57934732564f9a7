"""Metadata for gRPC calls a service makes on behalf of its own caller."""

from __future__ import annotations

from onewindow_kit.auth import ACTING_FOR_HEADER
from onewindow_kit.logging import CORRELATION_HEADER, correlation_id
from onewindow_kit.principal import current_token, principal_or_none


def forwarded_metadata(*, acting_for: bool = True) -> list[tuple[str, str]]:
    """The caller's bearer token, correlation id and (unless ``acting_for`` is False) the
    person or organisation they act for, so the next service authorises the same principal."""
    out: list[tuple[str, str]] = []
    if current_token():
        out.append(("authorization", f"Bearer {current_token()}"))
    principal = principal_or_none()
    if acting_for and principal is not None and principal.acting_for:
        out.append((ACTING_FOR_HEADER, principal.acting_for))
    if correlation_id():
        out.append((CORRELATION_HEADER, correlation_id()))
    return out
