"""The statements of the submission writer, in psycopg's parameter style.

A new standalone case is filed by one statement (data-modifying CTEs): claim the client key,
insert the case, its first history line and its case_submitted outbox row; when the key was
used before, nothing is inserted and no row comes back (one round trip instead of four). A
bundle is a few plain inserts in one transaction. Column lists come from the table definitions
(``tables``) and the kit's outbox (``ROW_COLUMNS``): nothing is named twice."""

from __future__ import annotations

from functools import cache
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import JSONB

from onewindow_cases.adapters.repository import HISTORY_FIELDS
from onewindow_cases.adapters.tables import CASE_COLUMNS, SCHEMA, bundles, cases
from onewindow_cases.domain.case import Case
from onewindow_kit.outbox import ROW_COLUMNS

# A new standalone case: these columns start at their defaults; the rest are parameters. (psycopg
# caches a statement's conversion only up to 50 parameters, so constants stay out of them.)
_FRESH = {
    "extension_days": "0", "extension_reason": "''", "paused_days": "0", "paused_since": "NULL",
    "bundle_id": "NULL", "bundle_part": "0", "waiting_for_case_id": "NULL", "assignee": "''",
    "decision": "''", "decision_reason": "''", "decided_at": "NULL", "decided_by": "''",
    "certificate_type": "''", "version": "1", "updated_at": "%(created_at)s",
}  # fmt: skip
_CASE_PARAMS = [c for c in CASE_COLUMNS if c not in _FRESH]
_ACTOR = ("actor_kind", "actor_department", "actor_office", "acting_for")
_OUTBOX = tuple(c for c in ROW_COLUMNS if c != "key")  # the key is the new case's id


def _p(name: str) -> str:
    return f"%({name})s"


@cache
def case_statement() -> str:
    """Client key, case, first history line and outbox row: all four rows or none."""
    case_cols = ", ".join([*_CASE_PARAMS, *_FRESH])
    case_vals = ", ".join([*(_p(c) for c in _CASE_PARAMS), *_FRESH.values()])
    actor_vals = ", ".join(_p(c) for c in _ACTOR)
    out_vals = ", ".join(_p(f"o_{c}") for c in _OUTBOX)
    schema = SCHEMA
    return f"""
        WITH claimed AS (
          INSERT INTO "{schema}".idempotency_keys
            (subject, client_key, kind, fingerprint, target_id, created_at)
          VALUES (%(submitted_by)s, %(client_key)s, 'case', %(fingerprint)s, %(id)s,
                  %(created_at)s)
          ON CONFLICT DO NOTHING
          RETURNING target_id
        ), new_case AS (
          INSERT INTO "{schema}".cases ({case_cols})
          SELECT {case_vals} FROM claimed
          RETURNING id
        ), first_line AS (
          INSERT INTO "{schema}".case_history (case_id, at, action, from_status, to_status,
            actor_subject, reason, {", ".join(_ACTOR)})
          SELECT id, %(created_at)s, 'submitted', '', %(status)s, %(submitted_by)s, '',
                 {actor_vals}
          FROM new_case
        ), event AS (
          INSERT INTO "{schema}".outbox (key, {", ".join(_OUTBOX)})
          SELECT id, {out_vals} FROM new_case
        )
        SELECT id FROM new_case
    """


def case_params(case: Case, key: dict[str, str], outbox_row: dict[str, Any]) -> dict[str, Any]:
    """The parameters of ``case_statement`` for a new standalone case, its key and its event."""
    first = case.new_history[0]
    fresh = (
        case.version == 1 and not case.bundle_id and not case.assignee and not case.decision
        and case.updated_at == case.created_at and first.actor_subject == case.submitted_by
        and key["subject"] == case.submitted_by and outbox_row["key"] == case.id
    )  # fmt: skip
    assert fresh, "the submit statement files new standalone cases only"
    params: dict[str, Any] = {c: getattr(case, c) for c in _CASE_PARAMS}
    params.update({c: getattr(first, c) for c in _ACTOR})
    params.update({f"o_{c}": outbox_row[c] for c in _OUTBOX})
    params.update(client_key=key["client_key"], fingerprint=key["fingerprint"])
    params["form"], params["documents"] = Jsonb(params["form"]), Jsonb(params["documents"])
    return params


def claim_key_statement() -> str:
    """Claim a client key; a row comes back only for its first use."""
    return f"""
        INSERT INTO "{SCHEMA}".idempotency_keys
          (subject, client_key, kind, fingerprint, target_id, created_at)
        VALUES (%(subject)s, %(client_key)s, %(kind)s, %(fingerprint)s, %(target_id)s,
                %(created_at)s)
        ON CONFLICT DO NOTHING
        RETURNING target_id
    """


def insert_statement(table: Table, columns: tuple[str, ...]) -> str:
    """A plain one-row INSERT of ``columns`` into ``table``."""
    unknown = set(columns) - set(table.c.keys())
    assert not unknown, f"not columns of {table.name}: {unknown}"
    cols = ", ".join(columns)
    return f'INSERT INTO "{SCHEMA}".{table.name} ({cols}) VALUES ({", ".join(map(_p, columns))})'


def _jsonb(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    return {k: Jsonb(v) if isinstance(table.c[k].type, JSONB) else v for k, v in row.items()}


def bundle_rows(bundle: dict[str, Any]) -> dict[str, Any]:
    """The bundle row as psycopg parameters."""
    return _jsonb(bundles, bundle)


def case_rows(parts: list[Case]) -> list[dict[str, Any]]:
    """New cases (bundle parts) as psycopg parameters."""
    return [_jsonb(cases, {c: getattr(p, c) for c in CASE_COLUMNS}) for p in parts]


def history_rows(parts: list[Case]) -> list[dict[str, Any]]:
    """The first history lines of new cases."""
    return [
        {"case_id": p.id, **{f: getattr(h, f) for f in HISTORY_FIELDS}}
        for p in parts
        for h in p.new_history
    ]


BUNDLE_COLUMNS = tuple(c.name for c in bundles.columns)
HISTORY_COLUMNS = ("case_id", *HISTORY_FIELDS)
