"""Each consumer of the cases service names the event types it acts on, so the kit passes over
the rest of its topics unparsed: no transaction, no dedupe row (onewindow_kit.consumer). Every
submission puts a case_submitted on the cases topic and a receipt_issued on the documents topic;
the offers and certificate consumers act on neither."""

from __future__ import annotations

import importlib
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow.documents.v1 import events_pb2 as documents_events
from onewindow.events.v1 import envelope_pb2
from onewindow_cases.entrypoints.consumers import statistics_event
from onewindow_cases.entrypoints.offers_consumer import trigger_of
from onewindow_kit.consumer import BATCHED_FETCH
from onewindow_kit.outbox import event_type
from onewindow_kit.settings import load_common

SUBMITTED = event_type("cases", "case_submitted")
RECEIPT = event_type("documents", "receipt_issued")
DECIDED = event_type("cases", "case_decided")
CERTIFICATE = event_type("documents", "certificate_issued")


@pytest.fixture(scope="module")
def built() -> dict[str, dict[str, Any]]:
    """The keyword arguments each cases consumer process gives the kit's ConsumerRunner."""
    made: dict[str, dict[str, Any]] = {}

    class Recorder:
        def __init__(self, **kwargs: Any) -> None:
            made[kwargs["name"]] = kwargs

    spec = importlib.import_module("onewindow_cases.__main__").SPEC
    with pytest.MonkeyPatch.context() as patch:
        for build in spec.consumers.values():
            patch.setattr(importlib.import_module(build.__module__), "ConsumerRunner", Recorder)
            build(load_common("cases", {}), create_engine("sqlite://"))
    return made


def test_every_cases_consumer_names_its_event_types(built):
    assert set(built) == {"cases-documents-events", "cases-statistics", "cases-offers"}
    for name, kwargs in built.items():
        assert kwargs.get("event_types"), name


def test_offers_act_on_certificates_and_decisions_only(built):
    assert set(built["cases-offers"]["event_types"]) == {CERTIFICATE, DECIDED}
    assert set(built["cases-documents-events"]["event_types"]) == {CERTIFICATE}


def test_what_a_submission_publishes_is_passed_over_where_nothing_acts_on_it(built):
    assert SUBMITTED not in built["cases-offers"]["event_types"]
    assert RECEIPT not in built["cases-offers"]["event_types"]
    assert RECEIPT not in built["cases-documents-events"]["event_types"]
    assert SUBMITTED in built["cases-statistics"]["event_types"]  # counted in the statistics


def _envelope(kind: str, payload: Any) -> envelope_pb2.EventEnvelope:
    envelope = envelope_pb2.EventEnvelope(id="e-1", type=kind)
    envelope.payload.Pack(payload)
    envelope.occurred_at.GetCurrentTime()
    return envelope


def test_the_named_types_are_exactly_those_the_handlers_act_on(built):
    """A named type the handler ignored would cost a transaction for nothing; a type the
    handler acts on but not named would be lost."""
    payloads = {
        CERTIFICATE: documents_events.CertificateIssued(case_id="c", applicant_id="p"),
        DECIDED: cases_events.CaseDecided(case_id="c", applicant_id="p"),
        SUBMITTED: cases_events.CaseSubmitted(case_id="c", applicant_id="p"),
        RECEIPT: documents_events.ReceiptIssued(),
    }
    acts = {kind: trigger_of(_envelope(kind, msg)) is not None for kind, msg in payloads.items()}
    assert {k for k, v in acts.items() if v} == set(built["cases-offers"]["event_types"])
    utc = ZoneInfo("UTC")
    counted = {k for k, msg in payloads.items() if statistics_event(_envelope(k, msg), utc)}
    assert counted == {k for k in payloads if k in built["cases-statistics"]["event_types"]}


def test_the_offers_and_certificates_consumers_fetch_in_batches(built):
    """Each of them acts on few of its topics' events: one fetch per submission's events would
    cost a fetch and an offset commit for nothing."""
    for name in ("cases-offers", "cases-documents-events"):
        assert built[name]["consumer_config"] == BATCHED_FETCH, name
