"""GetMyOverview's handler with the fakes: the caller's open cases (a first page and the token of
the rest), bundles still in progress and open offers, in one call; nobody else's; staff refused;
every size out of range named before anything is read."""

from __future__ import annotations

import asyncio

import pytest

from onewindow_cases.adapters.memory import Store
from onewindow_cases.adapters.memory_offers import InMemoryPersons, OfferStore, offers_uow_factory
from onewindow_cases.service_layer import offers, queries, submission
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.service_layer.offer_ports import OfferServices
from onewindow_cases.service_layer.overview import OverviewSizes, my_overview
from onewindow_cases.service_layer.ports import Services
from onewindow_cases.testing import (
    ID_A,
    NEWBORN_PARTS,
    SAMPLE_FORMS,
    bundle_form,
    citizen,
    staff,
)
from onewindow_kit.errors import InvalidArgument, PermissionDenied

PARENT = citizen("P-1")
STRANGER = citizen("P-2")


@pytest.fixture()
def offer_deps(deps: Services, store: Store) -> OfferServices:
    persons = InMemoryPersons({"P-1": {"national_id": ID_A, "family_name": "Li"}})
    return OfferServices(offers_uow_factory(OfferStore(store)), deps, persons)


def baby_bundle(deps: Services, key: str) -> str:
    app = Application(
        client_key=key, code="newborn", catalogue_version=0, form=bundle_form(*NEWBORN_PARTS),
        document_ids=["P-1-resident_id", "P-1-household_register"],
    )  # fmt: skip
    return asyncio.run(submission.submit_bundle(deps, PARENT, app)).row["id"]


def offer_of(offer_deps: OfferServices, store: Store, new_case, event_id: str) -> None:
    """A birth medical certificate issued outside a bundle: three offers to P-1."""
    form = dict(SAMPLE_FORMS["birth-medical-certificate"])
    documents = [{"document_type": "resident_id", "document_id": "P-1-resident_id",
                  "satisfied_by_case_id": "", "state": "provided"}]  # fmt: skip
    case = new_case("birth-medical-certificate", form=form, documents=documents,
                    status="approved", decision="approved")  # fmt: skip
    store.put_case(case)
    payload = {"document_id": "P-1-birth_medical_certificate",
               "certificate_type": "birth_medical_certificate", "applicant_id": "P-1",
               "case_id": case.id, "bundle_id": "", "service_type": case.service_type}  # fmt: skip
    trigger = offers.Trigger("certificate_issued", event_id, "P-1", case.id, payload)
    clock, catalogue = offer_deps.cases.clock, offer_deps.cases.catalogues.published()
    with offer_deps.uow() as uow:
        offers.make_offers(uow, catalogue, [trigger], clock.now(), clock.today())


def settle(store: Store, bundle_id: str) -> None:
    """Every part of the bundle decided (approved, clock stopped)."""
    for case in store.cases.values():
        if case.bundle_id == bundle_id:
            case.decision, case.clock = "approved", "stopped"


def test_the_overview_answers_what_the_three_lists_answer(deps, offer_deps, store, new_case):
    offer_of(offer_deps, store, new_case, "ev-1")  # before the bundles (they would cover them)
    done, running = baby_bundle(deps, "b-1"), baby_bundle(deps, "b-2")
    settle(store, done)
    (declined, *waiting) = offers.list_my_offers(offer_deps, PARENT, open_only=True, page_size=0)
    offers.decline_offer(offer_deps, PARENT, declined.id, "not now")

    seen = my_overview(offer_deps, PARENT, OverviewSizes(cases=3))

    open_cases = queries.list_my_cases(deps, PARENT, 3, "", True)
    assert [v.row["id"] for v in seen.open_cases.items] == [v.row["id"] for v in open_cases.items]
    assert seen.open_cases.next_page_token == open_cases.next_page_token != ""
    # the settled bundle is left out; the other is there with its parts
    assert [b.row["id"] for b in seen.open_bundles] == [running]
    assert len(seen.open_bundles[0].parts) == len(NEWBORN_PARTS)
    assert sorted(o.id for o in seen.open_offers) == sorted(o.id for o in waiting)
    assert declined.id not in {o.id for o in seen.open_offers}


def test_the_default_sizes_and_nothing_of_anyone_else(deps, offer_deps, store, new_case):
    for n in range(12):
        store.put_case(new_case("provident-fund-withdrawal", case_number=f"HRSS-2027-{n:06}"))
    offer_of(offer_deps, store, new_case, "ev-1")
    baby_bundle(deps, "b-1")
    seen = my_overview(offer_deps, PARENT, OverviewSizes())
    assert len(seen.open_cases.items) == 10 and seen.open_cases.next_page_token
    assert len(seen.open_bundles) == 1 and len(seen.open_offers) == 3
    other = my_overview(offer_deps, STRANGER, OverviewSizes())
    assert (other.open_cases.items, other.open_bundles, other.open_offers) == ([], [], [])


def test_staff_are_refused_and_sizes_are_checked_each_by_name(offer_deps):
    with pytest.raises(PermissionDenied):
        my_overview(offer_deps, staff("hrss", "hall-central", "clerk"), OverviewSizes())
    with pytest.raises(InvalidArgument) as refused:
        my_overview(offer_deps, PARENT, OverviewSizes(cases=-1, bundles=201, offers=5))
    assert [v.field for v in refused.value.violations] == ["cases_page_size", "bundles_page_size"]
