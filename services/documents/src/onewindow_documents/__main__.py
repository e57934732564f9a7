"""``python -m onewindow_documents migrate|serve|relay|consume|health|address|processes``;
``rotate-key`` makes a fresh signing key current (the retired ones keep verifying); ``scrub``
re-hashes stored content and publishes document_integrity_failed for what no longer matches."""

from __future__ import annotations

import sys

from onewindow_documents.bootstrap import (
    GRPC_SERVICE,
    MIGRATIONS_DIR,
    build_consumer,
    build_grpc,
    build_receipt_consumer,
    rotate_signing_key,
)
from onewindow_documents.entrypoints.case_links import build_links_consumer
from onewindow_documents.entrypoints.convert import TEXT_LIMITS
from onewindow_documents.entrypoints.janitor import janitor_worker
from onewindow_documents.entrypoints.purge import purge_worker
from onewindow_documents.entrypoints.scrub import scrub_command
from onewindow_kit.entrypoint import ServiceSpec, main

SPEC = ServiceSpec(
    name="documents",
    migrations_dir=MIGRATIONS_DIR,
    grpc_service_names=[GRPC_SERVICE],
    build_grpc=build_grpc,
    # consume: certificates (case_decided, decision_annulled); receipts: case_submitted;
    # links: the documents each case uses (case_submitted, supplement_provided)
    consumers={
        "consume": build_consumer,
        "receipts": build_receipt_consumer,
        "links": build_links_consumer,
    },
    # janitor: staged content older than an hour; purge: documents past their retention
    workers={"janitor": janitor_worker, "purge": purge_worker},
    text_limits=TEXT_LIMITS,
)

if __name__ == "__main__":
    if sys.argv[1:] == ["rotate-key"]:
        sys.exit(rotate_signing_key())
    if sys.argv[1:] == ["scrub"]:
        sys.exit(scrub_command())
    sys.exit(main(SPEC))
