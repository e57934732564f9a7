"""A read of a person's record goes out in the shared access-log shape as well."""

from datetime import UTC, datetime

from onewindow_identity.domain.access import AccessLogEntry
from onewindow_identity.entrypoints import convert


def test_a_person_read_in_the_shared_shape_names_the_person_and_the_reader():
    entry = AccessLogEntry(
        person_id="p-1", actor_subject="s-1", actor_username="clerk.li", actor_kind="staff",
        department="health", office="hosp-1", action="get_person", purpose="intake",
        at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
    )  # fmt: skip
    record = convert.access_record(entry)
    assert record.at.ToDatetime(tzinfo=UTC) == entry.at
    assert (record.source, record.object_kind, record.object_id) == ("identity", "person", "p-1")
    assert (record.actor_subject, record.actor_username, record.actor_kind) == (
        "s-1", "clerk.li", "staff",
    )  # fmt: skip
    assert (record.actor_department, record.actor_office) == ("health", "hosp-1")
    assert (record.action, record.purpose, record.case_id) == ("get_person", "intake", "")
