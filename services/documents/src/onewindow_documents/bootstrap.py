"""Wiring: engine → unit of work (with outbox) → handlers; content store, signer; gRPC servicer
and the certificate consumer."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import grpc
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from onewindow.documents.v1 import documents_pb2_grpc
from onewindow_documents import config
from onewindow_documents.adapters.consent import GrpcConsentChecker
from onewindow_documents.adapters.content import build_store
from onewindow_documents.adapters.metadata_reader import PostgresDocumentReader
from onewindow_documents.adapters.orm import SCHEMA
from onewindow_documents.adapters.receipt_pdf import render_receipt
from onewindow_documents.adapters.signing import load_key_ring, rotate_key
from onewindow_documents.adapters.uow import SessionUnitOfWork, SqlDocumentsUnitOfWork
from onewindow_documents.entrypoints.consumer import (
    CERTIFICATE_EVENTS,
    CONSUMER_NAME,
    RECEIPT_EVENTS,
    RECEIPTS_CONSUMER_NAME,
    make_handler,
    make_receipts_handler,
)
from onewindow_documents.entrypoints.grpc_servicer import DocumentsServicer
from onewindow_documents.service_layer.content_check import ContentPolicy
from onewindow_documents.service_layer.ports import ContentStore, Services, Signer
from onewindow_kit.auth import JwtAuthenticator, TokenValidator
from onewindow_kit.consumer import BATCHED_FETCH, ConsumerRunner
from onewindow_kit.db import unit_of_work_factory
from onewindow_kit.grpc_tls import open_channel
from onewindow_kit.identity_client import GrpcMandateChecker
from onewindow_kit.outbox import Outbox
from onewindow_kit.revocations import kafka_revocations
from onewindow_kit.settings import CommonSettings
from onewindow_kit.topics import domain_topic

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
GRPC_SERVICE = "onewindow.documents.v1.Documents"


def utc_now() -> datetime:
    """The service clock."""
    return datetime.now(UTC)


def new_id() -> str:
    """A fresh document/version/entry id."""
    return str(uuid.uuid4())


def outbox() -> Outbox:
    """The documents outbox, relayed to onewindow.documents.v1."""
    return Outbox(source=config.SERVICE, schema=SCHEMA, topic=domain_topic(config.SERVICE))


def build_services(
    engine: Engine,
    store: ContentStore,
    signer: Signer,
    *,
    max_upload_bytes: int,
    validity_days: Mapping[str, int] | None = None,
    content_policy: ContentPolicy | None = None,
) -> Services:
    """Handlers' dependencies over PostgreSQL."""
    kit_uow = unit_of_work_factory(engine, outbox())
    # Same pool; a connection checked out for a read that writes nothing runs in autocommit.
    read_uow = unit_of_work_factory(engine.execution_options(isolation_level="AUTOCOMMIT"))
    return Services(
        read_uow=lambda: SqlDocumentsUnitOfWork(read_uow),
        # opened on the serving event loop by its first read
        document_reader=PostgresDocumentReader(engine.url.render_as_string(hide_password=False)),
        content_policy=content_policy or ContentPolicy(),
        uow=lambda: SqlDocumentsUnitOfWork(kit_uow),
        store=store,
        signer=signer,
        clock=utc_now,
        new_id=new_id,
        max_upload_bytes=max_upload_bytes,
        certificate_validity_days=validity_days or {},
        render_receipt=render_receipt,
    )


def session_services(
    store: ContentStore,
    signer: Signer,
    *,
    max_upload_bytes: int,
    validity_days: Mapping[str, int] | None = None,
) -> Callable[[Session], Services]:
    """Services working inside a consumer's transaction."""
    box = outbox()

    def for_session(session: Session) -> Services:
        return Services(
            uow=lambda: SessionUnitOfWork(session, box),
            store=store,
            signer=signer,
            clock=utc_now,
            new_id=new_id,
            max_upload_bytes=max_upload_bytes,
            certificate_validity_days=validity_days or {},
            render_receipt=render_receipt,
        )

    return for_session


def _runtime(settings: config.DocumentsSettings) -> tuple[ContentStore, Signer]:
    store = build_store(settings)  # ONEWINDOW_DOCUMENTS_STORE: fs (default) or s3
    signer = load_key_ring(settings.signing_key_path, configured=settings.signing_key_configured)
    return store, signer


def authenticator(settings: config.DocumentsSettings) -> JwtAuthenticator:
    """Bearer tokens validated locally; x-acting-for checked with the identity service now."""
    common = settings.common
    validator = TokenValidator(
        issuer=common.issuer,
        audience=common.token_audience,
        jwks_url=common.jwks_url,
        revocations=kafka_revocations(common.kafka_bootstrap),
    )
    channel = open_channel(settings.identity_addr)
    return JwtAuthenticator(validator, GrpcMandateChecker(channel))


def build_grpc(
    common: CommonSettings, engine: Engine
) -> tuple[Callable[[grpc.Server], None], JwtAuthenticator]:
    """For the kit's ServiceSpec: the servicer registration and the authenticator."""
    settings = config.load(common)
    store, signer = _runtime(settings)
    svc = build_services(
        engine,
        store,
        signer,
        max_upload_bytes=settings.max_upload_bytes,
        validity_days=settings.certificate_validity_days,
        content_policy=settings.content_policy,
    )
    # Staff and systems may read under a citizen's consent: identity's CheckConsent, per read.
    svc = replace(svc, consents=GrpcConsentChecker(open_channel(settings.identity_addr)))
    servicer = DocumentsServicer(svc)

    def register(server: grpc.Server) -> None:
        documents_pb2_grpc.add_DocumentsServicer_to_server(servicer, server)

    return register, authenticator(settings)


def _cases_consumer(
    common: CommonSettings,
    engine: Engine,
    name: str,
    events: frozenset[str],
    *,
    batched: bool = False,
    **config_: Any,
) -> ConsumerRunner:
    settings = config.load(common)
    store, signer = _runtime(settings)
    services_for = session_services(
        store,
        signer,
        max_upload_bytes=settings.max_upload_bytes,
        validity_days=settings.certificate_validity_days,
    )
    handlers: dict[str, Any] = (
        {"batch_handler": make_receipts_handler(services_for)}
        if batched
        else {"handler": make_handler(services_for, events)}
    )
    return ConsumerRunner(
        name=name,
        topics=[domain_topic("cases")],
        engine=engine,
        schema=SCHEMA,
        bootstrap=common.kafka_bootstrap,
        consumer_config={**BATCHED_FETCH, **config_},
        event_types=events,  # the rest of the cases topic is passed over unparsed
        **handlers,
    )


def build_consumer(common: CommonSettings, engine: Engine) -> ConsumerRunner:
    """For the kit's ServiceSpec: certificates issued on approvals, revoked on annulments."""
    return _cases_consumer(common, engine, CONSUMER_NAME, CERTIFICATE_EVENTS)


def build_receipt_consumer(common: CommonSettings, engine: Engine) -> ConsumerRunner:
    """For the kit's ServiceSpec: a receipt for every submitted case, a polled batch's receipts
    in one unit of work. A new group starts at the end of the topic: receipts for applications
    from its first start on, not for the history."""
    return _cases_consumer(
        common,
        engine,
        RECEIPTS_CONSUMER_NAME,
        RECEIPT_EVENTS,
        batched=True,
        auto_offset_reset="latest",
    )


def rotate_signing_key() -> int:
    """``python -m onewindow_documents rotate-key``: a fresh current key; the retired one keeps
    verifying what it signed. Running processes pick the new key up on their next signature."""
    settings = config.load()
    new = rotate_key(settings.signing_key_path, configured=settings.signing_key_configured)
    print(f"new signing key {new.kid} current from {new.valid_from.isoformat()}")
    return 0
