"""``python -m onewindow_cases migrate|serve|relay|consume|statistics|scan|health|...``."""

from __future__ import annotations

import sys

from onewindow_cases.bootstrap import (
    build_consumer,
    build_grpc,
    build_offers_consumer,
    build_statistics_consumer,
    scan_worker,
)
from onewindow_cases.entrypoints.convert import TEXT_LIMITS
from onewindow_cases.entrypoints.grpc_servicer import SERVICE_NAME
from onewindow_cases.entrypoints.offers_servicer import SERVICE_NAME as OFFERS_SERVICE_NAME
from onewindow_cases.resources import migrations_dir
from onewindow_kit.entrypoint import ServiceSpec, main

SPEC = ServiceSpec(
    name="cases",
    migrations_dir=migrations_dir(),
    grpc_service_names=[SERVICE_NAME, OFFERS_SERVICE_NAME],
    build_grpc=build_grpc,
    consumers={
        "consume": build_consumer,
        "statistics": build_statistics_consumer,
        "offers": build_offers_consumer,
    },
    workers={"scan": scan_worker},
    text_limits=TEXT_LIMITS,
)

if __name__ == "__main__":
    sys.exit(main(SPEC))
