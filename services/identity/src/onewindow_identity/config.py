"""Identity settings: the kit's common settings plus the Keycloak admin client (read at start)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from onewindow_kit.settings import CommonSettings, Env, Secret, load_common

SERVICE = "identity"
# The realm file's DEV-ONLY default; production sets ONEWINDOW_KEYCLOAK_GATEWAY_SECRET.
DEV_GATEWAY_SECRET = "dev-only-onewindow-gateway-secret"


@dataclass(frozen=True)
class IdentitySettings:
    """Everything the identity processes read from the environment."""

    common: CommonSettings
    keycloak_admin_client_id: str
    keycloak_admin_client_secret: Secret
    keycloak_timeout_s: int
    web_client_id: str  # public client used for password logins by tests and the benchmark


def load(
    common: CommonSettings | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    test: bool = False,
) -> IdentitySettings:
    """Read the settings; SettingsError names a missing or malformed variable."""
    env = Env(environ)
    return IdentitySettings(
        common=common or load_common(SERVICE, environ, test=test),
        keycloak_admin_client_id=env.get_str(
            "ONEWINDOW_KEYCLOAK_GATEWAY_CLIENT_ID", "onewindow-gateway"
        ),
        keycloak_admin_client_secret=Secret(
            env.get_str("ONEWINDOW_KEYCLOAK_GATEWAY_SECRET", DEV_GATEWAY_SECRET)
        ),
        keycloak_timeout_s=env.get_int("ONEWINDOW_IDENTITY_KEYCLOAK_TIMEOUT_S", 10),
        web_client_id=env.get_str("ONEWINDOW_KEYCLOAK_WEB_CLIENT_ID", "onewindow-web"),
    )
