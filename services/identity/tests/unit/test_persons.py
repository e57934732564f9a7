"""Reading person records (logged for staff), in-person verification, the access log."""

from __future__ import annotations

import pytest

from onewindow_identity.service_layer import commands, persons
from onewindow_identity.testing import staff_principal
from onewindow_kit.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Unavailable,
)


def _verify(world, clerk, person, number=None, method="document_chip_read"):
    cmd = commands.VerifyInPerson(person.id, method, "resident_id", number or person.national_id)
    return persons.verify_in_person(cmd, svc=world.svc, actor=clerk)


def test_a_citizen_reads_their_own_record_without_an_access_log_entry(world) -> None:
    person = world.register()
    me = world.citizen(person)

    assert persons.get_person(commands.GetPerson(person.id), svc=world.svc, actor=me) == person
    log = persons.list_access_log(commands.ListAccessLog(), svc=world.svc, actor=me)
    assert log == []


def test_a_citizen_cannot_read_someone_else(world) -> None:
    me, other = world.register(), world.register()

    for person_id in (other.id, "0b7f7c2e-0000-4000-8000-000000000000"):
        with pytest.raises(NotFound, match=r"^person not found$"):  # theirs answers like nobody's
            persons.get_person(
                commands.GetPerson(person_id), svc=world.svc, actor=world.citizen(me)
            )


def test_staff_must_say_why_they_read_a_record(world, clerk) -> None:
    person = world.register()

    with pytest.raises(InvalidArgument) as exc:
        persons.get_person(commands.GetPerson(person.id), svc=world.svc, actor=clerk)
    assert exc.value.violations[0].field == "purpose"


def test_staff_reads_appear_in_the_citizens_access_log(world, clerk) -> None:
    person = world.register()
    persons.get_person(
        commands.GetPerson(person.id, purpose="case 42: birth registration"),
        svc=world.svc,
        actor=clerk,
    )
    persons.find_person(
        commands.FindPerson("CN", person.national_id.lower(), purpose="identity check at desk"),
        svc=world.svc,
        actor=clerk,
    )

    log = persons.list_access_log(
        commands.ListAccessLog(), svc=world.svc, actor=world.citizen(person)
    )
    assert [(e.action, e.purpose, e.actor_subject, e.office) for e in log] == [
        ("find_person", "identity check at desk", clerk.subject, "hall-east"),
        ("get_person", "case 42: birth registration", clerk.subject, "hall-east"),
    ]


def test_a_citizen_cannot_see_another_persons_access_log(world) -> None:
    me, other = world.register(), world.register()

    for person_id in (other.id, "0b7f7c2e-0000-4000-8000-000000000000"):
        with pytest.raises(NotFound, match=r"^person not found$"):
            persons.list_access_log(
                commands.ListAccessLog(person_id=person_id), svc=world.svc, actor=world.citizen(me)
            )
    # staff may see the person, but not their access log (auditors may)
    with pytest.raises(PermissionDenied):
        persons.list_access_log(
            commands.ListAccessLog(person_id=other.id),
            svc=world.svc,
            actor=staff_principal("clerk"),
        )


def test_unknown_and_malformed_ids(world, clerk) -> None:
    me = world.register()
    with pytest.raises(NotFound):
        persons.get_person(
            commands.GetPerson("0b7f7c2e-0000-4000-8000-000000000000", "audit"),
            svc=world.svc,
            actor=clerk,
        )
    with pytest.raises(InvalidArgument) as exc:
        persons.get_person(commands.GetPerson("42"), svc=world.svc, actor=world.citizen(me))
    assert (exc.value.violations[0].field, exc.value.violations[0].description) == (
        "person_id",
        "must be an id (UUID)",
    )


def test_in_person_verification_at_any_office_raises_the_level_to_high(world, clerk) -> None:
    person = world.register()

    upgraded, verification_id = _verify(world, clerk, person)

    assert upgraded.assurance_level == "high"
    assert world.idp.users[person.keycloak_user_id].attributes["assurance_level"] == "high"
    check = world.store.verifications[verification_id]
    assert (check.office, check.clerk_subject, check.method, check.document_type) == (
        "hall-east",
        clerk.subject,
        "document_chip_read",
        "resident_id",
    )
    event = world.store.events[-1]
    assert event.name == "assurance_level_changed"
    assert (event.payload.previous_level, event.payload.new_level) == ("low", "high")


def test_the_verification_record_keeps_only_the_last_four_characters_of_the_number(
    world, clerk
) -> None:
    person = world.register()

    _, verification_id = _verify(world, clerk, person)

    check = world.store.verifications[verification_id]
    assert check.document_number_masked == "*" * 14 + person.national_id[-4:]
    assert person.national_id not in repr(check)


def test_a_resident_id_card_with_another_number_is_refused(world, clerk) -> None:
    person = world.register()

    with pytest.raises(InvalidArgument, match="does not match"):
        _verify(world, clerk, person, number="11010519491231002X")
    assert world.store.persons[person.id].assurance_level == "low"


def test_an_unknown_verification_method_is_refused(world, clerk) -> None:
    person = world.register()

    with pytest.raises(InvalidArgument, match="method"):
        _verify(world, clerk, person, method="looked_trustworthy")


def test_only_clerks_at_an_office_verify(world) -> None:
    person = world.register()
    with pytest.raises(PermissionDenied):
        _verify(world, world.citizen(person), person)
    with pytest.raises(FailedPrecondition):
        _verify(world, staff_principal("clerk", office=""), person)


def test_keycloak_down_during_verification_changes_nothing(world, clerk) -> None:
    person = world.register()
    events_before = len(world.store.events)
    world.idp.down = True

    with pytest.raises(Unavailable):
        _verify(world, clerk, person)
    assert world.store.persons[person.id].assurance_level == "low"
    assert world.store.verifications == {}
    assert len(world.store.events) == events_before


def test_a_failed_commit_restores_the_keycloak_level(world, clerk) -> None:
    person = world.register()
    world.fail_next_commit.append(RuntimeError("db down"))

    with pytest.raises(RuntimeError):
        _verify(world, clerk, person)
    assert world.idp.users[person.keycloak_user_id].attributes["assurance_level"] == "low"
