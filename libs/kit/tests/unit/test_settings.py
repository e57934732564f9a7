"""Settings: read once, fail with the variable's name, never print secrets."""

import pytest

from onewindow_kit.settings import SettingsError, load_common


def test_defaults_point_at_the_local_stack():
    s = load_common("cases", environ={})
    assert s.database_url == "postgresql+psycopg://ow_cases:ow_cases@127.0.0.1:5432/ow_cases"
    assert s.kafka_bootstrap == "127.0.0.1:9092"
    assert s.jwks_url == "http://127.0.0.1:8080/realms/onewindow/protocol/openid-connect/certs"
    assert s.grpc_addr == "127.0.0.1:50052"
    assert load_common("cases", environ={}, test=True).db_name == "ow_cases_test"


def test_every_part_reads_the_same_overrides():
    s = load_common(
        "identity",
        environ={
            "ONEWINDOW_PG_HOST": "db.internal",
            "ONEWINDOW_KAFKA_BOOTSTRAP": "k:19092",
            "ONEWINDOW_KEYCLOAK_URL": "https://id.example/",
        },
    )
    assert "@db.internal:5432/" in s.database_url
    assert s.kafka_bootstrap == "k:19092"
    assert s.issuer == "https://id.example/realms/onewindow"


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("ONEWINDOW_PG_PORT", "five", "must be an integer"),
        ("ONEWINDOW_CASES_GRPC_ADDR", "nohostport", "must be host:port"),
        ("ONEWINDOW_CASES_GRPC_ADDR", "127.0.0.1:99999", "port from 1 to 65535"),
        ("ONEWINDOW_CASES_GRPC_ADDR", "127.0.0.1:0", "port from 1 to 65535"),
    ],
)
def test_malformed_variable_names_itself(name, value, words):
    with pytest.raises(SettingsError) as err:
        load_common("cases", environ={name: value})
    assert name in str(err.value) and words in str(err.value)


def test_secrets_never_print():
    s = load_common("cases", environ={"ONEWINDOW_CASES_DB_PASSWORD": "hunter2-very-secret"})
    assert "hunter2" not in repr(s)
    assert "hunter2" not in str(s.describe())
    assert "hunter2-very-secret" in s.database_url  # but it is used


def test_the_largest_request_is_per_service():
    assert load_common("documents", environ={}).grpc_max_message_bytes == 4 * 1024 * 1024
    env = {"ONEWINDOW_DOCUMENTS_GRPC_MAX_MESSAGE_BYTES": "1048576"}
    assert load_common("documents", environ=env).grpc_max_message_bytes == 1048576
    assert load_common("cases", environ=env).grpc_max_message_bytes == 4 * 1024 * 1024


def test_database_tls_settings_reach_the_url_every_engine_and_pool_is_built_from():
    from sqlalchemy.engine import make_url

    plain = load_common("cases", environ={})
    assert "?" not in plain.database_url  # off by default: libpq's own defaults
    s = load_common(
        "cases",
        environ={
            "ONEWINDOW_DB_SSLMODE": "verify-full",
            "ONEWINDOW_DB_SSLROOTCERT": "/etc/onewindow/pg ca.pem",
        },
    )
    assert make_url(s.database_url).query == {
        "sslmode": "verify-full",
        "sslrootcert": "/etc/onewindow/pg ca.pem",
    }


@pytest.mark.parametrize(
    ("environ", "words"),
    [
        ({"ONEWINDOW_DB_SSLMODE": "on"}, "ONEWINDOW_DB_SSLMODE must be one of"),
        ({"ONEWINDOW_DB_SSLMODE": "verify-ca"}, "ONEWINDOW_DB_SSLROOTCERT is required"),
    ],
)
def test_bad_database_tls_settings_name_the_variable(environ, words):
    with pytest.raises(SettingsError, match=words):
        load_common("cases", environ=environ)
