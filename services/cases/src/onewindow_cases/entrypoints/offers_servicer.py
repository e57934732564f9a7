"""The gRPC servicer of onewindow.cases.v1.Offers (offers.proto): protobuf ↔ the offer
handlers. ConfirmOffer files through the asyncio submit path; the rest run in the thread pool."""

from __future__ import annotations

from collections.abc import Callable

import grpc

from onewindow.cases.v1 import offers_pb2 as pb
from onewindow.cases.v1 import offers_pb2_grpc
from onewindow_cases.domain.offer import Offer
from onewindow_cases.entrypoints.convert import from_struct, struct
from onewindow_cases.service_layer import offers
from onewindow_cases.service_layer.offer_ports import OfferServices
from onewindow_kit.principal import current_principal
from onewindow_kit.proto_time import ts

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["Offers"].full_name
_STATES = {
    "offered": pb.OFFER_STATE_OFFERED,
    "confirmed": pb.OFFER_STATE_CONFIRMED,
    "declined": pb.OFFER_STATE_DECLINED,
    "expired": pb.OFFER_STATE_EXPIRED,
}


def offer(o: Offer) -> pb.Offer:
    """An offer as protobuf."""
    return pb.Offer(
        id=o.id, rule=o.rule, person_id=o.person_id, state=_STATES[o.state],
        service_type=o.service_type, bundle_type=o.bundle_type, title=o.title,
        prefill=struct(o.prefill), documents=o.documents, person_fields=list(o.person_fields),
        missing_fields=o.missing_fields, missing_document_types=o.missing_documents,
        trigger_event=o.trigger_event, trigger_case_id=o.trigger_case_id,
        offered_at=ts(o.offered_at), expires_at=ts(o.expires_at), decided_at=ts(o.decided_at),
        case_id=o.case_id, case_number=o.case_number, bundle_id=o.bundle_id,
        catalogue_version=o.catalogue_version, version=o.version,
    )  # fmt: skip


class OffersServicer(offers_pb2_grpc.OffersServicer):
    """Thin: every rule is in service_layer/offers.py."""

    def __init__(self, deps: OfferServices) -> None:
        self.deps = deps

    def ListMyOffers(
        self, request: pb.ListMyOffersRequest, context: grpc.ServicerContext
    ) -> pb.ListMyOffersResponse:
        found = offers.list_my_offers(
            self.deps, current_principal(), open_only=request.open_only,
            page_size=request.page_size,
        )  # fmt: skip
        return pb.ListMyOffersResponse(offers=[offer(o) for o in found])

    def GetOffer(
        self, request: pb.GetOfferRequest, context: grpc.ServicerContext
    ) -> pb.GetOfferResponse:
        return pb.GetOfferResponse(
            offer=offer(offers.get_offer(self.deps, current_principal(), request.offer_id))
        )

    async def ConfirmOffer(
        self, request: pb.ConfirmOfferRequest, context: grpc.aio.ServicerContext
    ) -> pb.ConfirmOfferResponse:
        cmd = offers.ConfirmOffer(
            offer_id=request.offer_id, form=from_struct(request.form),
            document_ids=list(request.document_ids), delivery_office=request.delivery_office,
        )  # fmt: skip
        confirmed, replayed = await offers.confirm_offer(self.deps, current_principal(), cmd)
        return pb.ConfirmOfferResponse(offer=offer(confirmed), replayed=replayed)

    def DeclineOffer(
        self, request: pb.DeclineOfferRequest, context: grpc.ServicerContext
    ) -> pb.DeclineOfferResponse:
        declined = offers.decline_offer(
            self.deps, current_principal(), request.offer_id, request.reason
        )
        return pb.DeclineOfferResponse(offer=offer(declined))


def register_offers(deps: OfferServices) -> Callable[[grpc.aio.Server], None]:
    """A ``register(server)`` adding the Offers service."""

    def _register(server: grpc.aio.Server) -> None:
        offers_pb2_grpc.add_OffersServicer_to_server(OffersServicer(deps), server)

    return _register
