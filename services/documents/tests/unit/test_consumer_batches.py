"""The receipts and links consumers apply a polled batch in one unit of work: every case of the
batch gets its receipt (once, also when the batch or a redelivery names it again) and every
document its case link, and a malformed event is named so the runner retries only it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow_documents.entrypoints.case_links import make_links_batch_handler
from onewindow_documents.entrypoints.consumer import make_receipts_handler
from onewindow_documents.service_layer import reads, verification
from onewindow_documents.service_layer.commands import ListWallet, VerifyCertificate
from onewindow_documents.service_layer.ports import Services
from onewindow_documents.testing import case_decided, case_submitted, citizen, memory_world
from onewindow_kit.outbox import PendingEvent, make_envelope


class _CountingUow:
    """How many units of work the handler opened."""

    def __init__(self, svc: Services) -> None:
        self.opened = 0
        self._make = svc.uow

    def __call__(self):  # type: ignore[no-untyped-def]
        self.opened += 1
        return self._make()


def _receipts_handler(world) -> tuple[Callable, _CountingUow]:  # type: ignore[no-untyped-def]
    counting = _CountingUow(world.svc)
    svc = replace(world.svc, uow=counting)
    return make_receipts_handler(lambda _session: svc), counting


def test_a_batch_of_submissions_gets_one_receipt_each_in_one_unit_of_work():
    world = memory_world()
    applicants = [citizen() for _ in range(3)]
    batch = [case_submitted(applicant_id=a.person_id) for a in applicants]
    handle, uow = _receipts_handler(world)
    handle(None, [*batch, case_decided(applicant_id=applicants[0].person_id)])
    assert uow.opened == 1
    assert [e.name for e in world.tables.events] == ["receipt_issued"] * 3
    for applicant, envelope in zip(applicants, batch, strict=True):
        [doc], _ = reads.list_wallet(ListWallet(kind="receipt"), svc=world.svc, actor=applicant)
        assert doc.case_id == envelope.subject
        [row] = [c for c in world.tables.certificates.values() if c.case_id == doc.case_id]
        checked = verification.verify_certificate(
            VerifyCertificate(signed_certificate=row.payload), svc=world.svc, actor=applicant
        )
        assert checked.valid


def test_a_case_named_twice_or_again_later_keeps_its_one_receipt():
    world, applicant = memory_world(), citizen()
    first = case_submitted(applicant_id=applicant.person_id)
    # the same case in a second event (a resend with another event id) within the batch
    again = case_submitted(applicant_id=applicant.person_id, case_id=first.subject)
    handle, _ = _receipts_handler(world)
    handle(None, [first, again])
    handle(None, [again])  # and in a later batch
    assert [e.name for e in world.tables.events] == ["receipt_issued"]
    assert len(world.tables.certificates) == 1


def test_a_malformed_submission_is_named_and_the_batch_changes_nothing():
    world, applicant = memory_world(), citizen()
    good = case_submitted(applicant_id=applicant.person_id)
    bad = make_envelope(
        "cases",
        PendingEvent("case_submitted", "c-x", "case", cases_events.CaseSubmitted(case_id="c-x")),
    )
    handle, _ = _receipts_handler(world)
    with pytest.raises(Exception) as raised:
        handle(None, [good, bad])
    assert raised.value.onewindow_event_id == bad.id  # type: ignore[attr-defined]
    assert world.tables.events == [] and world.tables.certificates == {}


def _links_event(name: str, case_id: str, department: str, ids: list[str]):  # type: ignore[no-untyped-def]
    payload_type = {
        "case_submitted": cases_events.CaseSubmitted,
        "supplement_provided": cases_events.SupplementProvided,
    }[name]
    payload = payload_type(case_id=case_id, responsible_department=department, document_ids=ids)
    return make_envelope("cases", PendingEvent(name, case_id, "case", payload))


def test_a_batch_of_case_events_links_every_document_in_one_unit_of_work():
    world = memory_world()
    counting = _CountingUow(world.svc)
    handle = make_links_batch_handler(lambda _session: counting())
    batch = [
        _links_event("case_submitted", "c-1", "civil", ["d-1", "d-2", "d-1"]),
        _links_event("case_submitted", "c-2", "psb", ["d-2"]),
        _links_event("supplement_provided", "c-1", "civil", ["d-3"]),
        _links_event("case_submitted", "c-3", "psb", []),  # names no document
    ]
    handle(None, batch)
    handle(None, batch[:2])  # redelivered: nothing new
    assert counting.opened == 2
    assert sorted(world.tables.case_links) == [
        ("d-1", "c-1"), ("d-2", "c-1"), ("d-2", "c-2"), ("d-3", "c-1"),
    ]  # fmt: skip
    assert world.tables.case_links[("d-2", "c-2")].department == "psb"


def test_a_case_event_without_its_department_is_named():
    world = memory_world()
    handle = make_links_batch_handler(lambda _session: world.svc.uow())
    bad = _links_event("case_submitted", "c-1", "", ["d-1"])
    with pytest.raises(Exception) as raised:
        handle(None, [_links_event("case_submitted", "c-2", "psb", ["d-2"]), bad])
    assert raised.value.onewindow_event_id == bad.id  # type: ignore[attr-defined]
    assert world.tables.case_links == {}
