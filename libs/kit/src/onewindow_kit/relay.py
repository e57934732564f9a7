"""Outbox relay: committed outbox rows → Kafka, marked published only after the broker
acknowledged."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import timedelta

from kafka import KafkaProducer
from kafka.errors import KafkaTimeoutError
from sqlalchemy import Connection, Engine, text

from onewindow_kit.kafka_clients import KafkaClientSettings, load_kafka_client_settings
from onewindow_kit.logging import get_logger
from onewindow_kit.ops_metrics import outbox_published, outbox_relayed_at
from onewindow_kit.outbox import BUCKETS
from onewindow_kit.settings import Env, SettingsError

log = get_logger("onewindow.relay")
ADVISORY_NAMESPACE = 0x0E17  # first key of the two-key advisory lock: "outbox relay"
# A batch the broker has not acknowledged within this long is given up with its producer (see
# OutboxRelay._flush); a healthy broker acknowledges a batch of 1,000 in milliseconds.
FLUSH_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class RetryBackoff:
    """How long the relay waits before trying again after a broker or database error.

    The wait doubles from ``first_s`` and stops growing at ``max_s``: a relay that failed for
    a minute tries again at least every ``max_s`` seconds, so it resumes within about that
    long once the broker answers (the Kafka client's own reconnect is capped in
    onewindow_kit.kafka_clients)."""

    first_s: float = 0.2
    max_s: float = 1.0

    def delays(self) -> Iterator[float]:
        """The waits after the 1st, 2nd, 3rd … consecutive failure."""
        delay = self.first_s
        while True:
            yield delay
            delay = min(delay * 2, self.max_s)


def load_retry_backoff(environ: Mapping[str, str] | None = None) -> RetryBackoff:
    """ONEWINDOW_RELAY_RETRY_FIRST_S and ONEWINDOW_RELAY_RETRY_MAX_S (seconds)."""
    env = Env(environ)
    first = env.get_float("ONEWINDOW_RELAY_RETRY_FIRST_S", RetryBackoff.first_s)
    cap = env.get_float("ONEWINDOW_RELAY_RETRY_MAX_S", RetryBackoff.max_s)
    if first <= 0:
        raise SettingsError(
            f"environment variable ONEWINDOW_RELAY_RETRY_FIRST_S must be positive, got {first}"
        )
    if cap < first:
        raise SettingsError(
            "environment variable ONEWINDOW_RELAY_RETRY_MAX_S must be at least "
            f"ONEWINDOW_RELAY_RETRY_FIRST_S ({first}), got {cap}"
        )
    return RetryBackoff(first_s=first, max_s=cap)


def make_producer(
    bootstrap: str, client_id: str, clients: KafkaClientSettings | None = None
) -> KafkaProducer:
    """Idempotent producer, acks=all; ordered per partition even on retries.

    ``clients`` defaults to the environment's settings (a short reconnect backoff)."""
    return KafkaProducer(
        **(clients or load_kafka_client_settings()).options(),
        bootstrap_servers=bootstrap,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        max_in_flight_requests_per_connection=5,
        linger_ms=50,
        batch_size=1024 * 1024,
        compression_type=None,
        retries=2**31 - 1,
        request_timeout_ms=30000,
    )


class OutboxRelay:
    """Publishes a service's outbox in order per aggregate; several instances may run at once."""

    def __init__(
        self,
        *,
        engine: Engine,
        schema: str,
        bootstrap: str,
        batch_size: int = 1000,
        producer: KafkaProducer | None = None,
        after_ack: Callable[[list[int]], None] | None = None,
        clients: KafkaClientSettings | None = None,
        backoff: RetryBackoff | None = None,
        producer_factory: Callable[[], KafkaProducer] | None = None,
        flush_timeout_s: float = FLUSH_TIMEOUT_S,
    ) -> None:
        self.engine = engine
        self.backoff = backoff or load_retry_backoff()
        self.schema = schema
        self.batch_size = batch_size
        self._new_producer = producer_factory or (
            lambda: make_producer(bootstrap, f"relay-{schema}", clients)
        )
        self.producer = producer or self._new_producer()
        self.flush_timeout_s = flush_timeout_s
        # Test hook: runs after the broker acknowledged and before rows are marked.
        self._after_ack = after_ack
        self._select = text(
            f"""
            SELECT id, topic, key, event_type, correlation_id, envelope
            FROM "{schema}".outbox
            WHERE published_at IS NULL
              AND bucket = ANY(:buckets)
            ORDER BY id
            LIMIT :limit
            """
        )
        self._mark = text(
            f'UPDATE "{schema}".outbox SET published_at = now(), attempts = attempts + 1 '
            "WHERE id = ANY(:ids)"
        )

    def _claim_buckets(self, conn: Connection) -> list[int]:
        """Take the buckets no other relay holds, for this transaction only."""
        rows = conn.execute(
            text(
                "SELECT b FROM generate_series(0, :n - 1) AS b "
                "WHERE pg_try_advisory_xact_lock(:ns, hashtext(:schema) # b)"
            ),
            {"n": BUCKETS, "ns": ADVISORY_NAMESPACE, "schema": self.schema},
        ).scalars()
        return list(rows)

    def relay_once(self) -> int:
        """Publish one batch; returns how many rows were published."""
        with self.engine.begin() as conn:
            buckets = self._claim_buckets(conn)
            if not buckets:
                return 0
            rows = conn.execute(self._select, {"buckets": buckets, "limit": self.batch_size}).all()
            if not rows:
                return 0
            futures = [
                self.producer.send(
                    row.topic,
                    key=row.key.encode(),
                    value=bytes(row.envelope),
                    headers=[
                        ("event_type", row.event_type.encode()),
                        ("correlation_id", row.correlation_id.encode()),
                    ],
                )
                for row in rows
            ]
            self._flush()
            for future in futures:
                # Raises when the broker refused: the transaction rolls back, nothing is
                # marked and the whole batch is sent again (consumers dedupe).
                future.get(timeout=30)
            ids = [row.id for row in rows]
            if self._after_ack is not None:
                self._after_ack(ids)
            conn.execute(self._mark, {"ids": ids})
        outbox_published().labels(self.schema).inc(len(rows))
        return len(rows)

    def _flush(self) -> None:
        """Wait for the broker's acknowledgements. A producer that has none after
        ``flush_timeout_s`` is replaced and the batch fails (rolled back, sent again by the
        next try): after a broker restarted under load, kafka-python 3.0's producer was seen
        keeping its batches queued on a live connection for minutes, past its own delivery
        timeout, while the relay's transaction held the outbox buckets' locks."""
        try:
            self.producer.flush(timeout=self.flush_timeout_s)
        except KafkaTimeoutError:
            stuck, self.producer = self.producer, self._new_producer()
            log.warning(
                "outbox_producer_replaced", schema=self.schema, waited_s=self.flush_timeout_s
            )
            stuck.close(timeout=0)
            raise

    def prune(self, older_than: timedelta) -> int:
        """Delete rows published longer ago than ``older_than``."""
        with self.engine.begin() as conn:
            result = conn.execute(
                text(
                    f'DELETE FROM "{self.schema}".outbox '
                    "WHERE published_at IS NOT NULL AND published_at < now() - :age"
                ),
                {"age": older_than},
            )
        return int(result.rowcount or 0)

    def run(
        self,
        stop: threading.Event,
        *,
        idle_sleep: float = 0.2,
        retention: timedelta = timedelta(days=7),
        prune_every: float = 3600.0,
    ) -> None:
        """Relay until ``stop`` is set; back off (bounded, see RetryBackoff) while the broker or
        database is down."""
        last_prune = 0.0
        failures: Iterator[float] | None = None  # the retry schedule while failures continue
        while not stop.is_set():
            try:
                published = self.relay_once()
                outbox_relayed_at().labels(self.schema).set_to_current_time()
                failures = None
                if published:
                    log.debug("outbox_relayed", schema=self.schema, count=published)
                    continue
                if time.monotonic() - last_prune > prune_every:
                    pruned = self.prune(retention)
                    last_prune = time.monotonic()
                    log.info("outbox_pruned", schema=self.schema, count=pruned)
            except Exception as exc:
                failures = failures or self.backoff.delays()
                delay = next(failures)
                log.warning(
                    "outbox_relay_failed", schema=self.schema, error=str(exc), retry_in_s=delay
                )
                stop.wait(delay)
                continue
            stop.wait(idle_sleep)

    def close(self) -> None:
        """Flush and close the producer."""
        self.producer.close(timeout=10)
