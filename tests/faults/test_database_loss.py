"""Scenario 5: PostgreSQL stopped with `pg_ctl -m immediate` (no checkpoint, every connection
cut) under load and started again after an outage. Clients meet 503s and send the same
Idempotency-Key again; every submission answered 2xx — before the stop or after — exists
afterwards exactly once, with exactly one of each effect. Runs against the cluster on
ONEWINDOW_PG_PORT that infra/postgres.sh manages (Debian's pg_ctlcluster)."""

from __future__ import annotations

import os
import subprocess
import time

from scenario import SUBMISSIONS, run
from sqlalchemy import text
from stack import engine_of, gateway_ready, script, wait_until

PG_VERSION = os.environ.get("PG_VERSION", "15")
# The outage: 30 s.
OUTAGE_S = float(os.environ.get("ONEWINDOW_FAULTS_PG_OUTAGE_S", "30"))


def _pg(action: str, *extra: str) -> None:
    subprocess.run(["pg_ctlcluster", PG_VERSION, "main", action, *extra], check=True, timeout=120)


def _answers() -> bool:
    with engine_of("cases").connect() as conn:
        return conn.execute(text("SELECT 1")).scalar_one() == 1


def test_postgres_stopped_immediately_under_load_loses_and_doubles_nothing(citizens):
    seen: dict[str, int] = {}

    def fault(load) -> None:
        load.wait_for(SUBMISSIONS // 4)
        seen["answered_before_stop"] = load.done()
        _pg("stop", "-m", "immediate")
        time.sleep(OUTAGE_S)
        script("postgres", "up")
        wait_until(_answers, "PostgreSQL to answer", 60)
        wait_until(gateway_ready, "the gateway", 30)

    _, outcome = run("postgres-immediate-stop", citizens, fault)
    print(
        f"[faults] postgres-immediate-stop: outage_s={OUTAGE_S:.0f} answered_before_stop="
        f"{seen['answered_before_stop']} retries={outcome.retries}"
    )
    assert seen["answered_before_stop"] >= SUBMISSIONS // 4
