"""Identity settings: the kit's common settings plus the Keycloak admin client (read at start)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from onewindow_kit.settings import (
    CommonSettings,
    Env,
    Secret,
    SettingsError,
    is_production,
    load_common,
    refuse_dev_default,
)

SERVICE = "identity"
# The realm file's DEV-ONLY default; production sets ONEWINDOW_KEYCLOAK_IDENTITY_SECRET.
DEV_IDENTITY_SECRET = "dev-only-onewindow-identity-secret"


@dataclass(frozen=True)
class IdentitySettings:
    """Everything the identity processes read from the environment."""

    common: CommonSettings
    keycloak_admin_client_id: str  # onewindow-identity: the admin API, used by nobody else
    keycloak_admin_client_secret: Secret
    keycloak_timeout_s: int
    web_client_id: str  # public client used for password logins by tests and the benchmark
    login_watch_s: float = 5.0  # how often the ``logins`` worker reads Keycloak's LOGIN events
    lockout_watch_s: float = 0.3  # the ``lockouts`` worker: a lockout must bite within 1 s


def load(
    common: CommonSettings | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    test: bool = False,
) -> IdentitySettings:
    """Read the settings; SettingsError names a missing or malformed variable."""
    env = Env(environ)
    secret = env.get_str("ONEWINDOW_KEYCLOAK_IDENTITY_SECRET", DEV_IDENTITY_SECRET)
    refuse_dev_default(
        environ, "ONEWINDOW_KEYCLOAK_IDENTITY_SECRET", secret.startswith("dev-only-")
    )
    if is_production(environ) and env.get_str("ONEWINDOW_DEV_SEED", "1") != "0":
        raise SettingsError(
            "environment variable ONEWINDOW_DEV_SEED must be 0 with ONEWINDOW_ENV=production:"
            " the dev seed users (infra/keycloak/dev-seed.json) have well-known passwords"
        )
    return IdentitySettings(
        common=common or load_common(SERVICE, environ, test=test),
        keycloak_admin_client_id=env.get_str(
            "ONEWINDOW_KEYCLOAK_IDENTITY_CLIENT_ID", "onewindow-identity"
        ),
        keycloak_admin_client_secret=Secret(secret),
        keycloak_timeout_s=env.get_int("ONEWINDOW_IDENTITY_KEYCLOAK_TIMEOUT_S", 10),
        web_client_id=env.get_str("ONEWINDOW_KEYCLOAK_WEB_CLIENT_ID", "onewindow-web"),
        login_watch_s=env.get_float("ONEWINDOW_IDENTITY_LOGIN_WATCH_S", 5.0),
        lockout_watch_s=env.get_float("ONEWINDOW_IDENTITY_LOCKOUT_WATCH_S", 0.3),
    )
