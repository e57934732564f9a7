"""The hot write of SubmitCase in one statement (data-modifying CTEs): claim the client key,
insert the case, its first history line and its case_submitted outbox row. When the key was
used before, nothing is inserted and no row comes back. (One round trip instead of four; the
outbox row is the kit's row, built with the kit's envelope, in the same transaction.)"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import TextClause, bindparam, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql.psycopg import dialect as psycopg_dialect
from sqlalchemy.orm import Session

from onewindow_cases.adapters.tables import CASE_COLUMNS, SCHEMA, SOURCE
from onewindow_cases.domain.case import Case
from onewindow_kit.outbox import Outbox, PendingEvent
from onewindow_kit.topics import domain_topic

# A new standalone case: these columns start at their defaults; the rest are parameters. (psycopg
# caches a statement's conversion only up to 50 parameters, so constants stay out of them.)
_FRESH = {
    "extension_days": "0", "extension_reason": "''", "paused_days": "0", "paused_since": "NULL",
    "bundle_id": "NULL", "bundle_part": "0", "waiting_for_case_id": "NULL", "assignee": "''",
    "decision": "''", "decision_reason": "''", "decided_at": "NULL", "decided_by": "''",
    "certificate_type": "''", "version": "1", "updated_at": ":created_at",
}  # fmt: skip
_CASE_PARAMS = [c for c in CASE_COLUMNS if c not in _FRESH]
_ACTOR = ("actor_kind", "actor_department", "actor_office", "acting_for")
_OUTBOX = ("event_id", "topic", "bucket", "event_type", "correlation_id", "envelope")
_JSONB_PARAMS = ("form", "documents")


@cache
def _statement(schema: str) -> TextClause:
    case_cols = ", ".join([*_CASE_PARAMS, *_FRESH])
    case_vals = ", ".join([*(f":{c}" for c in _CASE_PARAMS), *_FRESH.values()])
    actor_vals = ", ".join(f":{c}" for c in _ACTOR)
    out_vals = ", ".join(f":o_{c}" for c in _OUTBOX)
    sql = f"""
        WITH claimed AS (
          INSERT INTO "{schema}".idempotency_keys
            (subject, client_key, kind, fingerprint, target_id, created_at)
          VALUES (:submitted_by, :client_key, 'case', :fingerprint, :id, :created_at)
          ON CONFLICT DO NOTHING
          RETURNING target_id
        ), new_case AS (
          INSERT INTO "{schema}".cases ({case_cols})
          SELECT {case_vals} FROM claimed
          RETURNING id
        ), first_line AS (
          INSERT INTO "{schema}".case_history (case_id, at, action, from_status, to_status,
            actor_subject, reason, {", ".join(_ACTOR)})
          SELECT id, :created_at, 'submitted', '', :status, :submitted_by, '', {actor_vals}
          FROM new_case
        ), event AS (
          INSERT INTO "{schema}".outbox (key, {", ".join(_OUTBOX)})
          SELECT id, {out_vals} FROM new_case
        )
        SELECT id FROM new_case
    """
    return text(sql).bindparams(*(bindparam(name, type_=JSONB) for name in _JSONB_PARAMS))


def outbox_row(event: PendingEvent) -> dict[str, Any]:
    """The outbox row of an event, exactly as the kit's Outbox.write builds it."""
    return _outbox().row(event)


@cache
def _outbox() -> Outbox:
    return Outbox(source=SOURCE, schema=SCHEMA, topic=domain_topic(SOURCE))


def submitted_params(case: Case, key: dict[str, str], event: PendingEvent) -> dict[str, Any]:
    """The parameters of the statement for a new standalone case, its key and its event."""
    first = case.new_history[0]
    fresh = (
        case.version == 1 and not case.bundle_id and not case.assignee and not case.decision
        and case.updated_at == case.created_at and first.actor_subject == case.submitted_by
        and key["subject"] == case.submitted_by
    )  # fmt: skip
    assert fresh, "the submit statement files new standalone cases only"
    params: dict[str, Any] = {c: getattr(case, c) for c in _CASE_PARAMS}
    params.update({c: getattr(first, c) for c in _ACTOR})
    row = outbox_row(event)
    assert row["key"] == case.id
    params.update({f"o_{c}": row[c] for c in _OUTBOX})
    params.update(client_key=key["client_key"], fingerprint=key["fingerprint"])
    return params


def insert_submitted(
    session: Session, schema: str, case: Case, key: dict[str, str], event: PendingEvent
) -> bool:
    """True when the case was filed; False when the client key was used before."""
    params = submitted_params(case, key, event)
    inserted = session.execute(_statement(schema), params).scalar()
    case.new_history.clear()
    return inserted is not None


@cache
def psycopg_statement(schema: str) -> tuple[str, tuple[str, ...]]:
    """The same statement in psycopg's parameter style (for the asyncio path), and the names
    of its JSONB parameters."""
    compiled = _statement(schema).compile(dialect=psycopg_dialect())
    return str(compiled), _JSONB_PARAMS
