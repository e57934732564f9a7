"""Organisations: registered with a valid credit code and a registered legal representative."""

from __future__ import annotations

import pytest

from onewindow_identity.service_layer import commands, organisations
from onewindow_kit.errors import AlreadyExists, InvalidArgument, NotFound, PermissionDenied

USCC = "91350100M000100Y43"
UNKNOWN = "6d1f4e39-1c3b-4b8a-9d52-3f1e2a9b0c11"


def _register(world, boss, *, number=USCC, by=None, rep=None):
    cmd = commands.RegisterOrganisation(world.key(), "", number, "Fujian Tea Co.", rep or boss.id)
    return organisations.register_organisation(cmd, svc=world.svc, actor=by or world.citizen(boss))


def test_the_legal_representative_registers_the_company(world) -> None:
    boss = world.register()

    org = _register(world, boss, number=USCC.lower())

    assert (org.country, org.registration_number, org.legal_representative_person_id) == (
        "CN",
        USCC,
        boss.id,
    )
    assert world.store.events[-1].name == "organisation_registered"
    found = organisations.get_organisation(
        commands.GetOrganisation(org.id), svc=world.svc, actor=world.citizen(boss)
    )
    assert found == org


def test_the_same_code_twice_is_already_exists(world) -> None:
    boss = world.register()
    _register(world, boss)
    with pytest.raises(AlreadyExists):
        _register(world, boss)


def test_a_bad_check_character_is_named(world) -> None:
    boss = world.register()
    with pytest.raises(InvalidArgument) as exc:
        _register(world, boss, number="91350100M000100Y44")
    assert [(v.field, v.description) for v in exc.value.violations] == [
        ("registration_number", "check character is 4, expected 3")
    ]


def test_someone_else_cannot_register_a_company_for_a_representative(world) -> None:
    boss, other = world.register(), world.register()
    with pytest.raises(PermissionDenied):
        _register(world, boss, by=world.citizen(other))


def test_the_representative_must_be_a_registered_person(world, clerk) -> None:
    boss = world.register()
    with pytest.raises(NotFound, match="not a registered person"):
        _register(world, boss, by=clerk, rep="6d1f4e39-1c3b-4b8a-9d52-3f1e2a9b0c11")


def test_a_company_answers_strangers_exactly_like_an_unknown_one(world, clerk) -> None:
    boss, stranger = world.register(), world.register()
    org = _register(world, boss)
    answers = set()
    for org_id in (org.id, UNKNOWN):
        with pytest.raises(NotFound) as exc:
            organisations.get_organisation(
                commands.GetOrganisation(org_id), svc=world.svc, actor=world.citizen(stranger)
            )
        answers.add(exc.value.message)
    assert answers == {"organisation not found"}
    # staff and department systems read the company register
    assert (
        organisations.get_organisation(commands.GetOrganisation(org.id), svc=world.svc, actor=clerk)
        == org
    )
