"""``python -m onewindow_identity migrate|serve|relay|logins|lockouts|health|address|processes``."""

from __future__ import annotations

import sys

from onewindow_identity.bootstrap import (
    GRPC_SERVICE,
    MIGRATIONS_DIR,
    build_grpc,
    run_lockout_watch,
    run_login_watch,
)
from onewindow_identity.entrypoints.convert import TEXT_LIMITS
from onewindow_kit.entrypoint import ServiceSpec, main

SPEC = ServiceSpec(
    name="identity",
    migrations_dir=MIGRATIONS_DIR,
    grpc_service_names=[GRPC_SERVICE],
    build_grpc=build_grpc,
    workers={"logins": run_login_watch, "lockouts": run_lockout_watch},
    text_limits=TEXT_LIMITS,
)

if __name__ == "__main__":
    sys.exit(main(SPEC))
