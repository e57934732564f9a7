"""The submit writer's own psycopg pool connects as every other engine does: the database TLS
settings (ONEWINDOW_DB_SSLMODE / ONEWINDOW_DB_SSLROOTCERT) and any character in a password."""

from psycopg.conninfo import conninfo_to_dict

from onewindow_kit.db import conninfo
from onewindow_kit.settings import load_common


def test_the_submit_pool_gets_the_tls_parameters_and_the_exact_password():
    settings = load_common(
        "cases",
        environ={
            "ONEWINDOW_DB_SSLMODE": "verify-full",
            "ONEWINDOW_DB_SSLROOTCERT": "/etc/onewindow/pg ca+root.pem",
            "ONEWINDOW_CASES_DB_PASSWORD": "p@ss w%rd:/?",
            "ONEWINDOW_PG_HOST": "db.internal",
        },
    )
    params = conninfo_to_dict(conninfo(settings.database_url))
    assert params == {
        "host": "db.internal",
        "port": "5432",
        "dbname": "ow_cases",
        "user": "ow_cases",
        "password": "p@ss w%rd:/?",
        "sslmode": "verify-full",
        "sslrootcert": "/etc/onewindow/pg ca+root.pem",
    }


def test_without_tls_settings_libpq_keeps_its_defaults():
    params = conninfo_to_dict(conninfo(load_common("cases", environ={}).database_url))
    assert "sslmode" not in params and "sslrootcert" not in params
