"""The gRPC interceptor: authentication, principal hand-off and the domain-error mapping, on
the thread-pool server and on the asyncio server (plain and ``async def`` handlers)."""

import time

import grpc
import jwt
import pytest
from google.protobuf.wrappers_pb2 import StringValue
from sqlalchemy.exc import OperationalError

from onewindow_kit.calls import forwarded_metadata
from onewindow_kit.errors import FieldViolation, InvalidArgument, NotFound, PermissionDenied
from onewindow_kit.grpc_errors import field_violations
from onewindow_kit.grpc_server import AioServerThread, create_aio_server, create_server
from onewindow_kit.outbox import PendingEvent, make_envelope
from onewindow_kit.principal import Principal, current_principal, current_token
from onewindow_kit.testing import TokenFactory, bearer

SERVICE = "test.v1.Probe"


class RecordingMandates:
    def __init__(self, allowed: set[tuple[str, str]]):
        self.allowed = allowed

    def check(self, principal: Principal, acting_for: str) -> None:
        # A real checker asks identity with the caller's token: it must be bound by now.
        assert current_token(), "the caller's token is not bound while the mandate is checked"
        assert forwarded_metadata()[0] == ("authorization", f"Bearer {current_token()}")
        if (principal.person_id, acting_for) not in self.allowed:
            raise PermissionDenied(f"no valid mandate to act for {acting_for}")


def _whoami(request: StringValue, context) -> StringValue:
    p = current_principal()
    if request.value == "bad":
        raise InvalidArgument(
            [
                FieldViolation("form.child_name", "is required"),
                FieldViolation("documents[0]", "is not yours"),
            ]
        )
    if request.value == "missing":
        raise NotFound("case C-1 not found")
    if request.value == "correlation":
        envelope = make_envelope("probe", PendingEvent("probed", "agg-1", "probe", request, p))
        return StringValue(value=envelope.correlation_id)
    if request.value == "db-lost":
        raise OperationalError(
            "INSERT", {}, Exception("server closed"), connection_invalidated=True
        )
    if request.value == "boom":
        raise RuntimeError("secret internals")
    return StringValue(
        value=f"{p.subject}|{p.kind}|{p.department}|{p.assurance_level}|{p.effective_person_id}"
    )


@pytest.fixture()
def tokens() -> TokenFactory:
    return TokenFactory()


async def _whoami_async(request: StringValue, context) -> StringValue:
    return _whoami(request, context)


@pytest.fixture(params=["threads", "asyncio-plain-handler", "asyncio-async-handler"])
def call(tokens, request):
    behaviour = _whoami_async if request.param == "asyncio-async-handler" else _whoami
    handler = grpc.method_handlers_generic_handler(
        SERVICE,
        {
            "WhoAmI": grpc.unary_unary_rpc_method_handler(
                behaviour,
                request_deserializer=StringValue.FromString,
                response_serializer=StringValue.SerializeToString,
            )
        },
    )
    mandates = RecordingMandates({("p-child-parent", "p-child")})
    options = dict(
        service_name="probe",
        register=lambda s: s.add_generic_rpc_handlers((handler,)),
        service_names=[SERVICE],
        authenticator=tokens.authenticator(mandates),
    )
    if request.param == "threads":
        server, port = create_server(**options)
        server.start()
        stop = lambda: server.stop(None)  # noqa: E731
    else:
        running = AioServerThread(lambda: create_aio_server(**options)).start()
        port, stop = running.port, running.stop
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    method = channel.unary_unary(
        f"/{SERVICE}/WhoAmI",
        request_serializer=StringValue.SerializeToString,
        response_deserializer=StringValue.FromString,
    )

    def invoke(value: str = "hi", metadata=None) -> str:
        return method(StringValue(value=value), metadata=metadata, timeout=5).value

    yield invoke
    channel.close()
    stop()


def _code(exc_info) -> grpc.StatusCode:
    return exc_info.value.code()


def test_no_token_is_unauthenticated(call):
    with pytest.raises(grpc.RpcError) as err:
        call()
    assert _code(err) == grpc.StatusCode.UNAUTHENTICATED
    assert "bearer" in err.value.details()


def test_expired_token_is_unauthenticated(call, tokens):
    with pytest.raises(grpc.RpcError) as err:
        call(metadata=bearer(tokens.token(ttl_s=-60)))
    assert _code(err) == grpc.StatusCode.UNAUTHENTICATED
    assert "expired" in err.value.details()


def test_token_signed_by_another_key_is_unauthenticated(call, tokens):
    forger = TokenFactory(issuer=tokens.issuer)
    forger.kid = tokens.kid
    with pytest.raises(grpc.RpcError) as err:
        call(metadata=bearer(forger.token(roles=["dept_admin"])))
    assert _code(err) == grpc.StatusCode.UNAUTHENTICATED


def test_tampered_payload_is_unauthenticated(call, tokens):
    header, _, sig = tokens.token().split(".")
    forged_claims = jwt.utils.base64url_encode(
        b'{"sub":"x","roles":["supervisor"],"exp":%d}' % (time.time() + 300)
    ).decode()
    with pytest.raises(grpc.RpcError) as err:
        call(metadata=bearer(f"{header}.{forged_claims}.{sig}"))
    assert _code(err) == grpc.StatusCode.UNAUTHENTICATED


def test_wrong_audience_is_unauthenticated(call, tokens):
    with pytest.raises(grpc.RpcError) as err:
        call(metadata=bearer(tokens.token(audience="some-other-api")))
    assert _code(err) == grpc.StatusCode.UNAUTHENTICATED
    assert "audience" in err.value.details()


def test_valid_token_principal_reaches_the_handler(call, tokens):
    token = tokens.token(
        subject="u-1",
        roles=["clerk"],
        department="psb",
        office="hall-east",
        assurance_level="high",
        person_id="p-9",
    )
    assert call(metadata=bearer(token)) == "u-1|staff|psb|high|p-9"


def test_acting_for_needs_a_valid_mandate(call, tokens):
    token = tokens.token(subject="u-2", person_id="p-child-parent", assurance_level="substantial")
    assert call(metadata=bearer(token, **{"x-acting-for": "p-child"})).endswith("|p-child")
    with pytest.raises(grpc.RpcError) as err:
        call(metadata=bearer(token, **{"x-acting-for": "p-stranger"}))
    assert _code(err) == grpc.StatusCode.PERMISSION_DENIED


def test_domain_errors_map_to_codes_with_field_violations(call, tokens):
    md = bearer(tokens.token())
    with pytest.raises(grpc.RpcError) as err:
        call("bad", metadata=md)
    assert _code(err) == grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(err.value) == [
        ("form.child_name", "is required"),
        ("documents[0]", "is not yours"),
    ]
    with pytest.raises(grpc.RpcError) as err:
        call("missing", metadata=md)
    assert _code(err) == grpc.StatusCode.NOT_FOUND


def test_unexpected_errors_are_internal_without_leaking_details(call, tokens):
    with pytest.raises(grpc.RpcError) as err:
        call("boom", metadata=bearer(tokens.token()))
    assert _code(err) == grpc.StatusCode.INTERNAL
    assert "secret internals" not in err.value.details()
    assert "correlation id" in err.value.details()


def test_correlation_id_from_metadata_reaches_emitted_events(call, tokens):
    md = [*bearer(tokens.token()), ("x-correlation-id", "gw-req-42")]
    assert call("correlation", metadata=md) == "gw-req-42"
    assert len(call("correlation", metadata=bearer(tokens.token()))) == 36  # a fresh uuid


def test_requests_are_counted_by_method_and_code(call, tokens):
    from prometheus_client import REGISTRY

    def count(code: str) -> float:
        value = REGISTRY.get_sample_value(
            "onewindow_grpc_requests_total",
            {"service": "probe", "method": f"/{SERVICE}/WhoAmI", "code": code},
        )
        return value or 0.0

    ok, missing, unauth = count("OK"), count("NOT_FOUND"), count("UNAUTHENTICATED")
    call(metadata=bearer(tokens.token()))
    with pytest.raises(grpc.RpcError):
        call("missing", metadata=bearer(tokens.token()))
    with pytest.raises(grpc.RpcError):
        call()
    assert (count("OK"), count("NOT_FOUND"), count("UNAUTHENTICATED")) == (
        ok + 1,
        missing + 1,
        unauth + 1,
    )


def test_a_lost_database_connection_is_unavailable_so_clients_retry(call, tokens):
    with pytest.raises(grpc.RpcError) as err:
        call("db-lost", metadata=bearer(tokens.token()))
    assert _code(err) == grpc.StatusCode.UNAVAILABLE
    assert "retry" in err.value.details()


def test_refusals_keep_the_correlation_id_and_the_field_violations(call, tokens):
    md = [*bearer(tokens.token()), ("x-correlation-id", "gw-req-7")]
    with pytest.raises(grpc.RpcError) as err:
        call("bad", metadata=md)
    assert ("x-correlation-id", "gw-req-7") in tuple(err.value.trailing_metadata())
    assert dict(field_violations(err.value))["form.child_name"] == "is required"
    with pytest.raises(grpc.RpcError) as boom:
        call("boom", metadata=md)
    assert ("x-correlation-id", "gw-req-7") in tuple(boom.value.trailing_metadata())
