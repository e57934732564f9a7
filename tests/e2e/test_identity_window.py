"""A citizen registers once and logs in; the event reaches Kafka through the running relay."""

import uuid

import grpc
import pytest
from e2e_support import PASSWORD, bearer, birth_date, resident_id

from onewindow.identity.v1 import identity_pb2 as pb
from onewindow.identity.v1 import identity_pb2_grpc

pytestmark = pytest.mark.integration


def register(window) -> pb.Person:
    number = resident_id()
    request = pb.RegisterPersonRequest(
        idempotency_key=str(uuid.uuid4()),
        national_id=number,
        family_name="E2E",
        given_name="Window",
        date_of_birth=birth_date(number),
        email=f"e2e-{uuid.uuid4().hex[:8]}@example.org",
        password=PASSWORD,
    )
    stub = identity_pb2_grpc.IdentityStub(window.channels["identity"])
    return stub.RegisterPerson(request, metadata=window.gateway(), timeout=30).person


def test_registration_login_and_event_through_the_running_stack(window, tap):
    events = tap("onewindow.identity.v1")
    person = register(window)

    token = window.login(person.username)
    stub = identity_pb2_grpc.IdentityStub(window.channels["identity"])
    me = stub.GetPerson(pb.GetPersonRequest(person_id=person.person_id), metadata=bearer(token))
    assert me.person.person_id == person.person_id
    assert me.person.assurance_level == pb.ASSURANCE_LEVEL_LOW

    event = events.wait_for(lambda e: e.subject == person.person_id)
    assert event.type == "onewindow.identity.person_registered.v1"
    assert event.source == "identity"


def test_a_stranger_cannot_read_someone_elses_record(window):
    """The contract: NOT_FOUND, worded exactly as for an id that names nobody."""
    alice, bob = register(window), register(window)
    stub = identity_pb2_grpc.IdentityStub(window.channels["identity"])
    bob_calls = bearer(window.login(bob.username))
    answers = []
    for person_id in (alice.person_id, str(uuid.uuid4())):
        with pytest.raises(grpc.RpcError) as err:
            stub.GetPerson(pb.GetPersonRequest(person_id=person_id), metadata=bob_calls)
        answers.append((err.value.code(), err.value.details()))
    assert answers[0] == answers[1] == (grpc.StatusCode.NOT_FOUND, "person not found")
