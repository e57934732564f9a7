"""The integrity scrub against PostgreSQL and the filesystem store: content altered on disk is
found, reported and written to the outbox as document_integrity_failed in the same run; intact
content is not reported."""

from __future__ import annotations

from sqlalchemy import text

from onewindow_documents.service_layer import scrub
from onewindow_documents.testing import sample_pdf

from .conftest import Stack


def test_scrub_finds_content_altered_on_disk_and_publishes_it(stack: Stack):
    _, me = stack.citizen()
    intact_bytes, altered_bytes = sample_pdf(b"intact scrub"), sample_pdf(b"altered scrub")
    intact = stack.upload(me, [intact_bytes], document_type="resident_id").document
    uploaded = stack.upload(me, [altered_bytes], document_type="resident_id")
    altered = uploaded.document
    stored = stack.svc.store.object_path(uploaded.version.sha256)  # type: ignore[attr-defined]
    with stored.open("r+b") as f:  # in place: bit rot, or tampering
        f.seek(len(b"%PDF-1.4\n%"))
        f.write(b"A")
    before = stack.outbox_max_id()

    report = scrub.scrub(svc=stack.svc)

    mine = {f.document_id: f for f in report.findings if f.document_id in (intact.id, altered.id)}
    assert list(mine) == [altered.id] and mine[altered.id].reason == "mismatch"
    with stack.engine.connect() as conn:
        published = conn.execute(
            text(
                "SELECT key FROM documents.outbox WHERE id > :before"
                " AND event_type LIKE '%document_integrity_failed%'"
            ),
            {"before": before},
        ).all()
    assert altered.id in {str(r[0]) for r in published}
    assert intact.id not in {str(r[0]) for r in published}
