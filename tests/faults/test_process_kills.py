"""Scenarios 2-4: processes SIGKILLed at their worst moments while citizens apply.

2. The cases outbox relay dies after the broker acknowledged a batch and before it marked the
   rows (kit hook ONEWINDOW_FAULT_RELAY_DIE_AFTER_ACK: the process SIGKILLs itself there), again
   and again: each restart sends the same batch again; consumers apply it once.
3. The notifications consumer dies after its database commit and before its offset commit
   (ONEWINDOW_FAULT_CONSUMER_DIE_BEFORE_COMMIT), again and again: the batch comes again and
   changes nothing.
4. The cases `serve` process SIGKILLed under load: the gateway answers 503, clients send the
   same Idempotency-Key again, and no application is created twice."""

from __future__ import annotations

import os
import time

from scenario import SUBMISSIONS, run
from stack import (
    engine_of,
    gateway_ready,
    outbox_backlog,
    restart_services,
    run_once,
    sigkill,
    wait_until,
)

from onewindow_kit.faults import CONSUMER_DIE_BEFORE_COMMIT, RELAY_DIE_AFTER_ACK

# The 20 relay and 10 consumer kills in a row (each costs a process start, a consumer's
# also a group join).
RELAY_KILLS = int(os.environ.get("ONEWINDOW_FAULTS_RELAY_KILLS", "20"))
CONSUMER_KILLS = int(os.environ.get("ONEWINDOW_FAULTS_CONSUMER_KILLS", "10"))


def test_relay_killed_between_produce_and_mark_again_and_again(citizens):
    # Killed before the load starts: killed in the fault, it published the first few
    # applications it met (496 of 500 waited in the outbox in one CI run).
    sigkill("cases-relay")

    def fault(load) -> None:
        load.join()  # every accepted application now waits in the outbox
        cases = engine_of("cases")
        pending = outbox_backlog(cases, "cases")
        assert pending >= SUBMISSIONS
        for _ in range(RELAY_KILLS):
            assert run_once("cases", "relay", {RELAY_DIE_AFTER_ACK: "1"}) == -9
        assert outbox_backlog(cases, "cases") == pending  # acknowledged, never marked
        restart_services("cases")

    counts, _ = run("relay-sigkill-after-ack", citizens, fault)
    # the first batch reached Kafka RELAY_KILLS + 1 times; consumers applied it once
    assert counts.records > counts.events


def test_consumer_killed_after_its_commit_and_before_its_offsets_again_and_again(citizens):
    def fault(load) -> None:
        sigkill("notifications-notices")
        load.join()
        for _ in range(CONSUMER_KILLS):
            code = run_once("notifications", "notices", {CONSUMER_DIE_BEFORE_COMMIT: "1"}, 120)
            assert code == -9
        restart_services("notifications")

    run("consumer-sigkill-before-offset-commit", citizens, fault)


def test_serve_killed_under_load_clients_retry_and_nothing_doubles(citizens):
    def fault(load) -> None:
        load.wait_for(SUBMISSIONS // 4)
        sigkill("cases-serve")
        time.sleep(2)  # clients meet the gap: 503 from the gateway, sent again
        restart_services("cases")
        wait_until(gateway_ready, "the gateway", 30)

    _, outcome = run("cases-serve-sigkill", citizens, fault)
    assert outcome.retries > 0  # the clients did meet the outage
