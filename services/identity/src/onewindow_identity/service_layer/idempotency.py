"""Idempotency keys: a retried request returns the first result instead of acting twice."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, is_dataclass
from typing import Any

from onewindow_identity.service_layer.ports import IdempotencyRecord, IdentityUnitOfWork
from onewindow_kit.errors import InvalidArgument
from onewindow_kit.principal import Principal


def request_hash(actor: Principal, request: Any) -> str:
    """A digest of who asked for what (secrets excluded by the caller)."""
    body = asdict(request) if is_dataclass(request) and not isinstance(request, type) else request
    canonical = json.dumps({"actor": actor.subject, "request": body}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def replay(uow: IdentityUnitOfWork, operation: str, key: str, digest: str) -> str | None:
    """The first result's id when ``key`` was used before for the same request."""
    record = uow.idempotency.get(operation, key)
    if record is None:
        return None
    if record.request_hash != digest:
        raise InvalidArgument("idempotency_key", "was already used for a different request")
    return record.result_id


def remember(uow: IdentityUnitOfWork, operation: str, key: str, digest: str, result: str) -> None:
    """Record the outcome in the same transaction as the change."""
    uow.idempotency.add(operation, key, IdempotencyRecord(request_hash=digest, result_id=result))
