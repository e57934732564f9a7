"""One fault scenario: the load starts, the fault strikes while it runs, the stack is put back,
then the reconciliation counts every accepted submission's effects and prints them."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from load import Citizen, Load, Outcome
from reconcile import Counts, Tap, reconcile

# The load: 500 submissions through the gateway per scenario (from CLIENTS clients).
SUBMISSIONS = int(os.environ.get("ONEWINDOW_FAULTS_SUBMISSIONS", "500"))


def run(
    name: str,
    citizens: list[Citizen],
    fault: Callable[[Load], None],
    *,
    total: int = SUBMISSIONS,
    settle_s: float = 120,
) -> tuple[Counts, Outcome]:
    """Load + ``fault`` (which must restore what it broke) + reconciliation; asserts that every
    submission was answered 2xx in the end and that nothing was lost or duplicated."""
    started = time.monotonic()
    tap = Tap()
    since = datetime.now(UTC) - timedelta(seconds=1)
    load = Load(citizens, total).start()
    try:
        fault(load)
    finally:
        outcome = load.join()
    counts = reconcile(outcome, since, tap, settle_s=settle_s)
    tap.close()
    print(counts.line(name) + f" took_s={time.monotonic() - started:.1f}")
    assert not outcome.refused, f"{len(outcome.refused)} refused, e.g. {outcome.refused[:3]}"
    assert counts.accepted == total
    assert (counts.lost, counts.duplicated) == (0, 0), counts
    return counts, outcome
