"""Helpers shared by the cases tests and the benchmark: principals shaped like the realm's, sample
forms, and the one fake documents service."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import grpc

from onewindow.documents.v1 import documents_pb2, documents_pb2_grpc
from onewindow_cases.adapters.memory import (
    FixedClock,
    InMemoryCaseWriter,
    InMemoryDocuments,
    Store,
    uow_factory,
)
from onewindow_cases.domain.documents import DocumentInfo
from onewindow_cases.resources import migrations_dir, shipped_catalogue
from onewindow_cases.service_layer.catalogue import CatalogueStore, seed_catalogue
from onewindow_cases.service_layer.ports import Services
from onewindow_kit.principal import ALL_SERVICE_TYPES, Principal

SAMPLE_CATALOGUE = shipped_catalogue()
MIGRATIONS = migrations_dir()


def staff(dept: str, office: str, *roles: str, subject: str | None = None) -> Principal:
    """A staff member of ``dept`` working at ``office``."""
    return Principal(
        subject=subject or f"{dept}-{'-'.join(roles)}-{uuid.uuid4().hex[:6]}",
        roles=frozenset(roles),
        department=dept,
        office=office,
        assurance_level="high",
    )


def citizen(
    person_id: str = "P-1",
    level: str = "substantial",
    acting_for: str = "",
    scope: frozenset[str] = ALL_SERVICE_TYPES,
) -> Principal:
    """A citizen logged in at ``level`` (acting for someone: under a mandate for ``scope``)."""
    return Principal(
        subject=f"user-{person_id}",
        roles=frozenset({"citizen"}),
        person_id=person_id,
        assurance_level=level,
        acting_for=acting_for,
        mandate_scope=scope if acting_for else frozenset(),
    )


ID_A, ID_B = "11010519491231002X", "110105199003071234"

SAMPLE_FORMS: dict[str, dict] = {
    "birth-medical-certificate": {
        "child_name": "Li Xiaoming", "child_sex": "male", "birth_date": "2027-02-20",
        "birth_place": "First People's Hospital", "mother_id_number": ID_A,
    },
    "newborn-household-registration": {
        "child_name": "Li Xiaoming", "birth_date": "2027-02-20", "household_number": "110105123",
    },
    "newborn-medical-insurance": {
        "child_name": "Li Xiaoming", "birth_date": "2027-02-20", "guardian_id_number": ID_A,
    },
    "social-security-card": {
        "holder_name": "Li Xiaoming", "holder_id_number": ID_B,
        "delivery_address": "8 Renmin Road, Apt 3",
    },
    "marriage-registration": {
        "party_a_id_number": ID_A, "party_b_id_number": ID_B, "appointment_date": "2027-03-10",
    },
    "business-registration": {
        "company_name": "Good Noodles Ltd", "business_scope": "catering",
        "registered_capital_cny": 100000, "legal_representative_id_number": ID_A,
        "address": "1 Renmin Road",
    },
    "food-business-licence": {
        "operator_name": "Good Noodles Ltd", "premises_address": "1 Renmin Road",
        "business_category": "restaurant", "food_safety_manager": "Wang Wei",
    },
    "fire-safety-inspection": {
        "premises_address": "1 Renmin Road", "floor_area_m2": 120.5, "seating_capacity": 40,
    },
    "signboard-permit": {
        "premises_address": "1 Renmin Road", "sign_width_m": 3, "sign_height_m": 1,
    },
    "provident-fund-withdrawal": {
        "account_number": "1234567890", "reason": "rent", "amount_cny": 5000,
    },
}  # fmt: skip


def bundle_form(*service_types: str) -> dict:
    """The one form of a bundle: every part's sample fields."""
    form: dict = {}
    for code in service_types:
        form.update(SAMPLE_FORMS[code])
    return form


NEWBORN_PARTS = (
    "birth-medical-certificate", "newborn-household-registration", "newborn-medical-insurance",
    "social-security-card",
)  # fmt: skip
RESTAURANT_PARTS = (
    "business-registration", "food-business-licence", "fire-safety-inspection", "signboard-permit",
)  # fmt: skip


def synthetic_documents(document_ids: Sequence[str]) -> dict[str, DocumentInfo]:
    """Documents whose ids say what they are: ``doc:<owner>:<type>`` (the benchmark's)."""
    out = {}
    for doc_id in document_ids:
        kind, owner, doc_type = [*doc_id.split(":", 2), "", ""][:3]
        if kind == "doc" and owner and doc_type:
            out[doc_id] = DocumentInfo(doc_id, owner, doc_type)
    return out


class FakeDocumentsService(documents_pb2_grpc.DocumentsServicer):
    """The documents service's GetDocumentsMetadata over gRPC (asyncio), answering from an
    in-memory store and, with ``synthetic``, from ids of the form ``doc:<owner>:<type>``."""

    def __init__(self, store: InMemoryDocuments | None = None, *, synthetic: bool = False) -> None:
        self.store = store or InMemoryDocuments()
        self.synthetic = synthetic

    async def GetDocumentsMetadata(
        self,
        request: documents_pb2.GetDocumentsMetadataRequest,
        context: grpc.aio.ServicerContext,
    ) -> documents_pb2.GetDocumentsMetadataResponse:
        """Answer from the store (and the ids themselves)."""
        ids = list(request.document_ids)
        found = {**(synthetic_documents(ids) if self.synthetic else {}), **self.store.lookup(ids)}
        return documents_pb2.GetDocumentsMetadataResponse(
            documents=[
                documents_pb2.DocumentMetadata(
                    id=d.id, owner_id=d.owner_id, document_type=d.document_type,
                    certificate_type=d.certificate_type, issuer_department=d.issuer_department,
                    status=d.status,
                )
                for d in found.values()
            ],
            missing_ids=[i for i in ids if i not in found],
        )  # fmt: skip


def fake_services(store: Store, documents: InMemoryDocuments, clock: FixedClock) -> Services:
    """Services over the in-memory fakes, the shipped catalogue published (handler unit tests)."""
    uow = uow_factory(store)
    services = Services(
        uow=uow, catalogues=CatalogueStore(uow), documents=documents, clock=clock,
        writer=InMemoryCaseWriter(store),
    )  # fmt: skip
    admin = staff("", "", "dept_admin", subject="admin-1")
    seed_catalogue(services, admin, SAMPLE_CATALOGUE.read_text(encoding="utf-8"), "sample")
    return services
