"""The person record from the identity service (GetPerson), asked with the caller's own token:
a citizen reads their own record, a representative their mandator's. Fake:
``memory_offers.InMemoryPersons``."""

from __future__ import annotations

import grpc

from onewindow.identity.v1 import identity_pb2, identity_pb2_grpc
from onewindow_kit.calls import forwarded_metadata
from onewindow_kit.errors import Unavailable
from onewindow_kit.grpc_tls import open_aio_channel
from onewindow_kit.logging import get_logger

log = get_logger("onewindow.cases.persons")


class GrpcPersons:
    """identity GetPerson over a grpc.aio channel opened on first use (in the serving loop)."""

    def __init__(self, target: str, *, timeout_s: float = 3.0) -> None:
        self._target = target
        self._timeout = timeout_s
        self._stub: identity_pb2_grpc.IdentityStub | None = None

    async def person(self, person_id: str) -> dict[str, str]:
        """The record's fields an offer may pre-fill; {} when identity refuses to show it (the
        confirmation then asks for those fields); UNAVAILABLE when identity cannot answer."""
        if self._stub is None:
            self._stub = identity_pb2_grpc.IdentityStub(open_aio_channel(self._target))
        request = identity_pb2.GetPersonRequest(person_id=person_id)
        try:
            reply = await self._stub.GetPerson(
                request, timeout=self._timeout, metadata=forwarded_metadata()
            )
        except grpc.aio.AioRpcError as exc:
            if exc.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                raise Unavailable("the identity service cannot be reached; try again") from exc
            log.info("person_record_refused", code=str(exc.code()))
            return {}
        p = reply.person
        return {
            "national_id": p.national_id, "family_name": p.family_name,
            "given_name": p.given_name, "date_of_birth": p.date_of_birth,
        }  # fmt: skip
