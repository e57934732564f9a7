"""Asking the identity service, over its gRPC contract, whether an owner's consent lets the
reader's department use a document now (CheckConsent). No caching: a revoked consent closes
the document at the next read."""

from __future__ import annotations

import grpc

from onewindow.identity.v1 import identity_pb2, identity_pb2_grpc
from onewindow_kit.calls import forwarded_metadata
from onewindow_kit.logging import get_logger
from onewindow_kit.principal import Principal

log = get_logger("onewindow.documents.consent")


class GrpcConsentChecker:
    """ConsentChecker over identity's CheckConsent, asked with the reader's own token (identity
    lets a department check only the consents given to itself)."""

    def __init__(self, channel: grpc.Channel, *, timeout_s: float = 3.0) -> None:
        self._stub = identity_pb2_grpc.IdentityStub(channel)
        self._timeout = timeout_s

    def holds(self, actor: Principal, owner_id: str, document_type: str, purpose: str) -> bool:
        """True when a consent holds; False when none does or identity cannot say (fail
        closed: the document then answers NOT_FOUND, as without a consent)."""
        request = identity_pb2.CheckConsentRequest(
            person_id=owner_id,
            department=actor.department,
            document_type=document_type,
            purpose=purpose,
        )
        try:
            reply = self._stub.CheckConsent(
                request, metadata=forwarded_metadata(acting_for=False), timeout=self._timeout
            )
        except grpc.RpcError as exc:
            code = exc.code()  # type: ignore[attr-defined]
            log.warning("consent_check_failed", code=code.name, department=actor.department)
            return False
        return bool(reply.holds)
