"""Offers on PostgreSQL: a birth medical certificate issued (certificate_issued, as the offers
consumer receives it) makes each offer once — a replayed event makes none — and a confirmation
files the case pre-filled through the submit path; a declined or expired offer files nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cases_support import on_loop
from sqlalchemy.orm import Session

from onewindow.documents.v1 import events_pb2 as documents_events
from onewindow_cases.bootstrap import make_outbox
from onewindow_cases.domain.offer import CONFIRMED, DECLINED, EXPIRED
from onewindow_cases.entrypoints.offers_consumer import offers_handler
from onewindow_cases.service_layer import offers, queries, submission
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.testing import ID_A, SAMPLE_FORMS, citizen
from onewindow_kit.errors import FailedPrecondition, NotFound
from onewindow_kit.outbox import PendingEvent, make_envelope

from .test_bundles import decide

pytestmark = pytest.mark.integration
PARENT = citizen("P-1")
CERTIFICATE = "P-1-birth_medical_certificate"


def birth_certificate_case(deps) -> str:
    """P-1's birth medical certificate, applied for on its own and approved."""
    app = Application(
        client_key="birth-1", code="birth-medical-certificate", catalogue_version=0,
        form=SAMPLE_FORMS["birth-medical-certificate"], document_ids=["P-1-resident_id"],
    )  # fmt: skip
    case = on_loop(submission.submit_case)(deps, PARENT, app).case
    decide(deps, case.id, "approved")
    return case.id


def deliver(engine, deps, case_id: str, event_id: str = "ev-birth-1", bundle_id: str = ""):
    """certificate_issued as the offers consumer applies it, in its own transaction."""
    issued = documents_events.CertificateIssued(
        document_id=CERTIFICATE, certificate_type="birth_medical_certificate", applicant_id="P-1",
        case_id=case_id, issuer_department="health", bundle_id=bundle_id,
        service_type="birth-medical-certificate",
    )  # fmt: skip
    envelope = make_envelope(
        "documents",
        PendingEvent("certificate_issued", CERTIFICATE, "document", issued, event_id=event_id),
    )
    handle = offers_handler(deps.catalogues.published, make_outbox(), deps.clock)
    with Session(engine) as session, session.begin():
        handle(session, [envelope])


def mine(offer_deps) -> dict:
    found = offers.list_my_offers(offer_deps, PARENT, open_only=False, page_size=0)
    return {o.service_type: o for o in found}


def test_offer_made_once_then_confirmed_files_the_case_prefilled(
    deps, offer_deps, engine, outbox, rows
):
    case_id = birth_certificate_case(deps)
    deliver(engine, deps, case_id)
    deliver(engine, deps, case_id)  # the same event replayed: no second offer
    assert rows("offers") == 3
    assert outbox.names().count("offer_made") == 3
    insurance = mine(offer_deps)["newborn-medical-insurance"]
    assert insurance.prefill == {"child_name": "Li Xiaoming", "birth_date": "2027-02-20"}
    assert insurance.documents == {"birth_medical_certificate": CERTIFICATE}

    confirm = on_loop(offers.confirm_offer)
    confirmed, replayed = confirm(offer_deps, PARENT, offers.ConfirmOffer(insurance.id))
    assert (confirmed.state, replayed) == (CONFIRMED, False)
    filed = queries.get_case(deps, PARENT, confirmed.case_id).case
    assert (filed.service_type, filed.applicant_id, filed.status) == (
        "newborn-medical-insurance", "P-1", "submitted")  # fmt: skip
    assert filed.form == {"child_name": "Li Xiaoming", "birth_date": "2027-02-20",
                          "guardian_id_number": ID_A}  # fmt: skip
    assert [d["document_id"] for d in filed.documents] == [CERTIFICATE]
    again, replayed = confirm(offer_deps, PARENT, offers.ConfirmOffer(insurance.id))
    assert (again.case_id, replayed) == (filed.id, True)
    assert rows("cases") == 2  # the birth certificate's and the one confirmed
    assert outbox.names(insurance.id) == ["offer_made", "offer_confirmed"]


def test_declined_and_expired_offers_file_no_case(deps, offer_deps, engine, outbox, rows, clock):
    case_id = birth_certificate_case(deps)
    deliver(engine, deps, case_id)
    offered = mine(offer_deps)
    declined = offers.decline_offer(offer_deps, PARENT, offered["social-security-card"].id, "")
    assert declined.state == DECLINED
    clock.at += timedelta(days=90)
    assert offers.expire_offers(offer_deps) == 2
    states = {k: o.state for k, o in mine(offer_deps).items()}
    assert states == {"social-security-card": DECLINED, "newborn-medical-insurance": EXPIRED,
                      "newborn-household-registration": EXPIRED}  # fmt: skip
    confirm = on_loop(offers.confirm_offer)
    for offer in offered.values():
        with pytest.raises(FailedPrecondition):
            confirm(offer_deps, PARENT, offers.ConfirmOffer(offer.id, form={
                "household_number": "110105123", "holder_id_number": ID_A,
                "delivery_address": "8 Renmin Road"}))  # fmt: skip
    assert rows("cases") == 1
    assert outbox.names().count("offer_expired") == 2
    assert outbox.names().count("offer_declined") == 1


def test_inside_the_bundle_no_offer_and_others_see_nothing(deps, offer_deps, engine, rows):
    case_id = birth_certificate_case(deps)
    deliver(engine, deps, case_id, "ev-bundle", bundle_id="0e4c7a4e-3d5c-4c1e-9a55-5c1a7f0d2b11")
    assert rows("offers") == 0
    deliver(engine, deps, case_id)
    offer = mine(offer_deps)["newborn-medical-insurance"]
    with pytest.raises(NotFound):
        offers.get_offer(offer_deps, citizen("P-2"), offer.id)
