"""The two-replica drill (issue 15 "Replicas"), run by test_replicas.py in the environment of a
private stack started with two of every process (tests/faults/private-stack.sh up replicas).

Citizens apply through both gateways for ONEWINDOW_FAULTS_REPLICA_LOAD_S seconds (60, the
issue's load) while ONE copy of every process kind is SIGKILLed, one after the other: each
service's serve, relay, consumers and workers (cases' deadline scanner, notifications'
dispatcher, …) and one gateway. Clients of the dead gateway move to the other, as behind a load
balancer. A few accepted cases are made overdue during the load, so both deadline scanners race
to alert them. Then the reconciliation: per accepted submission one case, one case_submitted
event, one receipt notice, one delivery per channel and one e-mail Message-ID; per overdue case
one case_overdue event. Exit status 0 when nothing was refused, lost or doubled."""

from __future__ import annotations

import os
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

from load import Load, Outcome, register_citizens
from reconcile import Tap, mailpit_messages, reconcile
from sqlalchemy import text
from stack import GATEWAY, RUN, engine_of, sigkill, wait_until

SECONDS = float(os.environ.get("ONEWINDOW_FAULTS_REPLICA_LOAD_S", "60"))
CLIENTS = int(os.environ.get("ONEWINDOW_FAULTS_CLIENTS", "16"))
OVERDUE_CASES = 10
OVERDUE = "onewindow.cases.case_overdue.v1"


def second_gateway() -> str:
    """The second gateway replica: the first one's port + 1 (infra/services.sh)."""
    host, port = GATEWAY.rsplit(":", 1)
    return f"{host}:{int(port) + 1}"


def victims() -> list[str]:
    """The first copy of every process that runs twice (<svc>-<process>, gateway-serve)."""
    return sorted(path.name.removesuffix(".2.pid") for path in RUN.glob("*.2.pid"))


def make_overdue(load: Load) -> list[str]:
    """The first accepted cases, their time limit moved into the past (as if days went by)."""
    wait_until(lambda: len(load.outcome.accepted) >= OVERDUE_CASES, "the first cases", 60)
    with load.outcome.lock:
        ids = [case_id for _, case_id, _ in list(load.outcome.accepted.values())[:OVERDUE_CASES]]
    with engine_of("cases").begin() as conn:
        conn.execute(
            text(
                "UPDATE cases.cases SET warn_date = current_date - 2, due_date = current_date - 1 "
                "WHERE CAST(id AS text) = ANY(:ids)"
            ),
            {"ids": ids},
        )
    return ids


def kill_one_of_each(names: list[str], spread_s: float) -> list[str]:
    """SIGKILL each process in turn, spread over ``spread_s``; the names killed."""
    killed = []
    for name in names:
        sigkill(name, group=name.startswith("gateway"))  # the gateway's workers too
        killed.append(name)
        time.sleep(spread_s / max(1, len(names)))
    return killed


def overdue_alerts(tap: Tap, ids: list[str]) -> dict[str, int]:
    """case id -> distinct case_overdue events on Kafka, once every overdue case has one."""

    def all_alerted() -> bool:
        tap.submitted_ids()
        return all(tap.others[OVERDUE].get(case_id) for case_id in ids)

    wait_until(all_alerted, "a case_overdue event for every overdue case", 90)
    return {case_id: len(tap.others[OVERDUE][case_id]) for case_id in ids}


def drill() -> int:
    """Load, kills, reconciliation; the exit status."""
    names = victims()
    assert names, f"no process runs twice under {RUN}: is this the replicas stack?"
    citizens = register_citizens(CLIENTS)
    tap = Tap()
    since = datetime.now(UTC) - timedelta(seconds=1)
    started = time.monotonic()
    load = Load(citizens, 0, seconds=SECONDS, gateways=[GATEWAY, second_gateway()]).start()
    overdue: list[str] = []
    marking = threading.Thread(target=lambda: overdue.extend(make_overdue(load)))
    marking.start()
    time.sleep(SECONDS * 0.15)
    killed = kill_one_of_each(names, SECONDS * 0.7)
    marking.join(60)
    outcome: Outcome = load.join()
    counts = reconcile(outcome, since, tap, settle_s=180)
    alerts = overdue_alerts(tap, overdue)
    mails = mailpit_messages(outcome)
    resent = sum(len(ids) - len(set(ids)) for ids in mails.values())
    print(counts.line("replicas") + f" took_s={time.monotonic() - started:.1f}")
    print(
        f"[faults] replicas: load_s={SECONDS:.0f} killed={len(killed)} ({' '.join(killed)}) "
        f"overdue_cases={len(alerts)} case_overdue_events={sum(alerts.values())} "
        f"emails_resent_same_message_id={resent}"
    )
    problems = []
    if outcome.refused:
        problems.append(f"{len(outcome.refused)} refused, e.g. {outcome.refused[:3]}")
    if counts.lost or counts.duplicated:
        problems.append(f"lost={counts.lost} duplicated={counts.duplicated}")
    if any(n != 1 for n in alerts.values()):
        problems.append(f"case_overdue events per case: {sorted(alerts.values())}")
    for problem in problems:
        print(f"[faults] replicas: FAILED {problem}")
    return 1 if problems or not counts.accepted else 0


if __name__ == "__main__":
    sys.exit(drill())
