"""Benchmark data: N cases generated in SQL (generate_series, 100,000 rows per statement) in a
dedicated schema, shaped like a city's history: most cases closed, ~12% open and recent,
skewed applicants (a few with many cases), 40% online, half the open cases assigned."""

from __future__ import annotations

import json
import time

from sqlalchemy import Engine, text

from onewindow_cases.domain.catalogue import Catalogue
from onewindow_cases.testing import SAMPLE_FORMS

BATCH = 100_000
APPLICANTS = 250_000
WEIGHTS = {  # share of all cases per service type
    "birth-medical-certificate": 0.12, "newborn-household-registration": 0.10,
    "newborn-medical-insurance": 0.10, "social-security-card": 0.14,
    "marriage-registration": 0.06, "business-registration": 0.08,
    "food-business-licence": 0.07, "fire-safety-inspection": 0.05, "signboard-permit": 0.08,
    "provident-fund-withdrawal": 0.20,
}  # fmt: skip
# (status kind or code, share, clock, decision, open)
HISTORY = [
    ("closed", 0.83, "stopped", "approved", False),
    ("withdrawn", 0.03, "stopped", "", False),
    ("approved", 0.01, "stopped", "approved", False),
    ("rejected", 0.005, "stopped", "rejected", False),
]
OPEN_SHARE = 1 - sum(h[1] for h in HISTORY)


def _open_statuses(catalogue: Catalogue, workflow: str) -> list[tuple[str, str]]:
    wf = catalogue.workflows[workflow]
    out = []
    for s in wf.statuses:
        if s.kind in ("open", "supplement", "suspended"):
            out.append((s.code, "paused" if s.pauses_clock else "running"))
    return out


def _status_rows(catalogue: Catalogue) -> list[dict]:
    rows = []
    for name in catalogue.workflows:
        lo = 0.0
        for code, share, clock, decision, is_open in HISTORY:
            rows.append(dict(wf=name, code=code, lo=lo, hi=lo + share, clock=clock,
                             decision=decision, open=is_open))  # fmt: skip
            lo += share
        open_codes = _open_statuses(catalogue, name)
        for i, (code, clock) in enumerate(open_codes):
            hi = 1.0000001 if i == len(open_codes) - 1 else lo + OPEN_SHARE / len(open_codes)
            rows.append(dict(wf=name, code=code, lo=lo, hi=hi, clock=clock, decision="", open=True))
            lo = hi
    return rows


def _type_rows(catalogue: Catalogue) -> list[dict]:
    rows, lo = [], 0.0
    for i, (code, weight) in enumerate(WEIGHTS.items()):
        st = catalogue.service_type(code)
        offices = [o.code for o in catalogue.offices.values() if st.department in o.departments]
        hi = 1.0000001 if i == len(WEIGHTS) - 1 else lo + weight
        rows.append(dict(
            code=code, dept=st.department, wf=st.workflow.code, lim=st.time_limit_days,
            offices=offices or [""], form=json.dumps(SAMPLE_FORMS[code]), lo=lo, hi=hi,
        ))  # fmt: skip
        lo = hi
    return rows


def _prepare(conn, catalogue: Catalogue) -> None:
    conn.execute(text(
        "CREATE TEMP TABLE bench_types (code text, dept text, wf text, lim int, offices text[],"
        " form jsonb, lo float8, hi float8) ON COMMIT PRESERVE ROWS"
    ))  # fmt: skip
    conn.execute(text(
        "CREATE TEMP TABLE bench_statuses (wf text, code text, lo float8, hi float8, clock text,"
        " decision text, open bool) ON COMMIT PRESERVE ROWS"
    ))  # fmt: skip
    conn.execute(
        text("INSERT INTO bench_types VALUES (:code, :dept, :wf, :lim, :offices, "
             "CAST(:form AS jsonb), :lo, :hi)"),
        _type_rows(catalogue),
    )  # fmt: skip
    conn.execute(
        text("INSERT INTO bench_statuses VALUES (:wf, :code, :lo, :hi, :clock, :decision, :open)"),
        _status_rows(catalogue),
    )


INSERT = """
INSERT INTO {s}.cases (id, case_number, catalogue_version, service_type, responsible_department,
  receiving_office, delivery_office, channel, applicant_id, submitted_by, status, form, documents,
  time_limit_days, start_date, extension_days, extension_reason, paused_days, paused_since, clock,
  due_date, warn_date, bundle_part, assignee, external_reference, decision, decision_reason,
  decided_at, decided_by, certificate_type, version, created_at, updated_at)
SELECT gen_random_uuid(),
  upper(t.dept) || '-' || extract(year FROM c.created)::int || '-B' || lpad(b.g::text, 7, '0'),
  :version, t.code, t.dept,
  CASE WHEN b.r_off < 0.4 THEN ''
       ELSE t.offices[1 + floor(b.r_off2 * cardinality(t.offices))::int] END,
  '', CASE WHEN b.r_off < 0.4 THEN 'online' ELSE 'office' END,
  'bench-P-' || floor(:applicants * power(b.r_app, 1.5))::int, 'bench', s.code, t.form, '[]',
  t.lim, c.created::date, 0, '', 0,
  CASE WHEN s.clock = 'paused' THEN c.created::date + 1 END, s.clock,
  c.created::date + (t.lim * 7 / 5 + 1), c.created::date + (t.lim * 7 / 5), 0,
  CASE WHEN s.open AND b.r_asg < 0.5 THEN t.dept || '-clerk-' || floor(b.r_asg * 40)::int
       ELSE '' END,
  CASE WHEN b.r_ext < 0.1 THEN 'EXT-' || b.g ELSE '' END,
  s.decision, CASE WHEN s.decision = 'rejected' THEN 'bench data' ELSE '' END,
  CASE WHEN s.decision <> '' THEN c.created + interval '3 days' END,
  CASE WHEN s.decision <> '' THEN 'bench' ELSE '' END, '', 1, c.created, c.created
FROM (SELECT g, random() r_st, random() r_type, random() r_app, random() r_off, random() r_off2,
             random() r_asg, random() r_ext, random() r_age
      FROM generate_series(CAST(:lo AS int), CAST(:hi AS int)) g) b
JOIN bench_types t ON b.r_type >= t.lo AND b.r_type < t.hi
JOIN bench_statuses s ON s.wf = t.wf AND b.r_st >= s.lo AND b.r_st < s.hi
CROSS JOIN LATERAL (SELECT now() - b.r_age * CASE WHEN s.open THEN interval '30 days'
                                                   ELSE interval '730 days' END AS created) c
"""


def generate(engine: Engine, schema: str, catalogue: Catalogue, target: int, log) -> int:
    """Top the schema up to ``target`` generated cases; returns how many exist."""
    with engine.connect() as conn:
        have = conn.execute(text(f"SELECT count(*) FROM {schema}.cases")).scalar_one()
    if have >= target:
        return int(have)
    started = time.perf_counter()
    with engine.connect() as conn:
        _prepare(conn, catalogue)
        conn.commit()
        lo = int(have) + 1
        while lo <= target:
            hi = min(lo + BATCH - 1, target)
            conn.execute(text(INSERT.format(s=schema)), {
                "lo": lo, "hi": hi, "version": catalogue.version, "applicants": APPLICANTS,
            })  # fmt: skip
            conn.commit()
            log(f"generated {hi:,} cases ({time.perf_counter() - started:.0f} s)")
            lo = hi + 1
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(
            text(f"VACUUM (ANALYZE) {schema}.cases")
        )
    return target
