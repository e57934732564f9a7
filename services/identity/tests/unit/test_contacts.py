"""Contact changes: a new address takes effect only with the code sent to it; the old is told."""

from __future__ import annotations

import pytest

from onewindow_identity.service_layer import commands, contacts
from onewindow_identity.testing import staff_principal
from onewindow_kit.errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    PermissionDenied,
)


def _request(world, person, *, email="", phone=""):
    cmd = commands.UpdateContactDetails(email=email, phone=phone)
    return contacts.update_contact_details(cmd, svc=world.svc, actor=world.citizen(person))


def _confirm(world, person, code):
    cmd = commands.ConfirmContactDetails(code=code)
    return contacts.confirm_contact_details(cmd, svc=world.svc, actor=world.citizen(person))


def _sent_code(world) -> str:
    event = world.store.events[-1]
    assert event.name == "contact_change_requested"
    return event.payload.code


def _field(exc: pytest.ExceptionInfo) -> str:
    return exc.value.violations[0].field


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_new_email_needs_the_code_sent_to_it_and_the_old_address_is_told(world) -> None:
    person = world.register()
    old_email = person.email

    change = _request(world, person, email="New.Address@Example.cn")

    requested = world.store.events[-1].payload
    assert (requested.channel, requested.new_email) == ("email", "new.address@example.cn")
    assert requested.person_id == person.id and len(requested.code) == 6
    stored = world.store.contact_changes[change.id]
    assert requested.code not in stored.code_hash  # only a hash is kept
    assert world.store.persons[person.id].email == old_email  # nothing changes before the code

    updated = _confirm(world, person, requested.code)

    assert updated.email == "new.address@example.cn"
    assert world.store.persons[person.id].email == "new.address@example.cn"
    assert world.idp.users[person.keycloak_user_id].email == "new.address@example.cn"
    changed = world.store.events[-1]
    assert changed.name == "contact_details_changed"
    assert (changed.payload.old_email, changed.payload.new_email) == (
        old_email,
        "new.address@example.cn",
    )
    with pytest.raises(FailedPrecondition):  # a code works once
        _confirm(world, person, requested.code)


def test_a_new_phone_is_confirmed_by_sms_and_leaves_the_login_email_alone(world) -> None:
    person = world.register()

    change = _request(world, person, phone="13800138000")

    assert change.channel == "sms"
    assert world.store.events[-1].payload.new_phone == "+8613800138000"
    updated = _confirm(world, person, _sent_code(world))
    assert updated.phone == "+8613800138000"
    assert updated.email == person.email
    assert world.idp.users[person.keycloak_user_id].email == person.email


def test_a_wrong_code_names_the_code_and_changes_nothing(world) -> None:
    person = world.register()
    _request(world, person, email="other@example.cn")
    code = _sent_code(world)

    with pytest.raises(InvalidArgument) as exc:
        _confirm(world, person, _wrong(code))
    assert _field(exc) == "code"
    with pytest.raises(InvalidArgument) as exc:
        _confirm(world, person, "12ab")
    assert _field(exc) == "code"
    assert world.store.persons[person.id].email == person.email

    assert _confirm(world, person, code).email == "other@example.cn"


def test_five_wrong_codes_cancel_the_change(world) -> None:
    person = world.register()
    _request(world, person, email="other@example.cn")
    code = _sent_code(world)

    for _ in range(5):
        with pytest.raises(InvalidArgument):
            _confirm(world, person, _wrong(code))

    with pytest.raises(FailedPrecondition):  # even the right code is too late now
        _confirm(world, person, code)
    assert world.store.persons[person.id].email == person.email
    assert [c.status for c in world.store.contact_changes.values()] == ["cancelled"]


def test_an_expired_code_is_a_failed_precondition(world) -> None:
    person = world.register()
    _request(world, person, email="other@example.cn")
    code = _sent_code(world)

    world.clock.advance(minutes=16)

    with pytest.raises(FailedPrecondition):
        _confirm(world, person, code)
    assert world.store.persons[person.id].email == person.email


def test_a_new_request_replaces_the_pending_one(world) -> None:
    person = world.register()
    _request(world, person, email="first@example.cn")
    first_code = _sent_code(world)
    _request(world, person, email="second@example.cn")
    second_code = _sent_code(world)

    if first_code != second_code:
        with pytest.raises(InvalidArgument):
            _confirm(world, person, first_code)
    assert _confirm(world, person, second_code).email == "second@example.cn"


@pytest.mark.parametrize(
    ("email", "phone", "field"),
    [
        ("", "", "email"),
        ("not-an-address", "", "email"),
        ("", "12345", "phone"),
        ("a@example.cn", "+8613800138000", "phone"),
    ],
)
def test_bad_requests_name_the_field_and_store_nothing(world, email, phone, field) -> None:
    person = world.register()
    before = len(world.store.events)

    with pytest.raises(InvalidArgument) as exc:
        _request(world, person, email=email, phone=phone)

    assert _field(exc) == field
    assert len(world.store.events) == before and not world.store.contact_changes


def test_the_current_address_is_not_a_change(world) -> None:
    person = world.register()
    with pytest.raises(InvalidArgument) as exc:
        _request(world, person, email=person.email)
    assert _field(exc) == "email"


def test_an_address_another_login_uses_is_refused_at_confirmation(world) -> None:
    other = world.register()
    person = world.register()
    _request(world, person, email=other.email)

    with pytest.raises(AlreadyExists):
        _confirm(world, person, _sent_code(world))
    assert world.store.persons[person.id].email == person.email


def test_only_the_person_themselves_changes_their_contact_details(world) -> None:
    person = world.register()
    with pytest.raises(PermissionDenied):
        contacts.update_contact_details(
            commands.UpdateContactDetails(email="x@example.cn"),
            svc=world.svc,
            actor=staff_principal("clerk"),
        )
    with pytest.raises(PermissionDenied):
        contacts.update_contact_details(
            commands.UpdateContactDetails(email="x@example.cn"),
            svc=world.svc,
            actor=world.citizen(person, acting_for="someone-else"),
        )
