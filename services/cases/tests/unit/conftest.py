"""Fixtures for the domain's unit tests: the shipped catalogue, a fixed day, principals, cases."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from onewindow_cases.adapters.memory import FixedClock, InMemoryDocuments, Store
from onewindow_cases.domain.case import Case, Now
from onewindow_cases.domain.catalogue import Catalogue
from onewindow_cases.domain.catalogue_parser import parse_catalogue_yaml
from onewindow_cases.domain.documents import DocumentInfo
from onewindow_cases.service_layer.ports import Services
from onewindow_cases.testing import SAMPLE_CATALOGUE as CATALOGUE
from onewindow_cases.testing import fake_services

MONDAY = date(2027, 3, 1)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return parse_catalogue_yaml(CATALOGUE.read_text(encoding="utf-8"))


@pytest.fixture()
def now(catalogue: Catalogue) -> Now:
    return Now(datetime(2027, 3, 1, 9, 0, tzinfo=UTC), MONDAY, catalogue.calendar)


@pytest.fixture()
def new_case(catalogue: Catalogue, now: Now) -> Callable[..., Case]:
    def make(service_type: str = "newborn-household-registration", **overrides) -> Case:
        st = catalogue.service_type(service_type)
        case = Case(
            id=str(uuid.uuid4()),
            case_number=f"{st.department.upper()}-2027-000001",
            catalogue_version=1,
            service_type=st.code,
            responsible_department=st.department,
            receiving_office="",
            delivery_office="",
            channel="online",
            applicant_id="P-1",
            submitted_by="user-P-1",
            status=st.workflow.initial.code,
            form={},
            documents=[],
            time_limit_days=st.time_limit_days,
            start_date=now.today,
            created_at=now.at,
            updated_at=now.at,
        )
        case.set_deadline(case.deadline, now)
        for key, value in overrides.items():
            setattr(case, key, value)
        return case

    return make


@pytest.fixture()
def store() -> Store:
    """What the in-memory fakes hold (cases, events, ...)."""
    return Store()


@pytest.fixture()
def deps(store: Store) -> Services:
    """Handlers' services over the fakes: P-1's documents, Monday 1 March 2027."""
    docs = InMemoryDocuments()
    for doc_type in ("resident_id", "household_register", "birth_medical_certificate"):
        docs.add(DocumentInfo(f"P-1-{doc_type}", "P-1", doc_type))
    return fake_services(store, docs, FixedClock(datetime(2027, 3, 1, 1, 0, tzinfo=UTC), MONDAY))
