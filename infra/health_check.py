"""Exit 0 when a gRPC server at ADDR reports SERVICE as SERVING (standard health protocol).

Usage: python infra/health_check.py ADDR SERVICE   (cheap: imports no service code)
"""

import sys

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc


def main() -> int:
    addr, service = sys.argv[1], sys.argv[2]
    with grpc.insecure_channel(addr) as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=service), timeout=2
            )
        except grpc.RpcError:
            return 1
    return 0 if reply.status == health_pb2.HealthCheckResponse.SERVING else 1


if __name__ == "__main__":
    sys.exit(main())
