"""In-process fake services (grpc.aio servers on port 0 implementing the generated servicers)
and a gateway app wired to them, for unit tests that need no stack."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import grpc
import httpx

from onewindow.cases.v1 import cases_pb2, cases_pb2_grpc, offers_pb2, offers_pb2_grpc
from onewindow.common.v1 import access_log_pb2
from onewindow.documents.v1 import documents_pb2, documents_pb2_grpc
from onewindow.identity.v1 import identity_pb2, identity_pb2_grpc
from onewindow.notifications.v1 import notifications_pb2, notifications_pb2_grpc
from onewindow_gateway import config
from onewindow_gateway.app import create_app
from onewindow_gateway.clients import Clients
from onewindow_gateway.ratelimit import Limiter
from onewindow_kit import errors
from onewindow_kit.auth import TokenValidator
from onewindow_kit.grpc_errors import to_status
from onewindow_kit.testing import TokenFactory

TOKENS = TokenFactory()


@dataclass
class Behaviour:
    """What the fakes answer; tests change it and read what was asked."""

    fail_with: grpc.StatusCode | None = None
    violations: list[tuple[str, str]] = field(default_factory=list)
    version: int = 3
    case_ids: list[str] = field(default_factory=lambda: [f"c{i}" for i in range(5)])
    wallet_delay_s: float = 0.0
    wallet_count: int = 1
    seen: list[tuple[str, Any, dict[str, str]]] = field(default_factory=list)
    submitted: dict[str, tuple[str, str]] = field(default_factory=dict)
    # access-log records per service ("identity", "cases", "documents"); a missing key fails
    access: dict[str, list[access_log_pb2.AccessLogEntry]] = field(default_factory=dict)


async def _access(context: grpc.aio.ServicerContext, b: Behaviour, source: str) -> list[Any]:
    if source not in b.access:
        await context.abort(grpc.StatusCode.UNAVAILABLE, f"fake {source} is down")
    return b.access[source]


async def _access_page(
    context: grpc.aio.ServicerContext, b: Behaviour, source: str, size: int, token: str
) -> tuple[list[Any], str]:
    """A page as cases and documents give it (default 50, at most 200; the token an offset)."""
    records = await _access(context, b, source)
    b.seen.append((f"{source}.ListAccessLog", (size, token), {}))
    start, size = int(token or 0), min(size or 50, 200)
    return records[start : start + size], str(start + size) if start + size < len(records) else ""


async def _fail(context: grpc.aio.ServicerContext, b: Behaviour) -> None:
    if b.fail_with == grpc.StatusCode.INVALID_ARGUMENT:
        await context.abort_with_status(
            to_status(
                errors.InvalidArgument([errors.FieldViolation(f, d) for f, d in b.violations])
            )
        )
    assert b.fail_with is not None
    await context.abort(b.fail_with, f"fake {b.fail_with.name.lower()}")


def _case(case_id: str, version: int) -> cases_pb2.Case:
    return cases_pb2.Case(
        id=case_id,
        case_number=f"N-{case_id}",
        status="submitted",
        version=version,
        status_text={"zh": "已提交", "en": "Received"},
    )


class FakeCases(cases_pb2_grpc.CasesServicer):
    """Cases: submit (idempotent by client key), get, list (paged), the versioned writes."""

    def __init__(self, b: Behaviour) -> None:
        self.b = b

    def _seen(self, name: str, request: Any, context: grpc.aio.ServicerContext) -> None:
        self.b.seen.append((name, request, dict(context.invocation_metadata() or ())))

    async def SubmitCase(self, request, context):
        self._seen("SubmitCase", request, context)
        if self.b.fail_with:
            await _fail(context, self.b)
        fingerprint = request.SerializeToString(deterministic=True).replace(
            request.client_key.encode(), b""
        )
        earlier = self.b.submitted.get(request.client_key)
        if earlier and earlier[1] != fingerprint.hex():
            await context.abort_with_status(
                to_status(errors.InvalidArgument("client_key", "was already used"))
            )
        if earlier:
            return cases_pb2.SubmitCaseResponse(case=_case(earlier[0], 1), replayed=True)
        case_id = f"case-{len(self.b.submitted) + 1}"
        self.b.submitted[request.client_key] = (case_id, fingerprint.hex())
        return cases_pb2.SubmitCaseResponse(case=_case(case_id, 1))

    async def SubmitBundle(self, request, context):
        self._seen("SubmitBundle", request, context)
        return cases_pb2.SubmitBundleResponse(bundle=cases_pb2.Bundle(id="bundle-1"))

    async def GetCase(self, request, context):
        self._seen("GetCase", request, context)
        if self.b.fail_with:
            await _fail(context, self.b)
        return cases_pb2.GetCaseResponse(case=_case(request.case_id, self.b.version))

    async def ListMyCases(self, request, context):
        self._seen("ListMyCases", request, context)
        start = int(request.page_token or 0)
        chunk = self.b.case_ids[start : start + request.page_size]
        more = start + request.page_size < len(self.b.case_ids)
        return cases_pb2.ListMyCasesResponse(
            cases=[cases_pb2.CaseSummary(id=i, version=1) for i in chunk],
            next_page_token=str(start + request.page_size) if more else "",
        )

    async def ListMyBundles(self, request, context):
        return cases_pb2.ListMyBundlesResponse()

    async def GetMyOverview(self, request, context):
        """The first page of case_ids (the token an offset, as ListMyCases reads it), no
        bundle, open offer "o-1"."""
        self._seen("GetMyOverview", request, context)
        if self.b.fail_with:
            await _fail(context, self.b)
        size = request.cases_page_size
        return cases_pb2.GetMyOverviewResponse(
            open_cases=[cases_pb2.CaseSummary(id=i, version=1) for i in self.b.case_ids[:size]],
            open_cases_next_page_token=str(size) if size < len(self.b.case_ids) else "",
            open_offers=[offers_pb2.Offer(id="o-1", state=offers_pb2.OFFER_STATE_OFFERED)],
        )

    async def _versioned(self, name: str, request: Any, context: grpc.aio.ServicerContext) -> Any:
        """Every versioned write: ABORTED on a stale version, else the case one version on."""
        self._seen(name, request, context)
        if request.expected_version != self.b.version:
            await context.abort(grpc.StatusCode.ABORTED, "the case changed; read it again")
        self.b.version += 1
        return getattr(cases_pb2, f"{name}Response")(case=_case(request.case_id, self.b.version))

    async def ClaimCase(self, request, context):
        return await self._versioned("ClaimCase", request, context)

    async def AssignCase(self, request, context):
        return await self._versioned("AssignCase", request, context)

    async def TransitionCase(self, request, context):
        return await self._versioned("TransitionCase", request, context)

    async def RequestSupplement(self, request, context):
        return await self._versioned("RequestSupplement", request, context)

    async def ExtendDeadline(self, request, context):
        return await self._versioned("ExtendDeadline", request, context)

    async def DecideCase(self, request, context):
        return await self._versioned("DecideCase", request, context)

    async def CloseCase(self, request, context):
        return await self._versioned("CloseCase", request, context)

    async def TransferCase(self, request, context):
        return await self._versioned("TransferCase", request, context)

    async def ProvideSupplement(self, request, context):
        return await self._versioned("ProvideSupplement", request, context)

    async def WithdrawCase(self, request, context):
        return await self._versioned("WithdrawCase", request, context)

    async def ListCaseAccessLog(self, request, context):
        records, following = await _access_page(
            context, self.b, "cases", request.page_size, request.page_token
        )
        return cases_pb2.ListCaseAccessLogResponse(records=records, next_page_token=following)


class FakeIdentity(identity_pb2_grpc.IdentityServicer):
    """Identity: the access log of the caller's person record."""

    def __init__(self, b: Behaviour) -> None:
        self.b = b

    async def ListAccessLog(self, request, context):
        records = await _access(context, self.b, "identity")
        self.b.seen.append(("identity.ListAccessLog", request.limit, {}))
        # identity has no page token: the newest `limit` (default 50, at most 500)
        return identity_pb2.ListAccessLogResponse(records=records[: min(request.limit or 50, 500)])

    async def FindPerson(self, request, context):
        self.b.seen.append(("FindPerson", request, dict(context.invocation_metadata())))
        if self.b.fail_with:
            await _fail(context, self.b)
        return identity_pb2.FindPersonResponse(
            person=identity_pb2.Person(
                person_id="p-9", country="CN", national_id=request.national_id,
                family_name="王", given_name="芳", email="wang@example.cn",
                assurance_level=identity_pb2.ASSURANCE_LEVEL_HIGH,
            )
        )  # fmt: skip

    async def UpdateContactDetails(self, request, context):
        self.b.seen.append(("UpdateContactDetails", request, dict(context.invocation_metadata())))
        if self.b.fail_with:
            await _fail(context, self.b)
        return identity_pb2.UpdateContactDetailsResponse(change_id="ch-1", channel="email")

    async def ConfirmContactDetails(self, request, context):
        self.b.seen.append(("ConfirmContactDetails", request, dict(context.invocation_metadata())))
        if self.b.fail_with:
            await _fail(context, self.b)
        return identity_pb2.ConfirmContactDetailsResponse(
            person=identity_pb2.Person(person_id="p-1", email="new@example.cn")
        )


class FakeDocuments(documents_pb2_grpc.DocumentsServicer):
    """Documents: a wallet that may be slow, and an upload that counts what it receives."""

    def __init__(self, b: Behaviour) -> None:
        self.b = b

    async def ListWallet(self, request, context):
        await asyncio.sleep(self.b.wallet_delay_s)
        return documents_pb2.ListWalletResponse(documents=[documents_pb2.DocumentMetadata(id="d1")])

    async def CountWallet(self, request, context):
        self.b.seen.append(("CountWallet", request, dict(context.invocation_metadata())))
        await asyncio.sleep(self.b.wallet_delay_s)
        return documents_pb2.CountWalletResponse(count=self.b.wallet_count)

    async def ListAccessLog(self, request, context):
        records, following = await _access_page(
            context, self.b, "documents", request.page_size, request.page_token
        )
        return documents_pb2.ListAccessLogResponse(records=records, next_page_token=following)

    async def GetSigningKeys(self, request, context):
        if self.b.fail_with is not None:
            await _fail(context, self.b)
        self.b.seen.append(("GetSigningKeys", request, dict(context.invocation_metadata())))
        jwk = {"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "kid": "k1"}
        return documents_pb2.GetSigningKeysResponse(
            jwks_json=json.dumps({"keys": [{**jwk, "x": "AAAA", "valid_from": 1}]})
        )

    async def UploadDocument(self, request_iterator, context):
        first = None
        size = 0
        chunks = 0
        async for message in request_iterator:
            if first is None:
                first = message.metadata
            elif message.WhichOneof("part") == "metadata":  # as the real service refuses it
                await context.abort(
                    grpc.StatusCode.INVALID_ARGUMENT, "only the first message may carry metadata"
                )
            else:
                size += len(message.chunk)
                chunks += 1
        self.b.seen.append(("UploadDocument", first, {"size": str(size), "chunks": str(chunks)}))
        return documents_pb2.UploadDocumentResponse(
            document=documents_pb2.DocumentMetadata(
                id="doc-1", document_type=first.document_type if first else ""
            ),
            version=documents_pb2.DocumentVersion(document_id="doc-1", version=1, size_bytes=size),
        )

    async def DeleteDocument(self, request, context):
        if self.b.fail_with is not None:
            await _fail(context, self.b)
        self.b.seen.append(("DeleteDocument", request, dict(context.invocation_metadata())))
        reply = documents_pb2.DeleteDocumentResponse(document_id=request.document_id)
        reply.removed_at.FromSeconds(1_796_000_000)
        return reply

    async def SetLegalHold(self, request, context):
        if self.b.fail_with is not None:
            await _fail(context, self.b)
        self.b.seen.append(("SetLegalHold", request, dict(context.invocation_metadata())))
        reply = documents_pb2.SetLegalHoldResponse(
            document_id=request.document_id, held=request.held, reason=request.reason
        )
        reply.changed_at.FromSeconds(1_796_000_000)
        return reply


class FakeNotifications(notifications_pb2_grpc.NotificationsServicer):
    """Notifications: two unread notices."""

    async def UnreadCount(self, request, context):
        return notifications_pb2.UnreadCountResponse(unread=2)


class FakeOffers(offers_pb2_grpc.OffersServicer):
    """Offers: p-1 has offer "o-1" (another id is NOT_FOUND); confirming files "case-o-1"."""

    def __init__(self, b: Behaviour) -> None:
        self.b = b
        self.confirmed = False

    def _offer(self) -> offers_pb2.Offer:
        state = (
            offers_pb2.OFFER_STATE_CONFIRMED if self.confirmed else offers_pb2.OFFER_STATE_OFFERED
        )
        return offers_pb2.Offer(
            id="o-1", person_id="p-1", state=state, service_type="newborn-medical-insurance",
            missing_fields=["guardian_id_number"], case_id="case-o-1" if self.confirmed else "",
        )  # fmt: skip

    async def _mine(self, name: str, request: Any, context: grpc.aio.ServicerContext) -> None:
        self.b.seen.append((name, request, dict(context.invocation_metadata() or ())))
        if self.b.fail_with:
            await _fail(context, self.b)
        if getattr(request, "offer_id", "o-1") != "o-1":
            await context.abort(grpc.StatusCode.NOT_FOUND, "offer not found")

    async def ListMyOffers(self, request, context):
        await self._mine("ListMyOffers", request, context)
        return offers_pb2.ListMyOffersResponse(offers=[self._offer()])

    async def GetOffer(self, request, context):
        await self._mine("GetOffer", request, context)
        return offers_pb2.GetOfferResponse(offer=self._offer())

    async def ConfirmOffer(self, request, context):
        await self._mine("ConfirmOffer", request, context)
        replayed, self.confirmed = self.confirmed, True
        return offers_pb2.ConfirmOfferResponse(offer=self._offer(), replayed=replayed)

    async def DeclineOffer(self, request, context):
        await self._mine("DeclineOffer", request, context)
        if self.confirmed:
            await context.abort(grpc.StatusCode.FAILED_PRECONDITION, "the offer is confirmed")
        return offers_pb2.DeclineOfferResponse(offer=self._offer())


@asynccontextmanager
async def gateway(
    b: Behaviour, validator: TokenValidator | None = None, **env: str
) -> AsyncIterator[httpx.AsyncClient]:
    """A gateway app over fake services, and an HTTP client of it."""
    server = grpc.aio.server()
    cases_pb2_grpc.add_CasesServicer_to_server(FakeCases(b), server)
    offers_pb2_grpc.add_OffersServicer_to_server(FakeOffers(b), server)
    documents_pb2_grpc.add_DocumentsServicer_to_server(FakeDocuments(b), server)
    identity_pb2_grpc.add_IdentityServicer_to_server(FakeIdentity(b), server)
    notifications_pb2_grpc.add_NotificationsServicer_to_server(FakeNotifications(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    addr = f"127.0.0.1:{port}"
    settings = config.load(
        {
            "ONEWINDOW_IDENTITY_GRPC_ADDR": addr,
            "ONEWINDOW_CASES_GRPC_ADDR": addr,
            "ONEWINDOW_DOCUMENTS_GRPC_ADDR": addr,
            "ONEWINDOW_NOTIFICATIONS_GRPC_ADDR": addr,
            "ONEWINDOW_GATEWAY_RATELIMIT_STORAGE": "async+memory://",
            **env,
        }
    )
    clients = Clients(settings)
    validator = validator or TOKENS.validator()
    app = create_app(
        settings,
        clients=clients,
        validator=validator,
        limiter=Limiter(settings.ratelimit_storage, settings.limits),
    )
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as http:
            yield http
    finally:
        await clients.close()
        await server.stop(0)


def citizen(**claims: Any) -> dict[str, str]:
    """Headers of a citizen with a fresh token."""
    return {"Authorization": f"Bearer {TOKENS.token(person_id='p-1', **claims)}"}


def run(coro: Any) -> Any:
    """Run one async scenario."""
    return asyncio.run(coro)
