"""The gRPC interceptor on the one (asyncio) server: authentication, principal hand-off,
correlation id, metrics and the domain-error mapping, for every call shape (unary/stream
request x unary/stream response), each as a plain handler (thread pool) and as an
``async def`` handler (event loop)."""

import json

import grpc
import jwt
import pytest
from google.protobuf.wrappers_pb2 import StringValue
from sqlalchemy.exc import OperationalError

from onewindow_kit.calls import forwarded_metadata
from onewindow_kit.db import connection_lost
from onewindow_kit.errors import FieldViolation, InvalidArgument, NotFound, PermissionDenied
from onewindow_kit.grpc_errors import field_violations
from onewindow_kit.grpc_server import AioServerThread, create_server
from onewindow_kit.outbox import PendingEvent, make_envelope
from onewindow_kit.principal import Principal, current_principal, current_token
from onewindow_kit.testing import TokenFactory, bearer

SERVICE = "test.v1.Probe"
SHAPES = ("unary_unary", "unary_stream", "stream_unary", "stream_stream")


class RecordingMandates:
    def __init__(self, allowed: set[tuple[str, str]]):
        self.allowed = allowed

    def check(self, principal: Principal, acting_for: str) -> frozenset[str]:
        # A real checker asks identity with the caller's token: it must be bound by now.
        assert current_token(), "the caller's token is not bound while the mandate is checked"
        assert forwarded_metadata()[0] == ("authorization", f"Bearer {current_token()}")
        if (principal.person_id, acting_for) not in self.allowed:
            raise PermissionDenied(f"no valid mandate to act for {acting_for}")
        return frozenset({"birth-medical-certificate"})


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
    if request.value == "scope":
        covered = [st for st in ("birth-medical-certificate", "business-licence") if p.acts_in(st)]
        return StringValue(value=",".join(covered))
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


def _first(requests):
    values = [r for r in requests]  # the whole stream is read (and checked) before answering
    return values[0]


async def _first_async(requests):
    values = [r async for r in requests]
    return values[0]


# One behaviour, in each call shape: plain functions and generators, coroutines and async
# generators. Streaming responses send the answer twice; streaming requests send it twice.
BEHAVIOURS = {
    ("unary_unary", "plain"): lambda request, context: _whoami(request, context),
    ("stream_unary", "plain"): lambda requests, context: _whoami(_first(requests), context),
}


def _unary_stream(request, context):
    yield _whoami(request, context)
    yield _whoami(request, context)


def _stream_stream(requests, context):
    answer = _whoami(_first(requests), context)
    yield answer
    yield answer


async def _unary_unary_async(request, context):
    return _whoami(request, context)


async def _stream_unary_async(requests, context):
    return _whoami(await _first_async(requests), context)


async def _unary_stream_async(request, context):
    yield _whoami(request, context)
    yield _whoami(request, context)


async def _stream_stream_async(requests, context):
    answer = _whoami(await _first_async(requests), context)
    yield answer
    yield answer


BEHAVIOURS.update(
    {
        ("unary_stream", "plain"): _unary_stream,
        ("stream_stream", "plain"): _stream_stream,
        ("unary_unary", "async"): _unary_unary_async,
        ("stream_unary", "async"): _stream_unary_async,
        ("unary_stream", "async"): _unary_stream_async,
        ("stream_stream", "async"): _stream_stream_async,
    }
)


def _handlers(kind: str):
    return grpc.method_handlers_generic_handler(
        SERVICE,
        {
            shape: getattr(grpc, f"{shape}_rpc_method_handler")(
                BEHAVIOURS[(shape, kind)],
                request_deserializer=StringValue.FromString,
                response_serializer=StringValue.SerializeToString,
            )
            for shape in SHAPES
        },
    )


def _server_options(tokens, kind: str, **extra):
    mandates = RecordingMandates({("p-child-parent", "p-child")})
    handler = _handlers(kind)
    return dict(
        service_name="probe",
        register=lambda s: s.add_generic_rpc_handlers((handler,)),
        service_names=[SERVICE],
        authenticator=tokens.authenticator(mandates),
        translate_errors=(connection_lost,),
        **extra,
    )


def _invoker(channel, shape: str, serialize=StringValue.SerializeToString):
    method = getattr(channel, shape)(
        f"/{SERVICE}/{shape}",
        request_serializer=serialize,
        response_deserializer=StringValue.FromString,
    )

    def invoke(request, metadata=None) -> str:
        if shape.startswith("stream"):
            request = iter([request, request])
        answer = method(request, metadata=metadata, timeout=5)
        if shape.endswith("stream"):
            answers = [a.value for a in answer]
            assert len(answers) == 2 and answers[0] == answers[1]
            return answers[0]
        return answer.value

    return invoke


@pytest.fixture(params=[(shape, kind) for kind in ("plain", "async") for shape in SHAPES],
                ids=lambda p: f"{p[1]}-{p[0]}")  # fmt: skip
def shape(request):
    return request.param


@pytest.fixture()
def served(tokens, shape):
    running = AioServerThread(lambda: create_server(**_server_options(tokens, shape[1]))).start()
    channel = grpc.insecure_channel(f"127.0.0.1:{running.port}")
    yield channel, shape[0]
    channel.close()
    running.stop()


@pytest.fixture()
def call(served):
    channel, shape = served
    invoke = _invoker(channel, shape)

    def call(value: str = "hi", metadata=None) -> str:
        return invoke(StringValue(value=value), metadata)

    return call


@pytest.fixture()
def call_raw(served):
    """Sends bytes as they are (what the Python library would refuse to encode)."""
    channel, shape = served
    return _invoker(channel, shape, serialize=None)


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
    header, payload, sig = tokens.token(roles=["citizen"]).split(".")
    claims = json.loads(jwt.utils.base64url_decode(payload))
    assert {"aud", "iat", "exp", "iss", "sub"} <= claims.keys()  # every claim stays real
    claims["realm_access"] = {"roles": ["supervisor"]}  # ...but one
    forged = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    with pytest.raises(grpc.RpcError) as err:
        call(metadata=bearer(f"{header}.{forged}.{sig}"))
    assert _code(err) == grpc.StatusCode.UNAUTHENTICATED
    assert "signature" in err.value.details().lower()


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


def test_the_principal_carries_the_mandates_scope(call, tokens):
    token = tokens.token(subject="u-2", person_id="p-child-parent", assurance_level="substantial")
    # the handler sees which service types the representative may act in for the mandator
    assert call("scope", metadata=bearer(token, **{"x-acting-for": "p-child"})) == (
        "birth-medical-certificate"
    )
    # one's own affairs are not narrowed
    assert call("scope", metadata=bearer(token)) == "birth-medical-certificate,business-licence"


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


def _counter(method: str):
    from prometheus_client import REGISTRY

    def count(code: str) -> float:
        value = REGISTRY.get_sample_value(
            "onewindow_grpc_requests_total",
            {"service": "probe", "method": f"/{SERVICE}/{method}", "code": code},
        )
        return value or 0.0

    return count


def test_requests_are_counted_by_method_and_code(call, tokens, shape):
    count = _counter(shape[0])

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


BAD_UTF8 = b"\x0a\x03\xff\xfe\xfd"  # StringValue.value = three bytes that are not UTF-8
LONE_SURROGATE = b"\x0a\x03\xed\xa0\x80"  # U+D800 encoded, as a careless encoder would


@pytest.mark.parametrize(
    ("raw", "named"),
    [(BAD_UTF8, "value"), (LONE_SURROGATE, "value"), (b"\x0a\xff", "request")],
    ids=["utf8", "surrogate", "cut"],
)
def test_undecodable_requests_are_invalid_argument_and_counted(call_raw, tokens, shape, raw, named):
    count = _counter(shape[0])
    before = count("INVALID_ARGUMENT")
    with pytest.raises(grpc.RpcError) as err:
        call_raw(raw, metadata=bearer(tokens.token()))
    assert _code(err) == grpc.StatusCode.INVALID_ARGUMENT
    details = err.value.details()
    assert details.startswith(
        "request could not be decoded: not a valid google.protobuf.StringValue"
    )
    assert "Error" not in details and "Exception" not in details and "class" not in details
    assert field_violations(err.value)[0][0] == named
    assert count("INVALID_ARGUMENT") == before + 1


def test_undecodable_request_of_an_anonymous_caller_is_unauthenticated(call_raw):
    with pytest.raises(grpc.RpcError) as err:
        call_raw(BAD_UTF8)
    assert _code(err) == grpc.StatusCode.UNAUTHENTICATED


def test_text_longer_than_its_limit_is_refused_naming_the_field(call, tokens):
    assert call("x" * 256, metadata=bearer(tokens.token())).count("|") == 4  # the default limit
    with pytest.raises(grpc.RpcError) as err:
        call("x" * 257, metadata=bearer(tokens.token()))
    assert _code(err) == grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(err.value) == [("value", "is longer than 256 characters")]


def test_a_service_sets_its_own_limits_and_message_size(tokens):
    options = _server_options(tokens, "async", text_limits={"value": 10}, max_message_bytes=2048)
    with (
        AioServerThread(lambda: create_server(**options)) as running,
        grpc.insecure_channel(f"127.0.0.1:{running.port}") as channel,
    ):
        invoke = _invoker(channel, "unary_unary")
        md = bearer(tokens.token())
        with pytest.raises(grpc.RpcError) as err:
            invoke(StringValue(value="x" * 11), md)
        assert field_violations(err.value) == [("value", "is longer than 10 characters")]
        with pytest.raises(grpc.RpcError) as err:
            invoke(StringValue(value="x" * 3000), md)
        assert _code(err) == grpc.StatusCode.RESOURCE_EXHAUSTED


def test_reflection_lists_the_service_on_the_server(tokens):
    from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
        ProtoReflectionDescriptorDatabase,
    )

    options = _server_options(tokens, "async")
    with (
        AioServerThread(lambda: create_server(**options)) as running,
        grpc.insecure_channel(f"127.0.0.1:{running.port}") as channel,
    ):
        services = ProtoReflectionDescriptorDatabase(channel).get_services()
    assert SERVICE in services and "grpc.health.v1.Health" in services
