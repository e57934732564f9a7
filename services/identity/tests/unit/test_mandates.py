"""Mandates: acting for another person or a company, checked at the moment of acting."""

from __future__ import annotations

from datetime import timedelta

import pytest

from onewindow_identity.service_layer import commands, mandates, organisations
from onewindow_identity.service_layer.principals import DatabaseMandateChecker
from onewindow_identity.testing import staff_principal
from onewindow_kit.errors import InvalidArgument, NotFound, PermissionDenied
from onewindow_kit.principal import ALL_SERVICE_TYPES

USCC = "91350100M000100Y43"
UNKNOWN = "6d1f4e39-1c3b-4b8a-9d52-3f1e2a9b0c11"


def _grant(world, mandator, mandatee, *, kind="", org_id="", types=(), days=30, start=None):
    cmd = commands.GrantMandate(
        idempotency_key=world.key(),
        mandator_kind=kind,
        mandator_id=org_id,
        mandatee_person_id=mandatee.id,
        service_types=list(types),
        valid_from=start,
        valid_until=world.clock() + timedelta(days=days),
    )
    return mandates.grant_mandate(cmd, svc=world.svc, actor=world.citizen(mandator))


def _check(world, mandatee, mandator_id, service_type=""):
    """(valid, mandate id, reason); the scope is asserted by the scope tests."""
    return _check_with_scope(world, mandatee, mandator_id, service_type)[:3]


def _check_with_scope(world, mandatee, mandator_id, service_type=""):
    cmd = commands.CheckMandate(mandatee.id, mandator_id, service_type)
    return mandates.check_mandate(cmd, svc=world.svc, actor=world.citizen(mandatee))


def test_the_check_answers_the_scope_over_every_valid_mandate(world) -> None:
    mother, son = world.register(), world.register()
    _grant(world, mother, son, types=["social-security-card"])
    assert _check_with_scope(world, son, mother.id)[3] == frozenset({"social-security-card"})
    second = _grant(world, mother, son, types=["marriage-registration"])
    assert _check_with_scope(world, son, mother.id)[3] == frozenset(
        {"social-security-card", "marriage-registration"}
    )
    mandates.revoke_mandate(
        commands.RevokeMandate(second.id), svc=world.svc, actor=world.citizen(mother)
    )
    assert _check_with_scope(world, son, mother.id)[3] == frozenset({"social-security-card"})
    _grant(world, mother, son)  # no list: every service
    assert _check_with_scope(world, son, mother.id)[3] == ALL_SERVICE_TYPES
    stranger = world.register()
    assert _check_with_scope(world, stranger, mother.id)[3] == frozenset()


def test_a_granted_mandate_lets_the_mandatee_act_and_a_revoked_one_stops_at_once(world) -> None:
    mother, son = world.register(), world.register()
    mandate = _grant(world, mother, son)
    assert _check(world, son, mother.id) == (True, mandate.id, "")

    mandates.revoke_mandate(
        commands.RevokeMandate(mandate.id), svc=world.svc, actor=world.citizen(mother)
    )

    assert _check(world, son, mother.id) == (False, "", "the mandate has been revoked")
    assert [e.name for e in world.store.events[-2:]] == ["mandate_granted", "mandate_revoked"]


def test_a_mandate_expires_and_may_start_later(world) -> None:
    mother, son = world.register(), world.register()
    _grant(world, mother, son, days=2, start=world.clock() + timedelta(days=1))
    assert _check(world, son, mother.id)[2] == "the mandate is not valid yet"

    world.clock.advance(days=1, seconds=1)
    assert _check(world, son, mother.id)[0] is True

    world.clock.advance(days=1)
    assert _check(world, son, mother.id)[2] == "the mandate has expired"


def test_a_mandate_for_listed_service_types_covers_only_those(world) -> None:
    mother, son = world.register(), world.register()
    _grant(world, mother, son, types=["social-security-card"])

    assert _check(world, son, mother.id, "social-security-card")[0] is True
    valid, _, reason = _check(world, son, mother.id, "marriage-registration")
    assert not valid
    assert "does not cover the service type 'marriage-registration'" in reason


def test_the_kit_mandate_checker_refuses_without_a_valid_mandate(world) -> None:
    mother, son, stranger = world.register(), world.register(), world.register()
    _grant(world, mother, son)
    checker = DatabaseMandateChecker(world.svc)

    checker.check(world.citizen(son), mother.id)
    with pytest.raises(PermissionDenied, match="no mandate") as existing:
        checker.check(world.citizen(stranger), mother.id)
    with pytest.raises(PermissionDenied) as unknown:  # no hint that the id is nobody's
        checker.check(world.citizen(son), "6d1f4e39-1c3b-4b8a-9d52-3f1e2a9b0c11")
    assert unknown.value.message == existing.value.message


def test_grant_input_is_checked_field_by_field(world) -> None:
    mother = world.register()
    cmd = commands.GrantMandate(
        idempotency_key="",
        mandator_kind="",
        mandator_id="",
        mandatee_person_id="x",
        service_types=["Bad Type"],
        valid_from=None,
        valid_until=world.clock() - timedelta(days=1),
    )
    with pytest.raises(InvalidArgument) as exc:
        mandates.grant_mandate(cmd, svc=world.svc, actor=world.citizen(mother))
    assert {v.field for v in exc.value.violations} == {
        "idempotency_key",
        "mandatee_person_id",
        "service_types[0]",
        "valid_until",
    }


def test_nobody_grants_a_mandate_to_themselves_or_to_an_unknown_person(world) -> None:
    mother = world.register()
    with pytest.raises(InvalidArgument, match="someone other than yourself"):
        _grant(world, mother, mother)
    ghost = world.register()
    del world.store.persons[ghost.id]
    with pytest.raises(NotFound):
        _grant(world, mother, ghost)


def test_a_companys_legal_representative_authorises_employees(world) -> None:
    boss, employee, other = world.register(), world.register(), world.register()
    org = organisations.register_organisation(
        commands.RegisterOrganisation(world.key(), "CN", USCC, "Fujian Tea Co.", boss.id),
        svc=world.svc,
        actor=world.citizen(boss),
    )
    assert _check(world, boss, org.id) == (True, "", "")  # represents it without a mandate
    assert _check_with_scope(world, boss, org.id)[3] == ALL_SERVICE_TYPES  # in every service
    assert _check(world, employee, org.id)[0] is False

    mandate = _grant(world, boss, employee, kind="organisation", org_id=org.id)

    assert _check(world, employee, org.id) == (True, mandate.id, "")
    # the employee sees the company (they hold its mandate) but may not grant its mandates
    with pytest.raises(PermissionDenied, match="legal representative"):
        _grant(world, employee, other, kind="organisation", org_id=org.id)
    # to anyone else the company answers exactly like an unknown one
    with pytest.raises(NotFound) as hidden:
        _grant(world, other, employee, kind="organisation", org_id=org.id)
    with pytest.raises(NotFound) as unknown:
        _grant(world, other, employee, kind="organisation", org_id=UNKNOWN)
    assert hidden.value.message == unknown.value.message == "organisation not found"


def test_only_parties_revoke_and_lists_show_both_directions(world) -> None:
    mother, son, stranger = world.register(), world.register(), world.register()
    mandate = _grant(world, mother, son)

    for mandate_id in (mandate.id, UNKNOWN):  # someone else's answers like a missing one
        with pytest.raises(NotFound, match=r"^mandate not found$"):
            mandates.revoke_mandate(
                commands.RevokeMandate(mandate_id), svc=world.svc, actor=world.citizen(stranger)
            )
    assert world.store.mandates[mandate.id].revoked_at is None
    granted, _ = mandates.list_mandates(
        commands.ListMandates(), svc=world.svc, actor=world.citizen(mother)
    )
    _, received = mandates.list_mandates(
        commands.ListMandates(), svc=world.svc, actor=world.citizen(son)
    )
    assert [m.id for m in granted] == [m.id for m in received] == [mandate.id]


def test_a_person_cannot_probe_other_peoples_mandates(world) -> None:
    mother, son, stranger = world.register(), world.register(), world.register()
    _grant(world, mother, son)
    for cmd in (commands.CheckMandate(son.id, mother.id), commands.CheckMandate(UNKNOWN, UNKNOWN)):
        with pytest.raises(NotFound, match=r"^mandate not found$"):
            mandates.check_mandate(cmd, svc=world.svc, actor=world.citizen(stranger))


def test_a_party_learns_nothing_about_whether_the_other_id_exists(world) -> None:
    son, neighbour = world.register(), world.register()
    assert _check(world, son, neighbour.id) == _check(world, son, UNKNOWN)
    assert _check(world, son, UNKNOWN) == (False, "", mandates.NO_MANDATE)
    # staff and department systems may see every person: to them an unknown id is NOT_FOUND
    cmd = commands.CheckMandate(son.id, UNKNOWN)
    with pytest.raises(NotFound):
        mandates.check_mandate(cmd, svc=world.svc, actor=staff_principal("clerk"))
