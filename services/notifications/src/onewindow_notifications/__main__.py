"""``python -m onewindow_notifications migrate|serve|relay|notices|contacts|dispatch|health|…``."""

from __future__ import annotations

import sys

from onewindow_kit.entrypoint import ServiceSpec, main
from onewindow_notifications.bootstrap import (
    GRPC_SERVICE,
    MIGRATIONS_DIR,
    build_contacts_consumer,
    build_grpc,
    build_notices_consumer,
    run_dispatcher,
)
from onewindow_notifications.entrypoints.convert import TEXT_LIMITS

SPEC = ServiceSpec(
    name="notifications",
    migrations_dir=MIGRATIONS_DIR,
    grpc_service_names=[GRPC_SERVICE],
    build_grpc=build_grpc,
    consumers={"notices": build_notices_consumer, "contacts": build_contacts_consumer},
    workers={"dispatch": run_dispatcher},
    text_limits=TEXT_LIMITS,
)

if __name__ == "__main__":
    sys.exit(main(SPEC))
