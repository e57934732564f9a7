"""GrpcMandateChecker: asks identity's CheckMandate with the caller's own token, no caching."""

from concurrent import futures

import grpc
import pytest

from onewindow.identity.v1 import identity_pb2, identity_pb2_grpc
from onewindow_kit.errors import PermissionDenied, Unavailable
from onewindow_kit.identity_client import GrpcMandateChecker
from onewindow_kit.principal import (
    ALL_SERVICE_TYPES,
    Principal,
    reset_current_token,
    set_current_token,
)


class FakeIdentity(identity_pb2_grpc.IdentityServicer):
    def __init__(self):
        self.valid = {("p-parent", "p-child"), ("p-parent", "p-company")}
        self.seen_tokens: list[str] = []

    def CheckMandate(self, request, context):
        self.seen_tokens.append(dict(context.invocation_metadata()).get("authorization", ""))
        ok = (request.mandatee_person_id, request.mandator_id) in self.valid
        return identity_pb2.CheckMandateResponse(
            valid=ok,
            reason="" if ok else "revoked",
            all_service_types=ok and request.mandator_id == "p-company",
            service_types=["child-benefit"] if ok and request.mandator_id == "p-child" else [],
        )


@pytest.fixture()
def identity():
    fake = FakeIdentity()
    server = grpc.server(futures.ThreadPoolExecutor(2))
    identity_pb2_grpc.add_IdentityServicer_to_server(fake, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield fake, GrpcMandateChecker(channel)
    channel.close()
    server.stop(None)


def test_valid_mandate_passes_and_forwards_the_callers_token(identity):
    fake, checker = identity
    token = set_current_token("caller-token")
    try:
        checker.check(Principal(subject="s", person_id="p-parent"), "p-child")
    finally:
        reset_current_token(token)
    assert fake.seen_tokens == ["Bearer caller-token"]


def test_the_scope_identity_answers_is_returned(identity):
    _, checker = identity
    parent = Principal(subject="s", person_id="p-parent")
    assert checker.check(parent, "p-child") == frozenset({"child-benefit"})
    assert checker.check(parent, "p-company") == ALL_SERVICE_TYPES


def test_revocation_is_seen_at_once(identity):
    fake, checker = identity
    parent = Principal(subject="s", person_id="p-parent")
    checker.check(parent, "p-child")
    fake.valid.clear()
    with pytest.raises(PermissionDenied, match="revoked"):
        checker.check(parent, "p-child")


def test_identity_down_is_unavailable_not_a_refusal():
    checker = GrpcMandateChecker(grpc.insecure_channel("127.0.0.1:1"), timeout_s=0.5)
    with pytest.raises(Unavailable):
        checker.check(Principal(subject="s", person_id="p"), "q")
