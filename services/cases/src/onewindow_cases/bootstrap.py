"""Wiring: engine → units of work (with the outbox) → handlers' dependencies."""

from __future__ import annotations

from sqlalchemy import Engine

from onewindow_cases.adapters.case_writer import PostgresCaseWriter
from onewindow_cases.adapters.documents import GrpcDocuments
from onewindow_cases.adapters.tables import SCHEMA, SOURCE
from onewindow_cases.adapters.uow import cases_uow_factory
from onewindow_cases.config import CasesSettings
from onewindow_cases.service_layer.catalogue import CatalogueStore
from onewindow_cases.service_layer.deps import Clock, Deps, MandateScope, SystemClock
from onewindow_cases.service_layer.ports import CaseWriter, DocumentsPort
from onewindow_kit.db import unit_of_work_factory
from onewindow_kit.outbox import Outbox
from onewindow_kit.topics import domain_topic


def make_outbox() -> Outbox:
    """The cases outbox: events go to onewindow.cases.v1."""
    return Outbox(source=SOURCE, schema=SCHEMA, topic=domain_topic(SOURCE))


def build_deps(
    engine: Engine,
    settings: CasesSettings,
    *,
    documents: DocumentsPort | None = None,
    clock: Clock | None = None,
    mandates: MandateScope | None = None,
    outbox: Outbox | None = None,
    writer: CaseWriter | None = None,
) -> Deps:
    """Everything the handlers need, bound to ``engine``. The writer's connection pool opens
    on first use, in the event loop that uses it."""
    outbox = outbox or make_outbox()
    uow = cases_uow_factory(unit_of_work_factory(engine, outbox))
    autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
    reader = cases_uow_factory(unit_of_work_factory(autocommit))
    return Deps(
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
    )
