"""A read of a document goes out in the shared access-log shape as well."""

from datetime import UTC, datetime

from onewindow_documents.domain.model import AccessLogEntry
from onewindow_documents.entrypoints import convert


def test_a_document_read_in_the_shared_shape_names_the_document_and_the_reader():
    entry = AccessLogEntry(
        id="a-1", document_id="d-1", owner_id="p-1", accessor_subject="s-1",
        accessor_kind="service", accessor_username="dept-health-system", department="health",
        office="", action="download", purpose="records sync",
        accessed_at=datetime(2026, 12, 1, tzinfo=UTC), case_id="c-7",
    )  # fmt: skip
    record = convert.access_record(entry)
    assert record.at.ToDatetime(tzinfo=UTC) == entry.accessed_at
    assert (record.source, record.object_kind, record.object_id) == ("documents", "document", "d-1")
    assert (record.actor_subject, record.actor_username, record.actor_kind) == (
        "s-1", "dept-health-system", "service",
    )  # fmt: skip
    assert (record.actor_department, record.action, record.purpose, record.case_id) == (
        "health", "download", "records sync", "c-7",
    )  # fmt: skip
