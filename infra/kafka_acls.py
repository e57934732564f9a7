"""The Kafka ACL table of the production profile (infra/kafka/acls.yaml) onto a broker.

Usage: python infra/kafka_acls.py apply [FILE]   (as a super user: ONEWINDOW_KAFKA_USERNAME /
       ONEWINDOW_KAFKA_PASSWORD / ONEWINDOW_KAFKA_SECURITY_PROTOCOL / ONEWINDOW_KAFKA_CA)
       python infra/kafka_acls.py show [FILE]    (the ACLs as lines, no broker needed)
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from kafka import KafkaAdminClient
from kafka.admin import (
    ACL,
    ACLOperation,
    ACLPermissionType,
    ACLResourcePatternType,
    ResourcePattern,
    ResourceType,
)

from onewindow_kit.kafka_security import load_kafka_security

TABLE = Path(__file__).resolve().parent / "kafka" / "acls.yaml"


def load_table(path: Path = TABLE) -> dict[str, dict[str, list[str]]]:
    """users -> {write, read, groups}."""
    users = yaml.safe_load(path.read_text(encoding="utf-8"))["users"]
    return {
        user: {key: list(rules.get(key) or []) for key in ("write", "read", "groups")}
        for user, rules in users.items()
    }


def _acl(user: str, op: ACLOperation, kind: ResourceType, name: str, prefixed: bool) -> ACL:
    pattern = ACLResourcePatternType.PREFIXED if prefixed else ACLResourcePatternType.LITERAL
    return ACL(
        principal=f"User:{user}",
        host="*",
        operation=op,
        permission_type=ACLPermissionType.ALLOW,
        resource_pattern=ResourcePattern(kind, name, pattern),
    )


def acls(table: Mapping[str, Mapping[str, list[str]]]) -> list[ACL]:
    """Every ALLOW the table grants."""
    out: list[ACL] = []
    topic, group = ResourceType.TOPIC, ResourceType.GROUP
    for user, rules in table.items():
        out += [_acl(user, ACLOperation.WRITE, topic, t, False) for t in rules["write"]]
        out += [_acl(user, ACLOperation.READ, topic, t, False) for t in rules["read"]]
        out += [_acl(user, ACLOperation.READ, group, g, True) for g in rules["groups"]]
    return out


def apply(bootstrap: str, table: Mapping[str, Mapping[str, list[str]]], **admin: Any) -> int:
    """Create the table's ACLs on the broker at ``bootstrap`` (existing ones stay); how many."""
    client = KafkaAdminClient(
        bootstrap_servers=bootstrap,
        client_id="onewindow-acls",
        **{**load_kafka_security().options(), **admin},
    )
    try:
        wanted = acls(table)
        result = client.create_acls(wanted)
        if result["failed"]:
            raise RuntimeError(f"the broker refused ACLs: {result['failed']}")
        return len(wanted)
    finally:
        client.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["apply", "show"])
    parser.add_argument("file", nargs="?", type=Path, default=TABLE)
    args = parser.parse_args()
    table = load_table(args.file)
    if args.command == "show":
        for acl in acls(table):
            pattern = acl.resource_pattern
            print(
                f"{acl.principal} ALLOW {acl.operation.name} {pattern.resource_type.name} "
                f"{pattern.pattern_type.name} {pattern.resource_name}"
            )
        return 0
    bootstrap = os.environ.get("ONEWINDOW_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    print(f"[kafka] {apply(bootstrap, table)} ACLs applied from {args.file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
