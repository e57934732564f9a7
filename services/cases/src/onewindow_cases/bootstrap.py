"""Wiring, in one place: engine → units of work (with the outbox) → the handlers' services; the
gRPC servicer and its authenticator, the consumer and the scanner the kit's entrypoint runs."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import grpc
from sqlalchemy import Engine

from onewindow_cases.adapters.case_writer import PostgresCaseWriter
from onewindow_cases.adapters.clock import SystemClock
from onewindow_cases.adapters.documents import GrpcDocuments
from onewindow_cases.adapters.offers_sql import offers_uow_factory
from onewindow_cases.adapters.persons import GrpcPersons
from onewindow_cases.adapters.statistics_sql import SqlStatisticsReads
from onewindow_cases.adapters.tables import SCHEMA, SOURCE
from onewindow_cases.adapters.uow import cases_uow_factory
from onewindow_cases.config import CasesSettings, load_settings
from onewindow_cases.domain.access import SYSTEM
from onewindow_cases.entrypoints.consumers import (
    CERTIFICATE_ISSUED,
    STATISTICS_EVENT_TYPES,
    handle_documents_event,
    statistics_handler,
)
from onewindow_cases.entrypoints.grpc_servicer import register
from onewindow_cases.entrypoints.offers_consumer import TRIGGERS, offers_handler
from onewindow_cases.entrypoints.offers_servicer import register_offers
from onewindow_cases.entrypoints.scanner import run_scanner
from onewindow_cases.service_layer.catalogue import CatalogueStore, seed_catalogue
from onewindow_cases.service_layer.offer_ports import OfferServices, PersonRecords
from onewindow_cases.service_layer.ports import (
    CaseWriter,
    Clock,
    DocumentsPort,
    MandateScope,
    Services,
)
from onewindow_kit.auth import JwtAuthenticator, TokenValidator
from onewindow_kit.consumer import BATCHED_FETCH, ConsumerRunner
from onewindow_kit.db import unit_of_work_factory
from onewindow_kit.grpc_tls import open_channel
from onewindow_kit.identity_client import GrpcMandateChecker
from onewindow_kit.logging import get_logger
from onewindow_kit.outbox import Outbox
from onewindow_kit.revocations import kafka_revocations
from onewindow_kit.settings import CommonSettings
from onewindow_kit.topics import domain_topic


def make_outbox() -> Outbox:
    """The cases outbox: events go to onewindow.cases.v1."""
    return Outbox(source=SOURCE, schema=SCHEMA, topic=domain_topic(SOURCE))


def build_services(
    engine: Engine,
    settings: CasesSettings,
    *,
    documents: DocumentsPort | None = None,
    clock: Clock | None = None,
    mandates: MandateScope | None = None,
    outbox: Outbox | None = None,
    writer: CaseWriter | None = None,
) -> Services:
    """Everything the handlers need, bound to ``engine``. The writer's connection pool opens
    on first use, in the event loop that uses it."""
    outbox = outbox or make_outbox()
    uow = cases_uow_factory(unit_of_work_factory(engine, outbox))
    autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
    reader = cases_uow_factory(unit_of_work_factory(autocommit))
    return Services(
        uow=uow,
        catalogues=CatalogueStore(reader),
        documents=documents
        or GrpcDocuments(settings.documents_addr, timeout_s=settings.downstream_timeout_s),
        clock=clock or SystemClock(settings.timezone),
        writer=writer
        or PostgresCaseWriter(
            engine.url.render_as_string(hide_password=False),
            outbox,
            connections=settings.submit_connections,
        ),
        warn_percent=settings.warn_percent,
        reader=reader,
        mandates=mandates,
        statistics=SqlStatisticsReads(engine, SCHEMA),
        transfer_clock=settings.transfer_clock,
        open_data_k=settings.open_data_k,
    )


log = get_logger("onewindow.cases")


def build_grpc(
    settings: CommonSettings, engine: Engine
) -> tuple[Callable[[grpc.aio.Server], None], Any]:
    """The servicer and the authenticator (tokens checked against the realm's keys; acting
    for someone else is checked with the identity service)."""
    own = load_settings()
    mandates = GrpcMandateChecker(
        open_channel(own.identity_addr), timeout_s=own.downstream_timeout_s
    )
    deps = build_services(engine, own, mandates=mandates)
    if own.seed_catalogue:
        source = Path(own.seed_catalogue).read_text(encoding="utf-8")
        version = seed_catalogue(deps, SYSTEM, source, f"seed: {Path(own.seed_catalogue).name}")
        if version is not None:
            log.info("catalogue_seeded", version=version, source=own.seed_catalogue)
    validator = TokenValidator(
        issuer=settings.issuer,
        audience=settings.token_audience,
        jwks_url=settings.jwks_url,
        revocations=kafka_revocations(settings.kafka_bootstrap),
    )
    offer_deps = build_offer_services(engine, own, deps)
    return (
        _both(register(deps, offer_deps), register_offers(offer_deps)),
        JwtAuthenticator(validator, mandates),
    )


def _both(
    *registers: Callable[[grpc.aio.Server], None],
) -> Callable[[grpc.aio.Server], None]:
    def _register(server: grpc.aio.Server) -> None:
        for add in registers:
            add(server)

    return _register


def build_offer_services(
    engine: Engine, settings: CasesSettings, cases: Services,
    persons: PersonRecords | None = None,
) -> OfferServices:  # fmt: skip
    """The offer handlers' services: offers in the cases schema (with the outbox), the
    submit path of ``cases``, the person record from identity (the caller's token)."""
    autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
    return OfferServices(
        uow=offers_uow_factory(unit_of_work_factory(engine, make_outbox())),
        cases=cases,
        persons=persons
        or GrpcPersons(settings.identity_addr, timeout_s=settings.downstream_timeout_s),
        reader=offers_uow_factory(unit_of_work_factory(autocommit)),
    )


def build_consumer(settings: CommonSettings, engine: Engine) -> ConsumerRunner:
    """The ``consume`` process: certificate_issued from onewindow.documents.v1."""
    return ConsumerRunner(
        name="cases-documents-events",
        topics=[domain_topic("documents")],
        engine=engine,
        schema=SCHEMA,
        bootstrap=settings.kafka_bootstrap,
        handler=handle_documents_event,
        event_types=[CERTIFICATE_ISSUED],  # the topic's other events are passed over unparsed
        consumer_config=BATCHED_FETCH,  # a certificate may reach its case 250 ms later
    )


def build_statistics_consumer(settings: CommonSettings, engine: Engine) -> ConsumerRunner:
    """The ``statistics`` process: the service's own events (onewindow.cases.v1) into the
    handling statistics (kept out of the submit transaction, so submissions do not slow)."""
    own = load_settings()
    catalogues = CatalogueStore(cases_uow_factory(unit_of_work_factory(engine)))
    return ConsumerRunner(
        name="cases-statistics",
        topics=[domain_topic(SOURCE)],
        engine=engine,
        schema=SCHEMA,
        bootstrap=settings.kafka_bootstrap,
        batch_handler=statistics_handler(
            lambda: catalogues.published().calendar, SCHEMA, own.timezone
        ),
        # A fetch is answered at 64 KiB of events or after 500 ms: under load a poll brings
        # hundreds of events, folded into a few upserts; the figures lag by at most that.
        consumer_config={"fetch_min_bytes": 64 * 1024, "fetch_max_wait_ms": 500},
        event_types=STATISTICS_EVENT_TYPES,
    )


def build_offers_consumer(settings: CommonSettings, engine: Engine) -> ConsumerRunner:
    """The ``offers`` process: certificate_issued (documents) and case_decided (cases) into
    offers by the published catalogue's offer rules."""
    own = load_settings()
    catalogues = CatalogueStore(cases_uow_factory(unit_of_work_factory(engine)))
    return ConsumerRunner(
        name="cases-offers",
        topics=[domain_topic("documents"), domain_topic(SOURCE)],
        engine=engine,
        schema=SCHEMA,
        bootstrap=settings.kafka_bootstrap,
        batch_handler=offers_handler(
            catalogues.published, make_outbox(), SystemClock(own.timezone)
        ),
        # every submission puts a case_submitted and a receipt_issued on these topics: passed
        # over unparsed, with no transaction and no dedupe row
        event_types=list(TRIGGERS),
        consumer_config=BATCHED_FETCH,  # an offer may be made 250 ms later
    )


def scan_worker(settings: CommonSettings, engine: Engine, stop: threading.Event) -> None:
    """The ``scan`` process."""
    own = load_settings()
    deps = build_services(engine, own)
    run_scanner(deps, own.scan_interval_s, stop, build_offer_services(engine, own, deps))
