"""The Notifications gRPC servicer: protobuf → handler → protobuf, nothing else.

Authentication (and the x-acting-for mandate check), error mapping and logging come from the
kit's server interceptor."""

from __future__ import annotations

from datetime import UTC

import grpc

from onewindow.notifications.v1 import notifications_pb2 as pb
from onewindow.notifications.v1 import notifications_pb2_grpc
from onewindow_kit.principal import current_principal
from onewindow_notifications.entrypoints import convert
from onewindow_notifications.service_layer import reads, subscriptions
from onewindow_notifications.service_layer.ports import Services

Ctx = grpc.ServicerContext


class NotificationsServicer(notifications_pb2_grpc.NotificationsServicer):
    """onewindow.notifications.v1.Notifications."""

    def __init__(self, svc: Services) -> None:
        self.svc = svc

    def _mandatory(self) -> list[str]:
        return self.svc.catalogue.rules.mandatory_categories()

    def ListInbox(self, request: pb.ListInboxRequest, context: Ctx) -> pb.ListInboxResponse:
        rows, token = reads.list_inbox(
            self.svc, current_principal(), size=request.page_size,
            token=request.page_token, unread_only=request.unread_only,
        )  # fmt: skip
        return pb.ListInboxResponse(
            notices=[convert.notice(r) for r in rows], next_page_token=token
        )

    def GetNotice(self, request: pb.GetNoticeRequest, context: Ctx) -> pb.GetNoticeResponse:
        row = reads.get_notice(self.svc, current_principal(), request.notice_id.strip())
        return pb.GetNoticeResponse(notice=convert.notice(row))

    def MarkRead(self, request: pb.MarkReadRequest, context: Ctx) -> pb.MarkReadResponse:
        ids = [i.strip() for i in request.notice_ids]
        return pb.MarkReadResponse(marked=reads.mark_read(self.svc, current_principal(), ids))

    def UnreadCount(self, request: pb.UnreadCountRequest, context: Ctx) -> pb.UnreadCountResponse:
        return pb.UnreadCountResponse(unread=reads.unread_count(self.svc, current_principal()))

    def GetPreferences(
        self, request: pb.GetPreferencesRequest, context: Ctx
    ) -> pb.GetPreferencesResponse:
        prefs = reads.get_preferences(self.svc, current_principal())
        return pb.GetPreferencesResponse(preferences=convert.preferences(prefs, self._mandatory()))

    def UpdatePreferences(
        self, request: pb.UpdatePreferencesRequest, context: Ctx
    ) -> pb.UpdatePreferencesResponse:
        prefs = reads.update_preferences(
            self.svc, current_principal(), language=request.language.strip(),
            categories=[(c.category, list(c.channels)) for c in request.categories],
        )  # fmt: skip
        return pb.UpdatePreferencesResponse(
            preferences=convert.preferences(prefs, self._mandatory())
        )

    def CreateSubscription(
        self, request: pb.CreateSubscriptionRequest, context: Ctx
    ) -> pb.CreateSubscriptionResponse:
        sub, secret = subscriptions.create(
            self.svc, current_principal(), url=request.url.strip(),
            event_types=[e.strip() for e in request.event_types],
            service_type=request.filter.service_type.strip(),
            case_id=request.filter.case_id.strip(), secret=request.secret.strip(),
        )  # fmt: skip
        return pb.CreateSubscriptionResponse(subscription=convert.subscription(sub), secret=secret)

    def ListSubscriptions(
        self, request: pb.ListSubscriptionsRequest, context: Ctx
    ) -> pb.ListSubscriptionsResponse:
        subs = subscriptions.list_all(self.svc, current_principal())
        return pb.ListSubscriptionsResponse(subscriptions=[convert.subscription(s) for s in subs])

    def DisableSubscription(
        self, request: pb.DisableSubscriptionRequest, context: Ctx
    ) -> pb.DisableSubscriptionResponse:
        sub = subscriptions.disable(self.svc, current_principal(), request.subscription_id.strip())
        return pb.DisableSubscriptionResponse(subscription=convert.subscription(sub))

    def RotateSubscriptionSecret(
        self, request: pb.RotateSubscriptionSecretRequest, context: Ctx
    ) -> pb.RotateSubscriptionSecretResponse:
        sub, secret = subscriptions.rotate(
            self.svc, current_principal(), request.subscription_id.strip()
        )
        return pb.RotateSubscriptionSecretResponse(
            subscription=convert.subscription(sub), secret=secret
        )

    def ReplaySubscription(
        self, request: pb.ReplaySubscriptionRequest, context: Ctx
    ) -> pb.ReplaySubscriptionResponse:
        since = request.since.ToDatetime(tzinfo=UTC) if request.HasField("since") else None
        count = subscriptions.replay(
            self.svc, current_principal(), request.subscription_id.strip(), since
        )
        return pb.ReplaySubscriptionResponse(scheduled=count)

    def ListDeliveries(
        self, request: pb.ListDeliveriesRequest, context: Ctx
    ) -> pb.ListDeliveriesResponse:
        rows, token = reads.list_deliveries(
            self.svc, current_principal(), request.case_id.strip(),
            size=request.page_size, token=request.page_token,
        )  # fmt: skip
        return pb.ListDeliveriesResponse(
            deliveries=[convert.delivery(r) for r in rows], next_page_token=token
        )
