"""Test helpers: the handlers over in-memory adapters, principals, case decisions."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow.events.v1 import envelope_pb2
from onewindow_documents.adapters.content import InMemoryContentStore
from onewindow_documents.adapters.memory import MemoryUnitOfWork, Tables
from onewindow_documents.adapters.receipt_pdf import render_receipt
from onewindow_documents.adapters.signing import KeyRing
from onewindow_documents.service_layer.ports import Services
from onewindow_kit.outbox import PendingEvent, make_envelope
from onewindow_kit.principal import Principal


def sample_pdf(text: bytes = b"scan") -> bytes:
    """A minimal PDF carrying ``text`` (the content sniffing sees a real PDF)."""
    return b"%PDF-1.4\n%" + text + b"\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def sample_png(text: bytes = b"scan") -> bytes:
    """A minimal PNG (signature and a 1x1 IHDR) with ``text`` in a tEXt chunk."""
    ihdr = b"\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde"
    return b"\x89PNG\r\n\x1a\n" + ihdr + len(text).to_bytes(4, "big") + b"tEXt" + text


def sample_jpeg(text: bytes = b"scan") -> bytes:
    """A minimal JPEG (SOI, a JFIF APP0 segment) with ``text`` as a comment, then EOI."""
    app0 = b"\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
    comment = b"\xff\xfe" + (len(text) + 2).to_bytes(2, "big") + text
    return b"\xff\xd8" + app0 + comment + b"\xff\xd9"


@dataclass
class World:
    """Handlers' dependencies in memory, and the committed state to assert on."""

    svc: Services
    tables: Tables
    store: InMemoryContentStore


def memory_world(max_upload_bytes: int = 1024, chunk_size: int = 4) -> World:
    """A fresh in-memory world; the clock advances one second per reading."""
    tables, store = Tables(), InMemoryContentStore()
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    ticks = itertools.count()
    svc = Services(
        uow=lambda: MemoryUnitOfWork(tables),
        store=store,
        signer=KeyRing.generate(start),
        clock=lambda: start + timedelta(seconds=next(ticks)),
        new_id=lambda: str(uuid.uuid4()),
        max_upload_bytes=max_upload_bytes,
        chunk_size=chunk_size,
        certificate_validity_days={"food_business_licence": 365},
        render_receipt=render_receipt,
    )
    return World(svc, tables, store)


def citizen(
    person_id: str | None = None, acting_for: str = "", scope: Iterable[str] = ("*",)
) -> Principal:
    """A citizen (optionally acting for someone under a checked mandate covering ``scope``:
    the service types, or "*" for all)."""
    pid = person_id or str(uuid.uuid4())
    return Principal(
        subject=f"user-{pid}", roles=frozenset({"citizen"}), person_id=pid, acting_for=acting_for,
        mandate_scope=frozenset(scope) if acting_for else frozenset(),
    )  # fmt: skip


def staff(role: str = "clerk", department: str = "psb", office: str = "hall-east") -> Principal:
    """A staff member of ``department``."""
    return Principal(
        subject=f"staff-{uuid.uuid4().hex[:8]}",
        roles=frozenset({role}),
        department=department,
        office=office,
        username=f"{role}-{department}",
    )


def case_decided(
    *,
    applicant_id: str,
    case_id: str | None = None,
    outcome: str = "approved",
    issue_certificate: bool = True,
    certificate_type: str = "birth_medical_certificate",
    department: str = "health",
    service_type: str = "birth-medical-certificate",
) -> envelope_pb2.EventEnvelope:
    """A case_decided envelope as the cases service publishes it."""
    case_id = case_id or str(uuid.uuid4())
    payload = cases_events.CaseDecided(
        case_id=case_id,
        case_number=f"HEALTH-2026-{case_id[:6]}",
        outcome=outcome,
        applicant_id=applicant_id,
        responsible_department=department,
        service_type=service_type,
        issue_certificate=issue_certificate,
        certificate_type=certificate_type if issue_certificate else "",
        bundle_id="bundle-1",
        decided_by="staff-1",
    )
    return make_envelope("cases", PendingEvent("case_decided", case_id, "case", payload))


def decision_annulled(
    *, case_id: str, reason: str = "the permit was obtained with forged papers"
) -> envelope_pb2.EventEnvelope:
    """A decision_annulled envelope as the cases service publishes it."""
    payload = cases_events.DecisionAnnulled(
        case_id=case_id,
        case_number=f"HEALTH-2026-{case_id[:6]}",
        responsible_department="health",
        reason=reason,
        annulled_by="staff-2",
    )
    return make_envelope("cases", PendingEvent("decision_annulled", case_id, "case", payload))


def case_submitted(
    *,
    applicant_id: str,
    case_id: str | None = None,
    due_date: str = "2026-03-20",
    service_type: str = "birth-medical-certificate",
    document_ids: Iterable[str] = (),
) -> envelope_pb2.EventEnvelope:
    """A case_submitted envelope as the cases service publishes it."""
    case_id = case_id or str(uuid.uuid4())
    payload = cases_events.CaseSubmitted(
        case_id=case_id,
        case_number=f"HEALTH-2026-{case_id[:6]}",
        service_type=service_type,
        document_ids=list(document_ids),
        responsible_department="health",
        receiving_office="hall-east",
        applicant_id=applicant_id,
        submitted_by=applicant_id,
        due_date=due_date,
    )
    return make_envelope("cases", PendingEvent("case_submitted", case_id, "case", payload))
