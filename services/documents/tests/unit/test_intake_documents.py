"""Intake at a counter: a clerk (or supervisor) filing a case for citizen C sees C's own
documents that C chose to attach — metadata as cases asks, naming C as the applicant — and the
read is in C's access log; another citizen's documents stay exactly as missing as unknown ids,
and naming an applicant opens nothing to citizens, admins or department systems."""

from __future__ import annotations

import uuid

from onewindow_documents.service_layer import reads, uploads
from onewindow_documents.service_layer.commands import GetMetadata, ListAccessLog, Upload
from onewindow_documents.testing import World, citizen, memory_world, sample_pdf, staff
from onewindow_kit.principal import Principal


def _upload(world: World, owner: Principal) -> str:
    doc, _ = uploads.upload_document(
        Upload(document_type="resident_id"), [sample_pdf(b"id")], svc=world.svc, actor=owner
    )
    return doc.id


def test_a_clerk_filing_for_the_citizen_sees_only_that_citizens_documents():
    world, c, other = memory_world(), citizen(), citizen()
    clerk = staff("clerk", "psb", "hall-central")
    mine, theirs, unknown = _upload(world, c), _upload(world, other), str(uuid.uuid4())
    asked = GetMetadata((mine, theirs, unknown), "intake", applicant_id=c.person_id)

    docs, missing = reads.get_metadata(asked, svc=world.svc, actor=clerk)

    assert [(d.id, d.owner_id) for d in docs] == [(mine, c.person_id)]
    assert missing == [theirs, unknown]  # another citizen's reads exactly like an unknown id
    log, _ = reads.list_access_log(ListAccessLog(), svc=world.svc, actor=c)
    assert [(e.document_id, e.department, e.purpose) for e in log] == [(mine, "psb", "intake")]
    assert reads.list_access_log(ListAccessLog(), svc=world.svc, actor=other)[0] == []


def test_without_the_applicant_or_for_other_callers_nothing_opens():
    world, c = memory_world(), citizen()
    mine = _upload(world, c)
    clerk = staff("clerk", "psb", "hall-central")
    assert reads.get_metadata(GetMetadata((mine,)), svc=world.svc, actor=clerk) == ([], [mine])
    for caller in (citizen(), staff("dept_admin", "psb"), staff("auditor", "audit")):
        asked = GetMetadata((mine,), applicant_id=c.person_id)
        assert reads.get_metadata(asked, svc=world.svc, actor=caller) == ([], [mine])
