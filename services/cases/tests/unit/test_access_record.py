"""A read of a case goes out in the shared access-log shape as well."""

from datetime import UTC, datetime

from onewindow_cases.entrypoints import convert


def test_a_case_read_in_the_shared_shape_names_the_case_and_the_reader():
    row = {
        "case_id": "c-1", "case_number": "HL-2026-0001", "at": datetime(2026, 12, 1, tzinfo=UTC),
        "actor_subject": "s-1", "actor_department": "health", "actor_office": "hosp-1",
        "purpose": "review",
    }  # fmt: skip
    record = convert.access_record(row)
    assert record.at.ToDatetime(tzinfo=UTC) == row["at"]
    assert (record.source, record.object_kind, record.object_id, record.case_id) == (
        "cases", "case", "HL-2026-0001", "c-1",
    )  # fmt: skip
    assert (record.actor_subject, record.actor_department, record.actor_office) == (
        "s-1", "health", "hosp-1",
    )  # fmt: skip
    assert (record.action, record.purpose) == ("read_case", "review")
