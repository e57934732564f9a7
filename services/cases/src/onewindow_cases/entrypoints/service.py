"""How the kit runs the cases service: gRPC wiring (authentication, mandates, the documents
port), the sample catalogue published on first start, the deadline scanner, and the consumer of
the documents service's certificate_issued events."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import grpc
from sqlalchemy import Engine

from onewindow_cases.adapters.tables import SCHEMA
from onewindow_cases.bootstrap import build_deps
from onewindow_cases.config import load_settings
from onewindow_cases.domain.access import SYSTEM
from onewindow_cases.entrypoints.consumers import handle_documents_event
from onewindow_cases.entrypoints.grpc_servicer import register
from onewindow_cases.entrypoints.scanner import run_scanner
from onewindow_cases.service_layer.catalogue import seed_catalogue
from onewindow_kit.auth import JwtAuthenticator, TokenValidator
from onewindow_kit.consumer import ConsumerRunner
from onewindow_kit.identity_client import GrpcMandateChecker
from onewindow_kit.logging import get_logger
from onewindow_kit.settings import CommonSettings
from onewindow_kit.topics import domain_topic

log = get_logger("onewindow.cases")


def build_grpc(
    settings: CommonSettings, engine: Engine
) -> tuple[Callable[[grpc.aio.Server], None], Any]:
    """The servicer and the authenticator (tokens checked against the realm's keys; acting
    for someone else is checked with the identity service)."""
    own = load_settings()
    mandates = GrpcMandateChecker(
        grpc.insecure_channel(own.identity_addr), timeout_s=own.downstream_timeout_s
    )
    deps = build_deps(engine, own, mandates=mandates)
    if own.seed_catalogue:
        source = Path(own.seed_catalogue).read_text(encoding="utf-8")
        version = seed_catalogue(deps, SYSTEM, source, f"seed: {Path(own.seed_catalogue).name}")
        if version is not None:
            log.info("catalogue_seeded", version=version, source=own.seed_catalogue)
    validator = TokenValidator(
        issuer=settings.issuer, audience=settings.token_audience, jwks_url=settings.jwks_url
    )
    return register(deps), JwtAuthenticator(validator, mandates)


def build_consumer(settings: CommonSettings, engine: Engine) -> ConsumerRunner:
    """The ``consume`` process: certificate_issued from onewindow.documents.v1."""
    return ConsumerRunner(
        name="cases-documents-events",
        topics=[domain_topic("documents")],
        engine=engine,
        schema=SCHEMA,
        bootstrap=settings.kafka_bootstrap,
        handler=handle_documents_event,
    )


def scan_worker(settings: CommonSettings, engine: Engine, stop: threading.Event) -> None:
    """The ``scan`` process."""
    own = load_settings()
    run_scanner(build_deps(engine, own), own.scan_interval_s, stop)
