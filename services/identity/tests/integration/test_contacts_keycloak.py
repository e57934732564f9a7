"""Contact changes against PostgreSQL and the real Keycloak: a newer request replaces the pending
one (one pending per person, enforced by the database), the right code sets the login's email in
Keycloak, five wrong codes cancel. The code is fixed here; in production it is random."""

from __future__ import annotations

import grpc
import pytest

from onewindow.identity.v1 import identity_pb2 as pb
from onewindow_identity.service_layer import contacts
from onewindow_kit.testing import bearer

pytestmark = pytest.mark.integration


def _codes(monkeypatch, *codes: str) -> None:
    it = iter(codes)
    monkeypatch.setattr(contacts, "new_code", lambda: next(it))


def _confirm(stack, token: str, code: str) -> pb.Person:
    request = pb.ConfirmContactDetailsRequest(code=code)
    return stack.stub.ConfirmContactDetails(request, metadata=bearer(token)).person


def _refusal(stack, token: str, code: str) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as err:
        _confirm(stack, token, code)
    return err.value


def test_a_newer_request_replaces_the_pending_one_and_sets_the_keycloak_email(
    stack, monkeypatch
) -> None:
    person = stack.register()
    token = stack.login(person.username)
    _codes(monkeypatch, "111111", "222222")
    first, second = (f"{n}-{person.person_id[:8]}@example.org" for n in ("first", "second"))
    for address in (first, second):
        stack.stub.UpdateContactDetails(
            pb.UpdateContactDetailsRequest(email=address), metadata=bearer(token)
        )

    assert _refusal(stack, token, "111111").code() == grpc.StatusCode.INVALID_ARGUMENT
    assert _confirm(stack, token, "222222").email == second
    user = stack.idp.admin.get_user(stack.idp.find_user(person.username).id)
    assert (user["email"], user["emailVerified"]) == (second, True)
    got = stack.stub.GetPerson(pb.GetPersonRequest(person_id=person.person_id),
                               metadata=bearer(token)).person  # fmt: skip
    assert got.email == second


def test_five_wrong_codes_cancel_the_change(stack, monkeypatch) -> None:
    person = stack.register()
    token = stack.login(person.username)
    _codes(monkeypatch, "333333")
    stack.stub.UpdateContactDetails(
        pb.UpdateContactDetailsRequest(phone="+8613900000003"), metadata=bearer(token)
    )

    for _ in range(5):
        wrong = _refusal(stack, token, "444444")
        assert wrong.code() == grpc.StatusCode.INVALID_ARGUMENT and "code" in wrong.details()
    late = _refusal(stack, token, "333333")
    assert late.code() == grpc.StatusCode.FAILED_PRECONDITION
    got = stack.stub.GetPerson(pb.GetPersonRequest(person_id=person.person_id),
                               metadata=bearer(token)).person  # fmt: skip
    assert got.phone != "+8613900000003"
