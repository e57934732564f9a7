"""Consents: a department may use a citizen's documents only as the citizen allowed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from onewindow_identity.service_layer import commands, consents
from onewindow_identity.testing import staff_principal
from onewindow_kit.errors import InvalidArgument, NotFound, PermissionDenied

HEALTH_CLERK = staff_principal("clerk", department="health", office="hosp-1")


def _grant(world, person, *, department="health", types=("resident_id",), days=10):
    cmd = commands.GrantConsent(
        idempotency_key=world.key(),
        department=department,
        document_types=list(types),
        purpose="birth medical certificate",
        valid_until=world.clock() + timedelta(days=days),
    )
    return consents.grant_consent(cmd, svc=world.svc, actor=world.citizen(person))


def _holds(world, person, document_type="resident_id", *, by=HEALTH_CLERK, purpose=""):
    cmd = commands.CheckConsent(person.id, "", document_type, purpose)
    return consents.check_consent(cmd, svc=world.svc, actor=by) is not None


def test_a_consent_holds_for_its_department_types_and_time(world) -> None:
    person = world.register()
    _grant(world, person, types=("resident_id", "household_register"))

    assert _holds(world, person, "household_register")
    assert not _holds(world, person, "marriage_certificate")
    assert _holds(world, person, purpose="Birth Medical Certificate")
    assert not _holds(world, person, purpose="marketing")
    world.clock.advance(days=10)
    assert not _holds(world, person)


def test_a_revoked_consent_stops_holding_at_once(world) -> None:
    person = world.register()
    consent = _grant(world, person)

    consents.revoke_consent(
        commands.RevokeConsent(consent.id), svc=world.svc, actor=world.citizen(person)
    )

    assert not _holds(world, person)
    assert [e.name for e in world.store.events[-2:]] == ["consent_granted", "consent_revoked"]


def test_a_department_checks_only_consents_given_to_itself(world) -> None:
    person = world.register()
    _grant(world, person)
    civil = staff_principal("clerk", department="civil")

    assert not _holds(world, person, by=civil)  # defaults to its own department: none given
    cmd = commands.CheckConsent(person.id, "health", "resident_id")
    with pytest.raises(PermissionDenied):
        consents.check_consent(cmd, svc=world.svc, actor=civil)


def test_others_cannot_revoke_and_lists_hide_inactive_consents(world) -> None:
    person, other = world.register(), world.register()
    consent = _grant(world, person)
    for consent_id in (consent.id, "6d1f4e39-1c3b-4b8a-9d52-3f1e2a9b0c11"):
        with pytest.raises(NotFound, match=r"^consent not found$"):  # alike: theirs or nobody's
            consents.revoke_consent(
                commands.RevokeConsent(consent_id), svc=world.svc, actor=world.citizen(other)
            )
    assert world.store.consents[consent.id].revoked_at is None
    world.clock.advance(days=11)
    me = world.citizen(person)
    assert consents.list_consents(commands.ListConsents(), svc=world.svc, actor=me) == []
    assert len(consents.list_consents(commands.ListConsents(True), svc=world.svc, actor=me)) == 1


def test_consent_input_is_checked_field_by_field(world) -> None:
    person = world.register()
    cmd = commands.GrantConsent(world.key(), "", [], " ", None)
    with pytest.raises(InvalidArgument) as exc:
        consents.grant_consent(cmd, svc=world.svc, actor=world.citizen(person))
    assert {v.field for v in exc.value.violations} == {
        "department",
        "document_types",
        "purpose",
        "valid_until",
    }


def test_a_citizen_cannot_check_someone_elses_consents_nor_learn_they_exist(world) -> None:
    person, other = world.register(), world.register()
    _grant(world, person)
    for person_id in (person.id, "6d1f4e39-1c3b-4b8a-9d52-3f1e2a9b0c11"):
        cmd = commands.CheckConsent(person_id, "health", "resident_id")
        with pytest.raises(NotFound, match=r"^person not found$"):
            consents.check_consent(cmd, svc=world.svc, actor=world.citizen(other))
    own = commands.CheckConsent(person.id, "health", "resident_id")
    assert consents.check_consent(own, svc=world.svc, actor=world.citizen(person)) is not None
