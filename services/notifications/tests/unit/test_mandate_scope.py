"""A case's delivery status under a mandate: a representative whose mandate covers the case's
service type sees it like the applicant; one whose mandate is for other service types gets the
answer of a case that does not exist."""

from __future__ import annotations

import itertools

import pytest

from onewindow_kit.errors import NotFound
from onewindow_kit.principal import Principal
from onewindow_notifications import bootstrap, config
from onewindow_notifications.adapters.memory import MemoryStore, memory_transactions
from onewindow_notifications.service_layer import catalogue, reads
from onewindow_notifications.service_layer.ports import Services

from .test_handlers import NOW, apply, submitted


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def svc(store: MemoryStore) -> Services:
    ids = itertools.count(1)
    return Services(
        transaction=memory_transactions(store),
        outbox=bootstrap.outbox(),
        catalogue=catalogue.load(config.DEFAULT_RULES, config.DEFAULT_TEMPLATES),
        clock=lambda: NOW,
        new_id=lambda: f"id-{next(ids)}",
        webhook_allow_private=("127.0.0.1",),
    )


def representative(scope: set[str]) -> Principal:
    return Principal(
        subject="kc-rep",
        roles=frozenset({"citizen"}),
        person_id="rep",
        acting_for="p-1",
        mandate_scope=frozenset(scope),
    )


def test_delivery_status_follows_the_mandate_scope(svc: Services, store: MemoryStore) -> None:
    apply(svc, "cases", submitted("c1", "p-1"))  # service type birth_registration
    applicant = Principal(subject="kc-p1", roles=frozenset({"citizen"}), person_id="p-1")
    mine, _ = reads.list_deliveries(svc, applicant, "c1", size=10, token="")
    assert mine and {d["recipient"] for d in mine} == {"p-1"}

    in_scope, _ = reads.list_deliveries(
        svc, representative({"birth_registration"}), "c1", size=10, token=""
    )
    assert in_scope == mine
    everything, _ = reads.list_deliveries(svc, representative({"*"}), "c1", size=10, token="")
    assert everything == mine

    out_of_scope = representative({"business-registration"})
    with pytest.raises(NotFound) as refused:
        reads.list_deliveries(svc, out_of_scope, "c1", size=10, token="")
    with pytest.raises(NotFound) as missing:
        reads.list_deliveries(svc, out_of_scope, "c-missing", size=10, token="")
    assert str(refused.value).replace("c1", "X") == str(missing.value).replace("c-missing", "X")


def test_a_representative_sees_only_the_notices_the_mandate_covers(
    svc: Services, store: MemoryStore
) -> None:
    apply(svc, "cases", submitted("c1", "p-1"))  # birth_registration: a receipt for p-1
    applicant = Principal(subject="kc-p1", roles=frozenset({"citizen"}), person_id="p-1")
    [notice], _ = reads.list_inbox(svc, applicant, size=10, token="", unread_only=False)
    store.notices.append({**notice, "id": "account-notice", "case_id": "", "case_number": ""})

    in_scope = representative({"birth_registration"})
    mine, _ = reads.list_inbox(svc, in_scope, size=10, token="", unread_only=False)
    assert [n["id"] for n in mine] == [notice["id"]]  # not the mandator's account notices
    assert reads.unread_count(svc, in_scope) == 1
    assert reads.get_notice(svc, in_scope, notice["id"])["id"] == notice["id"]
    everything, _ = reads.list_inbox(svc, representative({"*"}), size=10, token="",
                                     unread_only=False)  # fmt: skip
    assert len(everything) == 2

    out_of_scope = representative({"business-registration"})
    assert reads.list_inbox(svc, out_of_scope, size=10, token="", unread_only=False)[0] == []
    assert reads.unread_count(svc, out_of_scope) == 0
    for refused in (
        lambda nid: reads.get_notice(svc, out_of_scope, nid),
        lambda nid: reads.mark_read(svc, out_of_scope, [nid]),
    ):
        with pytest.raises(NotFound) as hidden:
            refused(notice["id"])
        with pytest.raises(NotFound) as missing:
            refused("no-such-notice")
        assert str(hidden.value).replace(notice["id"], "X") == str(missing.value).replace(
            "no-such-notice", "X"
        )
    assert reads.unread_count(svc, applicant) == 2  # nothing was marked read
