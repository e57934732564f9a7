"""ONEWINDOW_ENV=production refuses to start on plaintext gRPC, an unverified PostgreSQL
connection or Kafka without SASL_SSL, naming every such setting in one error; development keeps
its plaintext defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from onewindow_kit.entrypoint import ServiceSpec, main
from onewindow_kit.settings import SettingsError, refuse_plaintext_in_production

SECURE = {
    "ONEWINDOW_ENV": "production",
    "ONEWINDOW_GRPC_TLS": "1",
    "ONEWINDOW_DB_SSLMODE": "verify-full",
    "ONEWINDOW_DB_SSLROOTCERT": "/etc/onewindow/db-ca.pem",
    "ONEWINDOW_KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
}
SETTINGS = ("ONEWINDOW_GRPC_TLS", "ONEWINDOW_DB_SSLMODE", "ONEWINDOW_KAFKA_SECURITY_PROTOCOL")


def test_production_with_every_transport_secured_starts() -> None:
    refuse_plaintext_in_production(SECURE)
    refuse_plaintext_in_production({**SECURE, "ONEWINDOW_DB_SSLMODE": "verify-ca"})


def test_production_on_the_development_defaults_names_all_three_settings_at_once() -> None:
    with pytest.raises(SettingsError) as refused:
        refuse_plaintext_in_production({"ONEWINDOW_ENV": "Production"})
    message = str(refused.value)
    assert message.startswith("ONEWINDOW_ENV=production refuses to start")
    assert all(name in message for name in SETTINGS), message


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ONEWINDOW_GRPC_TLS", "0"),
        ("ONEWINDOW_DB_SSLMODE", "require"),  # encrypted, but to whoever answers
        ("ONEWINDOW_DB_SSLMODE", "prefer"),
        ("ONEWINDOW_DB_SSLMODE", ""),
        ("ONEWINDOW_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"),
        ("ONEWINDOW_KAFKA_SECURITY_PROTOCOL", "SSL"),  # encrypted, but no SCRAM user for ACLs
        ("ONEWINDOW_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"),
    ],
)
def test_one_setting_off_is_named_alone(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as refused:
        refuse_plaintext_in_production({**SECURE, name: value})
    message = str(refused.value)
    assert name in message
    assert [n for n in SETTINGS if n != name and n in message] == []


def test_a_process_without_a_database_is_not_asked_for_database_tls() -> None:
    gateway = {k: v for k, v in SECURE.items() if not k.startswith("ONEWINDOW_DB_")}
    refuse_plaintext_in_production(gateway, database=False)
    with pytest.raises(SettingsError, match="ONEWINDOW_GRPC_TLS"):
        refuse_plaintext_in_production({**gateway, "ONEWINDOW_GRPC_TLS": "0"}, database=False)


@pytest.mark.parametrize("environment", ["development", ""])
def test_development_keeps_its_plaintext_defaults(environment: str) -> None:
    refuse_plaintext_in_production({"ONEWINDOW_ENV": environment} if environment else {})


SPEC = ServiceSpec(
    name="probe",
    migrations_dir=Path("/nonexistent"),
    grpc_service_names=["probe.v1.Probe"],
    build_grpc=lambda settings, engine: (lambda server: None, None),
)


# commands that end quickly when they are let through (a `serve` let through would serve on)
@pytest.mark.parametrize("command", ["migrate", "health", "describe"])
def test_every_command_of_a_service_process_refuses_before_it_connects(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in {**SECURE, "ONEWINDOW_PROBE_DB_PASSWORD": "from-the-vault"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("ONEWINDOW_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
    monkeypatch.setenv("ONEWINDOW_DB_SSLMODE", "require")
    assert main(SPEC, [command]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err  # one clear line, no traceback
    assert err[0].startswith("onewindow_probe: ONEWINDOW_ENV=production refuses")
    assert "ONEWINDOW_KAFKA_SECURITY_PROTOCOL is PLAINTEXT" in err[0]
    assert "ONEWINDOW_DB_SSLMODE is require" in err[0]
    assert "ONEWINDOW_GRPC_TLS " not in err[0]


def test_a_development_process_still_starts_its_commands(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ONEWINDOW_ENV", raising=False)
    assert main(SPEC, ["processes"]) == 0
    assert capsys.readouterr().out.split() == ["serve", "relay"]
