"""A certificate the documents service issued (certificate_issued on onewindow.documents.v1) is
recorded on the case, and bundle parts that reused it now point at the certificate itself."""

import pytest
from sqlalchemy.orm import Session

from onewindow.documents.v1 import events_pb2 as documents_events
from onewindow_cases.entrypoints.consumers import handle_documents_event
from onewindow_cases.service_layer import queries
from onewindow_cases.testing import citizen
from onewindow_kit.outbox import PendingEvent, make_envelope

from .test_bundles import decide, newborn

pytestmark = pytest.mark.integration


def deliver(engine, payload, name="certificate_issued"):
    envelope = make_envelope(
        "documents", PendingEvent(name, payload.document_id, "document", payload)
    )
    with Session(engine) as session, session.begin():
        handle_documents_event(session, envelope)


def test_issued_certificate_reaches_the_case_and_the_parts_that_reuse_it(deps, engine):
    view = newborn(deps)
    ids = [p.row["id"] for p in view.parts]
    decide(deps, ids[0], "approved")
    issued = documents_events.CertificateIssued(
        document_id="cert-77", certificate_type="birth_medical_certificate", applicant_id="P-1",
        case_id=ids[0], issuer_department="health", bundle_id=view.row["id"],
    )  # fmt: skip
    deliver(engine, issued)
    deliver(engine, issued)  # redelivered: applied once
    first = queries.get_case(deps, citizen("P-1"), ids[0])
    assert [d for d in first.case.documents if d["state"] == "issued"] == [{
        "document_type": "birth_medical_certificate", "document_id": "cert-77",
        "satisfied_by_case_id": "", "state": "issued",
    }]  # fmt: skip
    assert [h.action for h in first.history].count("certificate_issued") == 1
    household = queries.get_case(deps, citizen("P-1"), ids[1]).case
    assert household.documents[0] == {
        "document_type": "birth_medical_certificate", "document_id": "cert-77",
        "satisfied_by_case_id": ids[0], "state": "part_approved",
    }  # fmt: skip


def test_other_documents_events_are_ignored(deps, engine, rows):
    uploaded = documents_events.DocumentUploaded()
    envelope = make_envelope(
        "documents", PendingEvent("document_uploaded", "d", "document", uploaded)
    )
    with Session(engine) as session, session.begin():
        handle_documents_event(session, envelope)
    assert rows("case_history") == 0
