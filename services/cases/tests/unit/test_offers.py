"""Offers driven with the fakes: made once per (rule, person, event) when a birth certificate is
issued outside the bundle; confirmed through the submit path (pre-filled, asking only for the
rest, idempotent); declined or expired without a case; someone else's reads as missing."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import yaml

from onewindow_cases.adapters.memory import Store
from onewindow_cases.adapters.memory_offers import InMemoryPersons, OfferStore, offers_uow_factory
from onewindow_cases.domain.catalogue_parser import parse_catalogue
from onewindow_cases.domain.offer import CONFIRMED, DECLINED, EXPIRED, OFFERED, Offer
from onewindow_cases.service_layer import offers
from onewindow_cases.service_layer.offer_ports import OfferServices
from onewindow_cases.service_layer.ports import Services
from onewindow_cases.testing import (
    ID_A,
    NEWBORN_PARTS,
    SAMPLE_CATALOGUE,
    SAMPLE_FORMS,
    bundle_form,
    citizen,
)
from onewindow_kit.errors import FailedPrecondition, InvalidArgument, NotFound

PARENT = citizen("P-1")
STRANGER = citizen("P-2")
CERTIFICATE = "P-1-birth_medical_certificate"  # owned by P-1 in the fake documents service


@pytest.fixture()
def offer_deps(deps: Services, store: Store) -> OfferServices:
    persons = InMemoryPersons({"P-1": {"national_id": ID_A, "family_name": "Li",
                                       "given_name": "Na"}})  # fmt: skip
    return OfferServices(offers_uow_factory(OfferStore(store)), deps, persons)


@pytest.fixture()
def birth_case(new_case, store: Store):
    form = dict(SAMPLE_FORMS["birth-medical-certificate"])
    case = new_case("birth-medical-certificate", form=form,
                    documents=[{"document_type": "resident_id", "document_id": "P-1-resident_id",
                                "satisfied_by_case_id": "", "state": "provided"}],
                    status="approved", decision="approved")  # fmt: skip
    store.put_case(case)
    return case


def issued(case, event_id: str = "ev-1", bundle_id: str = "") -> offers.Trigger:
    payload = {"document_id": CERTIFICATE, "certificate_type": "birth_medical_certificate",
               "applicant_id": case.applicant_id, "case_id": case.id, "bundle_id": bundle_id,
               "service_type": case.service_type}  # fmt: skip
    return offers.Trigger("certificate_issued", event_id, case.applicant_id, case.id, payload)


def make(offer_deps: OfferServices, trigger: offers.Trigger) -> list[Offer]:
    clock = offer_deps.cases.clock
    catalogue = offer_deps.cases.catalogues.published()
    with offer_deps.uow() as uow:
        return offers.make_offers(uow, catalogue, [trigger], clock.now(), clock.today())


def by_service(offer_deps: OfferServices, principal=PARENT) -> dict[str, Offer]:
    found = offers.list_my_offers(offer_deps, principal, open_only=False, page_size=0)
    return {o.service_type: o for o in found}


def confirm(offer_deps: OfferServices, offer_id: str, principal=PARENT, **kw):
    cmd = offers.ConfirmOffer(offer_id, **kw)
    return asyncio.run(offers.confirm_offer(offer_deps, principal, cmd))


def test_a_birth_certificate_outside_the_bundle_makes_three_offers_once(
    offer_deps, store, birth_case
):
    made = make(offer_deps, issued(birth_case))
    assert sorted(o.service_type for o in made) == [
        "newborn-household-registration", "newborn-medical-insurance", "social-security-card"
    ]  # fmt: skip
    assert store.event_names().count("offer_made") == 3
    # the same event again (a redelivery the dedupe missed) makes no second offer
    assert make(offer_deps, issued(birth_case)) == []
    assert store.event_names().count("offer_made") == 3
    insurance = by_service(offer_deps)["newborn-medical-insurance"]
    assert insurance.prefill == {"child_name": "Li Xiaoming", "birth_date": "2027-02-20"}
    assert insurance.documents == {"birth_medical_certificate": CERTIFICATE}
    assert insurance.person_fields == {"guardian_id_number": "person.national_id"}
    assert insurance.expires_at - insurance.offered_at == timedelta(days=90)
    household = by_service(offer_deps)["newborn-household-registration"]
    # the resident id card the parent used for the birth certificate comes from the wallet
    assert household.documents["resident_id"] == "P-1-resident_id"
    assert (household.missing_fields, household.missing_documents) == (
        ["household_number"], ["household_register"])  # fmt: skip


def test_inside_the_bundle_or_for_another_certificate_no_offer(offer_deps, store, birth_case):
    assert make(offer_deps, issued(birth_case, bundle_id="b-1")) == []
    other = issued(birth_case, "ev-2")
    other.payload["certificate_type"] = "marriage_certificate"
    assert make(offer_deps, other) == []
    assert "offer_made" not in store.event_names()


def test_confirming_files_the_case_prefilled_once(offer_deps, store, birth_case):
    make(offer_deps, issued(birth_case))
    insurance = by_service(offer_deps)["newborn-medical-insurance"]
    confirmed, replayed = confirm(offer_deps, insurance.id)
    assert (confirmed.state, replayed) == (CONFIRMED, False)
    case = store.cases[confirmed.case_id]
    assert (case.service_type, case.applicant_id, case.submitted_by) == (
        "newborn-medical-insurance", "P-1", PARENT.subject)  # fmt: skip
    assert case.form == {"child_name": "Li Xiaoming", "birth_date": "2027-02-20",
                         "guardian_id_number": ID_A}  # fmt: skip
    assert [d["document_id"] for d in case.documents] == [CERTIFICATE]
    again, replayed = confirm(offer_deps, insurance.id)
    assert (again.case_id, replayed) == (confirmed.case_id, True)
    assert store.event_names().count("case_submitted") == 1
    assert store.event_names(insurance.id) == ["offer_made", "offer_confirmed"]


def test_confirming_asks_only_for_what_the_prefill_could_not_provide(offer_deps, store, birth_case):
    make(offer_deps, issued(birth_case))
    household = by_service(offer_deps)["newborn-household-registration"]
    with pytest.raises(InvalidArgument) as refused:
        confirm(offer_deps, household.id)
    assert [v.field for v in refused.value.violations] == ["form.household_number"]
    with pytest.raises(InvalidArgument) as refused:
        confirm(offer_deps, household.id, form={"household_number": "110105123",
                                                "child_name": "Someone Else"})  # fmt: skip
    assert [v.field for v in refused.value.violations] == ["form.child_name"]
    with pytest.raises(InvalidArgument) as refused:  # the household booklet is still missing
        confirm(offer_deps, household.id, form={"household_number": "110105123"})
    assert "document_ids" in {v.field for v in refused.value.violations}
    assert "case_submitted" not in store.event_names()
    confirmed, _ = confirm(offer_deps, household.id, form={"household_number": "110105123"},
                           document_ids=["P-1-household_register"])  # fmt: skip
    assert store.cases[confirmed.case_id].form["household_number"] == "110105123"


def test_a_person_field_identity_would_not_show_is_asked_for(offer_deps, store, birth_case):
    offer_deps.persons.records.clear()  # type: ignore[attr-defined]
    make(offer_deps, issued(birth_case))
    insurance = by_service(offer_deps)["newborn-medical-insurance"]
    with pytest.raises(InvalidArgument) as refused:
        confirm(offer_deps, insurance.id)
    assert [v.field for v in refused.value.violations] == ["form.guardian_id_number"]
    confirmed, _ = confirm(offer_deps, insurance.id, form={"guardian_id_number": ID_A})
    assert confirmed.state == CONFIRMED


def test_a_representative_sees_and_confirms_the_mandators_offer(offer_deps, store, birth_case):
    make(offer_deps, issued(birth_case))
    representative = citizen("P-9", acting_for="P-1")
    insurance = by_service(offer_deps, representative)["newborn-medical-insurance"]
    confirmed, _ = confirm(offer_deps, insurance.id, representative)
    case = store.cases[confirmed.case_id]
    assert (case.applicant_id, case.submitted_by) == ("P-1", representative.subject)


def test_a_declined_offer_files_nothing(offer_deps, store, birth_case):
    make(offer_deps, issued(birth_case))
    card = by_service(offer_deps)["social-security-card"]
    declined = offers.decline_offer(offer_deps, PARENT, card.id, "we applied at the hall")
    assert (declined.state, declined.reason) == (DECLINED, "we applied at the hall")
    assert offers.decline_offer(offer_deps, PARENT, card.id, "").state == DECLINED  # harmless
    with pytest.raises(FailedPrecondition):
        confirm(offer_deps, card.id, form={"holder_id_number": ID_A,
                                           "delivery_address": "8 Renmin Road"})  # fmt: skip
    assert store.event_names(card.id) == ["offer_made", "offer_declined"]
    assert "case_submitted" not in store.event_names()


def test_an_expired_offer_files_nothing(offer_deps, store, birth_case):
    make(offer_deps, issued(birth_case))
    insurance = by_service(offer_deps)["newborn-medical-insurance"]
    clock = offer_deps.cases.clock
    clock.at = insurance.expires_at  # type: ignore[attr-defined]
    with pytest.raises(FailedPrecondition, match="expired"):  # before the scanner ran
        confirm(offer_deps, insurance.id)
    assert offers.expire_offers(offer_deps) == 2  # the social-security card lasts 180 days
    assert offers.expire_offers(offer_deps) == 0
    assert by_service(offer_deps)["newborn-medical-insurance"].state == EXPIRED
    assert by_service(offer_deps)["social-security-card"].state == OFFERED
    assert store.event_names(insurance.id) == ["offer_made", "offer_expired"]
    with pytest.raises(FailedPrecondition):
        confirm(offer_deps, insurance.id)
    with pytest.raises(FailedPrecondition):
        offers.decline_offer(offer_deps, PARENT, insurance.id, "")
    assert "case_submitted" not in store.event_names()


def test_someone_elses_offer_reads_like_a_missing_one(offer_deps, store, birth_case):
    make(offer_deps, issued(birth_case))
    mine = by_service(offer_deps)["newborn-medical-insurance"]
    missing = "6f1d3c1e-8f7a-4c55-9d0e-2b7f3c9a1d20"
    for offer_id in (mine.id, missing):
        with pytest.raises(NotFound) as refused:
            offers.get_offer(offer_deps, STRANGER, offer_id)
        assert str(refused.value) == "offer not found"
        with pytest.raises(NotFound):
            confirm(offer_deps, offer_id, STRANGER)
        with pytest.raises(NotFound):
            offers.decline_offer(offer_deps, STRANGER, offer_id, "")
    assert offers.list_my_offers(offer_deps, STRANGER, open_only=False, page_size=0) == []
    with pytest.raises(InvalidArgument) as refused:
        offers.get_offer(offer_deps, PARENT, "not-an-id")
    assert refused.value.violations[0].field == "offer_id"


def test_the_state_machine(offer_deps, store, birth_case):
    make(offer_deps, issued(birth_case))
    offer = by_service(offer_deps)["newborn-medical-insurance"]
    at = offer.offered_at
    assert not offer.expire(at)  # not yet due
    offer.confirm("me", at, "case-1", "MEDSEC-2027-000001", "")
    with pytest.raises(FailedPrecondition):
        offer.decline("me", at, "")
    assert not offer.expire(offer.expires_at)  # a confirmed offer never expires
    assert (offer.state, offer.version) == (CONFIRMED, 2)


def test_a_batch_of_events_makes_each_persons_offers(offer_deps, store, birth_case, new_case):
    other = new_case("birth-medical-certificate", applicant_id="P-2",
                     form=dict(SAMPLE_FORMS["birth-medical-certificate"]))  # fmt: skip
    store.put_case(other)
    clock = offer_deps.cases.clock
    batch = [issued(birth_case, "ev-a"), issued(other, "ev-b"), issued(birth_case, "ev-a")]
    with offer_deps.uow() as uow:
        made = offers.make_offers(uow, offer_deps.cases.catalogues.published(), batch,
                                  clock.now(), clock.today())  # fmt: skip
    assert sorted(o.person_id for o in made) == ["P-1"] * 3 + ["P-2"] * 3
    assert store.event_names().count("offer_made") == 6


def test_a_decision_can_trigger_an_offer(offer_deps, store, new_case):
    """case_decided approved for marriage registration → a social-security card, the holder's
    name and id number from the person record (a rule of a region's own catalogue)."""
    doc = yaml.safe_load(SAMPLE_CATALOGUE.read_text(encoding="utf-8"))
    doc["offer_rules"] = [{
        "code": "card-after-marriage", "title": {"en": "A new card"},
        "when": {"event": "case_decided", "service_type": "marriage-registration",
                 "outcome": "approved"},
        "offer": {"service_type": "social-security-card"},
        "prefill": {"holder_name": "person.full_name", "holder_id_number": "person.national_id"},
        "documents": {"household_register": "wallet.household_register"},
    }]  # fmt: skip
    catalogue = parse_catalogue(doc)
    marriage = new_case("marriage-registration", form=dict(SAMPLE_FORMS["marriage-registration"]))
    store.put_case(marriage)
    clock = offer_deps.cases.clock

    def decided(outcome: str, event_id: str) -> offers.Trigger:
        payload = {"case_id": marriage.id, "outcome": outcome, "applicant_id": "P-1",
                   "service_type": "marriage-registration"}  # fmt: skip
        return offers.Trigger("case_decided", event_id, "P-1", marriage.id, payload)

    with offer_deps.uow() as uow:
        made = offers.make_offers(uow, catalogue, [decided("rejected", "d-1"),
                                                   decided("approved", "d-2")],
                                  clock.now(), clock.today())  # fmt: skip
    assert [(o.rule, o.trigger_event_id) for o in made] == [("card-after-marriage", "d-2")]
    assert made[0].person_fields == {"holder_name": "person.full_name",
                                     "holder_id_number": "person.national_id"}  # fmt: skip
    assert made[0].missing_fields == ["delivery_address"]
    assert made[0].missing_documents == ["household_register"]


def test_a_bundle_offer_is_confirmed_through_the_bundle_submit_path(offer_deps, store, new_case):
    doc = yaml.safe_load(SAMPLE_CATALOGUE.read_text(encoding="utf-8"))
    doc["offer_rules"] = [{
        "code": "baby-after-marriage", "title": {"en": "Having a baby"},
        "when": {"event": "case_decided", "service_type": "marriage-registration"},
        "offer": {"bundle": "newborn"},
        "prefill": {"mother_id_number": "person.national_id"},
        "documents": {"resident_id": "wallet.resident_id"},
    }]  # fmt: skip
    catalogue = parse_catalogue(doc)
    marriage = new_case("marriage-registration", form=dict(SAMPLE_FORMS["marriage-registration"]),
                        documents=[{"document_type": "resident_id",
                                    "document_id": "P-1-resident_id"}])  # fmt: skip
    store.put_case(marriage)
    clock = offer_deps.cases.clock
    payload = {"case_id": marriage.id, "outcome": "approved", "applicant_id": "P-1",
               "service_type": "marriage-registration"}  # fmt: skip
    trigger = offers.Trigger("case_decided", "d-1", "P-1", marriage.id, payload)
    with offer_deps.uow() as uow:
        (offer,) = offers.make_offers(uow, catalogue, [trigger], clock.now(), clock.today())
    assert (offer.bundle_type, offer.documents) == ("newborn", {"resident_id": "P-1-resident_id"})
    assert offer.missing_documents == ["household_register"]
    answers = {k: v for k, v in bundle_form(*NEWBORN_PARTS).items() if k != "mother_id_number"}
    confirmed, _ = confirm(offer_deps, offer.id, form=answers,
                           document_ids=["P-1-household_register"])  # fmt: skip
    bundle = store.bundles[confirmed.bundle_id]
    assert (bundle["bundle_type"], confirmed.case_number) == ("newborn", bundle["bundle_number"])
    assert bundle["form"]["mother_id_number"] == ID_A  # from the person record
    assert store.event_names().count("case_submitted") == len(NEWBORN_PARTS)
