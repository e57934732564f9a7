"""The relay's own retry loop: bounded backoff, so it resumes within ~1 s of the broker."""

from __future__ import annotations

import threading
from itertools import islice

import pytest
from kafka.errors import KafkaTimeoutError

from onewindow_kit.relay import OutboxRelay, RetryBackoff, load_retry_backoff
from onewindow_kit.settings import SettingsError


def test_schedule_doubles_from_the_first_wait_and_stops_at_the_cap():
    delays = list(islice(RetryBackoff(first_s=0.2, max_s=1.0).delays(), 7))
    assert delays == [0.2, 0.4, 0.8, 1.0, 1.0, 1.0, 1.0]


def test_default_schedule_never_waits_more_than_a_second():
    assert max(islice(load_retry_backoff({}).delays(), 100)) == 1.0


def test_schedule_is_configurable():
    backoff = load_retry_backoff(
        {"ONEWINDOW_RELAY_RETRY_FIRST_S": "0.05", "ONEWINDOW_RELAY_RETRY_MAX_S": "0.3"}
    )
    assert list(islice(backoff.delays(), 5)) == [0.05, 0.1, 0.2, 0.3, 0.3]


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"ONEWINDOW_RELAY_RETRY_FIRST_S": "0"}, "ONEWINDOW_RELAY_RETRY_FIRST_S"),
        ({"ONEWINDOW_RELAY_RETRY_MAX_S": "0.1"}, "ONEWINDOW_RELAY_RETRY_MAX_S"),
        ({"ONEWINDOW_RELAY_RETRY_MAX_S": "soon"}, "ONEWINDOW_RELAY_RETRY_MAX_S"),
    ],
)
def test_bad_settings_name_the_variable(environ, named):
    with pytest.raises(SettingsError, match=named):
        load_retry_backoff(environ)


class _RecordingStop(threading.Event):
    """A stop event whose waits are recorded instead of slept."""

    def __init__(self) -> None:
        super().__init__()
        self.waits: list[float] = []

    def wait(self, timeout: float | None = None) -> bool:
        self.waits.append(float(timeout or 0))
        return self.is_set()


class _ScriptedRelay(OutboxRelay):
    """relay_once follows a script: an exception (broker down) or a count of published rows."""

    def __init__(self, script: list, stop: _RecordingStop, backoff: RetryBackoff) -> None:
        super().__init__(
            engine=None,  # type: ignore[arg-type]  # never touched: relay_once is scripted
            schema="bench",
            bootstrap="unused:9092",
            producer=object(),  # type: ignore[arg-type]
            backoff=backoff,
        )
        self.script = script
        self.stop = stop

    def relay_once(self) -> int:
        step = self.script.pop(0)
        if not self.script:
            self.stop.set()
        if isinstance(step, Exception):
            raise step
        return step

    def prune(self, older_than) -> int:
        return 0


def test_a_long_outage_is_retried_at_least_every_second_and_the_schedule_restarts():
    stop = _RecordingStop()
    down = ConnectionError("broker down")
    # ten failures (a long outage), the broker answers (3 rows), idle, then a new failure
    script = [down] * 10 + [3, 0, down, 0]
    _ScriptedRelay(script, stop, RetryBackoff(first_s=0.2, max_s=1.0)).run(stop, idle_sleep=0.1)
    assert stop.waits == [0.2, 0.4, 0.8] + [1.0] * 7 + [0.1, 0.2, 0.1]


class _Producer:
    """A producer whose flush times out (a stuck one) or returns."""

    def __init__(self, stuck: bool) -> None:
        self.stuck = stuck
        self.closed = False

    def flush(self, timeout: float | None = None) -> None:
        if self.stuck:
            raise KafkaTimeoutError("Timeout waiting for future")

    def close(self, timeout: float | None = None) -> None:
        self.closed = True


def _relay_with(producer: _Producer, fresh: _Producer) -> OutboxRelay:
    return OutboxRelay(
        engine=None,  # type: ignore[arg-type]  # flushing touches no database
        schema="cases",
        bootstrap="127.0.0.1:1",
        producer=producer,  # type: ignore[arg-type]
        producer_factory=lambda: fresh,  # type: ignore[arg-type,return-value]
        flush_timeout_s=0.01,
    )


def test_a_producer_without_acknowledgements_is_replaced_and_the_batch_fails():
    stuck, fresh = _Producer(stuck=True), _Producer(stuck=False)
    relay = _relay_with(stuck, fresh)
    with pytest.raises(KafkaTimeoutError):
        relay._flush()  # the batch's transaction rolls back; the next try sends it again
    assert relay.producer is fresh and stuck.closed
    relay._flush()  # the fresh producer flushes
    assert relay.producer is fresh and not fresh.closed


def test_a_producer_that_flushes_is_kept():
    healthy, spare = _Producer(stuck=False), _Producer(stuck=False)
    relay = _relay_with(healthy, spare)
    relay._flush()
    assert relay.producer is healthy and not healthy.closed
