"""Ids are random version-4 UUIDs, spelled the way uuid.UUID spells them."""

from __future__ import annotations

import uuid

from onewindow_notifications.bootstrap import new_id


def test_ids_are_distinct_random_version_4_uuids() -> None:
    ids = [new_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    parsed = [uuid.UUID(i) for i in ids]
    assert all(u.version == 4 and u.variant == uuid.RFC_4122 for u in parsed)
    assert [str(u) for u in parsed] == ids
    assert {i[19] for i in ids} == set("89ab")  # the variant's free bits are random too
