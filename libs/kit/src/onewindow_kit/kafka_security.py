"""How every Kafka client the kit builds authenticates to the broker: plaintext by default (one
box, 127.0.0.1), SASL/SCRAM over TLS in production, switched on by configuration.

- ``ONEWINDOW_KAFKA_SECURITY_PROTOCOL``: PLAINTEXT (default), SSL, SASL_PLAINTEXT or SASL_SSL.
- ``ONEWINDOW_KAFKA_SASL_MECHANISM``: SCRAM-SHA-512 (default with SASL) or SCRAM-SHA-256.
- ``ONEWINDOW_KAFKA_USERNAME`` / ``ONEWINDOW_KAFKA_PASSWORD``: this service's SCRAM user (one per
  service: the broker's ACLs, infra/kafka/acls.yaml, let it write only its own topic).
- ``ONEWINDOW_KAFKA_CA``: the CA bundle (PEM) the broker's certificate is checked against, with
  SSL or SASL_SSL (empty: the system's roots); the broker's name is always checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from onewindow_kit.settings import Env, Secret, SettingsError

PROTOCOLS = ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
MECHANISMS = ("SCRAM-SHA-512", "SCRAM-SHA-256")


@dataclass(frozen=True)
class KafkaSecurity:
    """The security options of one process's Kafka clients."""

    protocol: str = "PLAINTEXT"
    mechanism: str = ""
    username: str = ""
    password: Secret = field(default_factory=lambda: Secret(""))
    ca: str = ""

    def options(self) -> dict[str, Any]:
        """Keyword arguments for kafka-python's producer, consumer and admin client."""
        if self.protocol == "PLAINTEXT":
            return {}
        opts: dict[str, Any] = {"security_protocol": self.protocol}
        if self.protocol.endswith("SSL"):
            opts["ssl_check_hostname"] = True
            if self.ca:
                opts["ssl_cafile"] = self.ca
        if self.protocol.startswith("SASL"):
            opts |= {
                "sasl_mechanism": self.mechanism,
                "sasl_plain_username": self.username,
                "sasl_plain_password": self.password.value,
            }
        return opts


def load_kafka_security(environ: Mapping[str, str] | None = None) -> KafkaSecurity:
    """Read ONEWINDOW_KAFKA_SECURITY_PROTOCOL and friends; SettingsError names a bad one."""
    env = Env(environ)
    protocol = env.get_str("ONEWINDOW_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT").upper()
    if protocol not in PROTOCOLS:
        raise SettingsError(
            "environment variable ONEWINDOW_KAFKA_SECURITY_PROTOCOL must be one of "
            f"{', '.join(PROTOCOLS)}, got {protocol!r}"
        )
    security = KafkaSecurity(protocol=protocol, ca=env.get_str("ONEWINDOW_KAFKA_CA", ""))
    if not protocol.startswith("SASL"):
        return security
    mechanism = env.get_str("ONEWINDOW_KAFKA_SASL_MECHANISM", MECHANISMS[0]).upper()
    if mechanism not in MECHANISMS:
        raise SettingsError(
            "environment variable ONEWINDOW_KAFKA_SASL_MECHANISM must be one of "
            f"{', '.join(MECHANISMS)}, got {mechanism!r}"
        )
    return KafkaSecurity(
        protocol=protocol,
        mechanism=mechanism,
        username=env.get_str("ONEWINDOW_KAFKA_USERNAME"),
        password=Secret(env.get_str("ONEWINDOW_KAFKA_PASSWORD")),
        ca=security.ca,
    )
