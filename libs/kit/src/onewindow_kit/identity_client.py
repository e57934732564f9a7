"""Asking the identity service, over its gRPC contract, whether a mandate holds now."""

from __future__ import annotations

import grpc

from onewindow.identity.v1 import identity_pb2, identity_pb2_grpc
from onewindow_kit.calls import forwarded_metadata
from onewindow_kit.errors import PermissionDenied, Unavailable
from onewindow_kit.principal import ALL_SERVICE_TYPES, Principal


class GrpcMandateChecker:
    """MandateChecker for services other than identity: one CheckMandate call, no caching,
    so a revoked mandate is refused at once. The caller's own token is forwarded."""

    def __init__(self, channel: grpc.Channel, *, timeout_s: float = 3.0) -> None:
        self._stub = identity_pb2_grpc.IdentityStub(channel)
        self._timeout = timeout_s

    def check(
        self, principal: Principal, acting_for: str, service_type: str = ""
    ) -> frozenset[str]:
        """The service types ``principal`` may act in for ``acting_for`` now (ALL_SERVICE_TYPES
        for all); PermissionDenied without a valid mandate (covering ``service_type`` if named)."""
        request = identity_pb2.CheckMandateRequest(
            mandatee_person_id=principal.person_id,
            mandator_id=acting_for,
            service_type=service_type,
        )
        # Asked as the mandatee themself: acting for the mandator is what is being checked.
        metadata = forwarded_metadata(acting_for=False)
        try:
            reply = self._stub.CheckMandate(request, metadata=metadata, timeout=self._timeout)
        except grpc.RpcError as exc:
            code = exc.code()  # type: ignore[attr-defined]
            if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                raise Unavailable("the identity service cannot confirm the mandate now") from exc
            raise PermissionDenied(f"mandate check refused: {exc.details()}") from exc  # type: ignore[attr-defined]
        if not reply.valid:
            raise PermissionDenied(
                # The id is not echoed: an unknown one must read exactly like someone else's.
                "no valid mandate to act for the named person or organisation: "
                f"{reply.reason or 'not granted'}"
            )
        if reply.all_service_types:
            return ALL_SERVICE_TYPES
        return frozenset(reply.service_types)
