"""Scenario 1: the Kafka broker SIGKILLed under load, restarted after an outage. Submissions go
on (the outbox keeps them); once the broker answers, the outbox drains and every downstream
effect happens exactly once. Printed: how long after the broker answered the outbox was empty
and the last effect was recorded (targets 3 s and 10 s; printed, not asserted — timings on a
shared CI box are figures, not a pass mark). The last effect is the last receipt e-mail; the
line also gives when the last receipt notice was recorded (the consumers' part) and how many
receipt e-mails went after the broker came back, which the SMTP rate limit
(``ONEWINDOW_RATE_SMTP_PER_S``, a token bucket of ``ONEWINDOW_RATE_BURST_S``) paces."""

from __future__ import annotations

import os
import socket
import threading
import time
from datetime import UTC, datetime

from reconcile import effects_settled, receipt_timeline
from scenario import SUBMISSIONS, run
from stack import KAFKA, engine_of, outbox_backlog, script, sigkill, wait_until

# The outage: 60 s.
OUTAGE_S = float(os.environ.get("ONEWINDOW_FAULTS_BROKER_OUTAGE_S", "60"))


def _listening() -> bool:
    host, port = KAFKA.rsplit(":", 1)
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, int(port))) == 0


def test_broker_killed_under_load_loses_and_doubles_nothing(citizens):
    times: dict[str, float] = {}

    def fault(load) -> None:
        load.wait_for(SUBMISSIONS // 10)
        sigkill("kafka")
        killed = time.monotonic()
        load.wait_for(SUBMISSIONS, seconds=OUTAGE_S)
        times["answered_during_outage"] = load.done()
        time.sleep(max(0.0, OUTAGE_S - (time.monotonic() - killed)))
        restarting = threading.Thread(target=script, args=("kafka", "up"))
        restarting.start()
        wait_until(_listening, "the broker to listen again", 120)
        back = time.monotonic()
        back_at = datetime.now(UTC)
        cases = engine_of("cases")
        times["drain_s"] = wait_until(lambda: outbox_backlog(cases, "cases") == 0, "drain", 120)
        load.join()
        ids = [case_id for _, case_id, _ in load.outcome.accepted.values()]
        wait_until(lambda: effects_settled(ids), "every receipt notice and e-mail", 120)
        times["last_effect_s"] = time.monotonic() - back
        times["last_notice_s"], times["last_email_s"], times["emails_after"] = receipt_timeline(
            ids, back_at
        )
        restarting.join(120)

    run("kafka-broker-sigkill", citizens, fault)
    print(
        f"[faults] kafka-broker-sigkill: outage_s={OUTAGE_S:.0f} answered_during_outage="
        f"{times['answered_during_outage']} outbox_drained_after_s={times['drain_s']:.1f} "
        f"(target 3) last_effect_after_s={times['last_effect_s']:.1f} (target 10; seen by polling;"
        f" recorded: last receipt notice {times['last_notice_s']:.1f} s, last receipt e-mail"
        f" {times['last_email_s']:.1f} s, {times['emails_after']} receipt e-mails sent after the"
        " broker answered)"
    )
    assert times["answered_during_outage"] > SUBMISSIONS // 10  # submissions went on
