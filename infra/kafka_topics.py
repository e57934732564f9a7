"""Check the broker answers, and create the platform's topics with explicit partition counts."""

from __future__ import annotations

import argparse
import os
import sys

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

from onewindow_kit.kafka_security import load_kafka_security
from onewindow_kit.topics import all_topics


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="exit 0 when the broker answers")
    parser.add_argument("--create", action="store_true", help="create missing topics")
    args = parser.parse_args()
    bootstrap = os.environ.get("ONEWINDOW_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap,
        client_id="onewindow-infra",
        request_timeout_ms=5000,
        bootstrap_timeout_ms=5000,
        **load_kafka_security().options(),  # with SASL: an admin user (ONEWINDOW_KAFKA_USERNAME)
    )
    try:
        existing = set(admin.list_topics())
        if args.create:
            missing = [t for t in all_topics() if t.name not in existing]
            for spec in missing:
                try:
                    admin.create_topics([NewTopic(spec.name, spec.partitions, 1)])
                    print(f"[kafka] created topic {spec.name} ({spec.partitions} partitions)")
                except TopicAlreadyExistsError:
                    pass
    finally:
        admin.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
