"""Token → principal: claims, refusal of locked/disabled accounts, acting for someone."""

from __future__ import annotations

from datetime import timedelta

import pytest

from onewindow_identity.service_layer import commands, mandates, principals, protection
from onewindow_kit.errors import InvalidArgument, PermissionDenied, Unauthenticated
from onewindow_kit.testing import TokenFactory

TOKENS = TokenFactory()


def _token(world, person) -> str:
    return TOKENS.token(
        subject=person.keycloak_user_id,
        person_id=person.id,
        assurance_level=person.assurance_level,
    )


def _resolve(world, token, acting_for="", service_type=""):
    cmd = commands.ResolvePrincipal(token, acting_for, service_type)
    return principals.resolve_principal(cmd, svc=world.svc, validator=TOKENS.validator())


def test_a_token_resolves_to_the_persons_principal(world) -> None:
    person = world.register()

    principal = _resolve(world, _token(world, person))

    assert (principal.kind, principal.person_id, principal.assurance_level) == (
        "person",
        person.id,
        "low",
    )


def test_acting_for_needs_a_mandate_valid_now(world) -> None:
    mother, son = world.register(), world.register()
    token = _token(world, son)
    with pytest.raises(PermissionDenied, match="no mandate"):
        _resolve(world, token, acting_for=mother.id)

    mandate = mandates.grant_mandate(
        commands.GrantMandate(
            world.key(),
            "",
            "",
            son.id,
            ["social-security-card"],
            None,
            world.clock() + timedelta(days=1),
        ),
        svc=world.svc,
        actor=world.citizen(mother),
    )
    assert _resolve(world, token, acting_for=mother.id).acting_for == mother.id
    with pytest.raises(PermissionDenied, match="does not cover"):
        _resolve(world, token, acting_for=mother.id, service_type="marriage-registration")

    mandates.revoke_mandate(
        commands.RevokeMandate(mandate.id), svc=world.svc, actor=world.citizen(mother)
    )
    with pytest.raises(PermissionDenied, match="revoked"):
        _resolve(world, token, acting_for=mother.id)


def test_a_token_issued_before_the_account_was_locked_is_refused(world) -> None:
    person = world.register()
    token = _token(world, person)
    protection.lock_account(commands.LockAccount(), svc=world.svc, actor=world.citizen(person))

    with pytest.raises(PermissionDenied, match="locked"):
        _resolve(world, token)


def test_bad_tokens_are_unauthenticated_and_an_empty_one_invalid(world) -> None:
    other_realm = TokenFactory(issuer="http://elsewhere/realms/x")
    with pytest.raises(Unauthenticated):
        _resolve(world, other_realm.token())
    with pytest.raises(Unauthenticated, match="expired"):
        _resolve(world, TOKENS.token(ttl_s=-60))
    with pytest.raises(InvalidArgument):
        _resolve(world, " ")


def test_a_disabled_staff_members_earlier_token_is_refused(world) -> None:
    from onewindow_identity.service_layer import staff
    from onewindow_identity.testing import staff_principal

    admin = staff_principal("dept_admin", department="civil")
    member = staff.create_staff(
        commands.CreateStaff(
            world.key(),
            "zhao.lei",
            "Zhao",
            "Lei",
            "zhao@civil.example.cn",
            "civil",
            "hall-central",
            ["clerk"],
            "temporary pass 1",
        ),
        svc=world.svc,
        actor=admin,
    )
    token = TOKENS.token(
        subject=member.keycloak_user_id, roles=("clerk",), department="civil", office="hall-central"
    )
    assert _resolve(world, token).kind == "staff"

    staff.disable_staff(commands.DisableStaff(member.id), svc=world.svc, actor=admin)

    with pytest.raises(PermissionDenied, match="disabled"):
        _resolve(world, token)
