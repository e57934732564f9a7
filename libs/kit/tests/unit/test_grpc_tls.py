"""gRPC over TLS, switched on by ONEWINDOW_GRPC_TLS*: the kit's server refuses plaintext, a
client trusting the CA is served, and with client authentication a client without a certificate
(or with one another CA signed) is refused. Certificates are made in the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from onewindow_kit.certs import Issued, make_ca, make_leaf
from onewindow_kit.grpc_server import AioServerThread, create_server
from onewindow_kit.grpc_tls import GrpcTls, load_grpc_tls, open_channel
from onewindow_kit.health_probe import serving
from onewindow_kit.settings import SettingsError

SERVICE = "test.v1.Probe"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Issued]:
    directory = tmp_path_factory.mktemp("pki")
    ca = make_ca(directory)
    stranger_ca = make_ca(directory / "stranger", "someone else's CA")
    return {
        "ca": ca,
        "server": make_leaf(ca, "cases"),
        "client": make_leaf(ca, "gateway"),
        "stranger": make_leaf(stranger_ca, "intruder"),
    }


def _env(pki: dict[str, Issued], who: str, **extra: str) -> dict[str, str]:
    return {
        "ONEWINDOW_GRPC_TLS": "1",
        "ONEWINDOW_GRPC_TLS_CERT": str(pki[who].cert),
        "ONEWINDOW_GRPC_TLS_KEY": str(pki[who].key),
        "ONEWINDOW_GRPC_TLS_CA": str(pki["ca"].cert),
        **extra,
    }


def _running(tls: GrpcTls) -> AioServerThread:
    return AioServerThread(
        lambda: create_server(
            service_name="probe",
            register=lambda s: None,
            service_names=[SERVICE],
            authenticator=None,
            tls=tls,
        )
    )


@pytest.fixture(scope="module")
def tls_server(pki: dict[str, Issued]) -> Iterator[str]:
    with _running(load_grpc_tls(_env(pki, "server"))) as running:
        yield f"127.0.0.1:{running.port}"


@pytest.fixture(scope="module")
def mtls_server(pki: dict[str, Issued]) -> Iterator[str]:
    env = _env(pki, "server", ONEWINDOW_GRPC_TLS_CLIENT_AUTH="1")
    with _running(load_grpc_tls(env)) as running:
        yield f"127.0.0.1:{running.port}"


def _check(channel: grpc.Channel) -> grpc.StatusCode:
    try:
        reply = health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(service=SERVICE), timeout=3
        )
    except grpc.RpcError as exc:
        return exc.code()  # type: ignore[attr-defined,no-any-return]
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
    return grpc.StatusCode.OK


def test_tls_is_off_by_default() -> None:
    assert load_grpc_tls({}) == GrpcTls()
    assert not load_grpc_tls({"ONEWINDOW_GRPC_TLS_CERT": "/x.pem"}).enabled


def test_a_client_trusting_the_ca_is_served_and_a_plaintext_one_refused(
    tls_server: str, pki: dict[str, Issued]
) -> None:
    trusting = GrpcTls(enabled=True, ca=str(pki["ca"].cert))
    with open_channel(tls_server, tls=trusting) as channel:
        assert _check(channel) == grpc.StatusCode.OK
    with open_channel(tls_server, tls=GrpcTls()) as plaintext:
        assert _check(plaintext) == grpc.StatusCode.UNAVAILABLE


def test_a_client_not_trusting_the_servers_ca_is_refused(
    tls_server: str, pki: dict[str, Issued]
) -> None:
    wrong_ca = GrpcTls(enabled=True, ca=str(pki["stranger"].cert.parent / "ca.pem"))
    with open_channel(tls_server, tls=wrong_ca) as channel:
        assert _check(channel) == grpc.StatusCode.UNAVAILABLE


def test_a_wrong_server_name_is_refused_and_an_override_names_the_right_one(
    tls_server: str, pki: dict[str, Issued]
) -> None:
    ca = str(pki["ca"].cert)
    with open_channel(tls_server, tls=GrpcTls(True, ca=ca, server_name="cases.example")) as ch:
        assert _check(ch) == grpc.StatusCode.UNAVAILABLE
    with open_channel(tls_server, tls=GrpcTls(True, ca=ca, server_name="localhost")) as ch:
        assert _check(ch) == grpc.StatusCode.OK


def test_with_client_auth_only_a_client_with_a_certificate_of_the_ca_is_served(
    mtls_server: str, pki: dict[str, Issued]
) -> None:
    with open_channel(mtls_server, tls=load_grpc_tls(_env(pki, "client"))) as channel:
        assert _check(channel) == grpc.StatusCode.OK
    no_cert = GrpcTls(enabled=True, ca=str(pki["ca"].cert))
    with open_channel(mtls_server, tls=no_cert) as channel:
        assert _check(channel) == grpc.StatusCode.UNAVAILABLE
    with open_channel(mtls_server, tls=load_grpc_tls(_env(pki, "stranger"))) as channel:
        assert _check(channel) == grpc.StatusCode.UNAVAILABLE


def test_the_health_probe_follows_the_environment(
    tls_server: str, pki: dict[str, Issued], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not serving(tls_server, SERVICE)  # plaintext against a TLS server
    monkeypatch.setenv("ONEWINDOW_GRPC_TLS", "1")
    monkeypatch.setenv("ONEWINDOW_GRPC_TLS_CA", str(pki["ca"].cert))
    assert serving(tls_server, SERVICE)


def test_incomplete_settings_are_refused_naming_the_variable(pki: dict[str, Issued]) -> None:
    with pytest.raises(SettingsError, match="ONEWINDOW_GRPC_TLS_KEY"):
        load_grpc_tls({"ONEWINDOW_GRPC_TLS": "1", "ONEWINDOW_GRPC_TLS_CERT": "/x.pem"})
    with pytest.raises(SettingsError, match="ONEWINDOW_GRPC_TLS_CA"):
        load_grpc_tls(
            {
                "ONEWINDOW_GRPC_TLS": "1",
                "ONEWINDOW_GRPC_TLS_CERT": str(pki["server"].cert),
                "ONEWINDOW_GRPC_TLS_KEY": str(pki["server"].key),
                "ONEWINDOW_GRPC_TLS_CLIENT_AUTH": "1",
            }
        )
    no_pair = GrpcTls(enabled=True, ca=str(pki["ca"].cert))
    with pytest.raises(SettingsError, match="ONEWINDOW_GRPC_TLS_CERT"):
        no_pair.server_credentials()
    missing = GrpcTls(enabled=True, cert="/nowhere.pem", key="/nowhere.key")
    with pytest.raises(SettingsError, match="ONEWINDOW_GRPC_TLS_KEY"):
        missing.server_credentials()


def test_certs_command_writes_a_ca_and_one_pair_per_name(tmp_path: Path) -> None:
    from onewindow_kit.certs import main

    assert main([str(tmp_path), "cases", "gateway", "--host", "cases.onewindow.svc"]) == 0
    for name in ("ca.pem", "ca.key", "cases.pem", "cases.key", "gateway.pem", "gateway.key"):
        assert (tmp_path / name).stat().st_size > 0
    assert (tmp_path / "cases.key").stat().st_mode & 0o077 == 0


def test_no_service_gateway_or_kit_code_opens_a_plaintext_channel_or_port_by_hand() -> None:
    """Every server and channel goes through onewindow_kit.grpc_tls, so the setting reaches it."""
    root = Path(__file__).resolve().parents[4]
    sources = [root / "libs/kit/src", root / "gateway/src", *(root / "services").glob("*/src")]
    by_hand = [
        f"{path.relative_to(root)}:{number}"
        for src in sources
        for path in src.rglob("*.py")
        if path.name != "grpc_tls.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "insecure_channel(" in line or "add_insecure_port(" in line
    ]
    assert by_hand == []


def test_the_asyncio_channel_of_the_gateway_and_cases_uses_the_same_settings(
    mtls_server: str, pki: dict[str, Issued]
) -> None:
    import asyncio

    from onewindow_kit.grpc_tls import open_aio_channel

    async def check(tls: GrpcTls) -> grpc.StatusCode:
        async with open_aio_channel(mtls_server, tls=tls) as channel:
            try:
                await health_pb2_grpc.HealthStub(channel).Check(
                    health_pb2.HealthCheckRequest(service=SERVICE), timeout=3
                )
            except grpc.aio.AioRpcError as exc:
                return exc.code()
        return grpc.StatusCode.OK

    assert asyncio.run(check(load_grpc_tls(_env(pki, "client")))) == grpc.StatusCode.OK
    assert asyncio.run(check(GrpcTls())) == grpc.StatusCode.UNAVAILABLE
