"""Acting for someone else, consents and the access log, through the real server and tokens."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from onewindow.identity.v1 import identity_pb2 as pb
from onewindow_kit.testing import bearer

pytestmark = pytest.mark.integration


def _in(days: int) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(datetime.now(UTC) + timedelta(days=days))
    return ts


def _acting_for(token: str, person_id: str) -> list[tuple[str, str]]:
    return bearer(token, **{"x-acting-for": person_id})


def test_a_mandate_lets_the_mandatee_act_and_revocation_refuses_at_once(stack) -> None:
    mother, son = stack.register(), stack.register()
    mother_token, son_token = stack.login(mother.username), stack.login(son.username)
    read_mother = pb.GetPersonRequest(person_id=mother.person_id)
    with pytest.raises(grpc.RpcError) as before:
        stack.stub.GetPerson(read_mother, metadata=_acting_for(son_token, mother.person_id))
    assert before.value.code() == grpc.StatusCode.PERMISSION_DENIED

    mandate = stack.stub.GrantMandate(
        pb.GrantMandateRequest(
            idempotency_key=str(uuid.uuid4()),
            mandatee_person_id=son.person_id,
            valid_until=_in(30),
        ),
        metadata=bearer(mother_token),
    ).mandate
    seen = stack.stub.GetPerson(read_mother, metadata=_acting_for(son_token, mother.person_id))
    assert seen.person.person_id == mother.person_id

    stack.stub.RevokeMandate(
        pb.RevokeMandateRequest(mandate_id=mandate.mandate_id), metadata=bearer(mother_token)
    )
    with pytest.raises(grpc.RpcError) as after:
        stack.stub.GetPerson(read_mother, metadata=_acting_for(son_token, mother.person_id))
    assert after.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "revoked" in after.value.details()
    check = stack.stub.CheckMandate(
        pb.CheckMandateRequest(mandatee_person_id=son.person_id, mandator_id=mother.person_id),
        metadata=stack.department_system(),
    )
    assert (check.valid, check.reason) == (False, "the mandate has been revoked")


def test_a_consent_holds_for_the_department_until_revoked(stack, clerk) -> None:
    person = stack.register()
    token = stack.login(person.username)
    consent = stack.stub.GrantConsent(
        pb.GrantConsentRequest(
            idempotency_key=str(uuid.uuid4()),
            department="psb",
            document_types=["household_register"],
            purpose="newborn household registration",
            valid_until=_in(7),
        ),
        metadata=bearer(token),
    ).consent
    check = pb.CheckConsentRequest(person_id=person.person_id, document_type="household_register")

    assert stack.stub.CheckConsent(check, metadata=bearer(clerk)).holds

    stack.stub.RevokeConsent(
        pb.RevokeConsentRequest(consent_id=consent.consent_id), metadata=bearer(token)
    )
    assert not stack.stub.CheckConsent(check, metadata=bearer(clerk)).holds


def test_a_staff_read_shows_in_the_citizens_access_log(stack, clerk) -> None:
    person = stack.register()
    stack.stub.GetPerson(
        pb.GetPersonRequest(person_id=person.person_id, purpose="counter enquiry"),
        metadata=bearer(clerk),
    )

    log = stack.stub.ListAccessLog(
        pb.ListAccessLogRequest(), metadata=bearer(stack.login(person.username))
    ).entries

    assert [(e.action, e.purpose, e.actor_kind, e.office) for e in log] == [
        ("get_person", "counter enquiry", "staff", "hall-east")
    ]


def test_unknown_ids_are_not_found(stack, clerk) -> None:
    with pytest.raises(grpc.RpcError) as exc:
        stack.stub.GetPerson(
            pb.GetPersonRequest(person_id=str(uuid.uuid4()), purpose="lookup"),
            metadata=bearer(clerk),
        )
    assert exc.value.code() == grpc.StatusCode.NOT_FOUND
