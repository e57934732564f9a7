"""The standard gRPC health check, importable without any service code (used by infra too)."""

from __future__ import annotations

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from onewindow_kit.grpc_tls import open_channel


def serving(addr: str, service: str, timeout_s: float = 2.0) -> bool:
    """True when the server at ``addr`` reports ``service`` as SERVING (over TLS when
    ONEWINDOW_GRPC_TLS is on, see onewindow_kit.grpc_tls)."""
    with open_channel(addr) as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=service), timeout=timeout_s
            )
        except grpc.RpcError:
            return False
    return reply.status == health_pb2.HealthCheckResponse.SERVING
