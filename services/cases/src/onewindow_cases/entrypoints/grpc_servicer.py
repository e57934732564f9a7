"""The gRPC servicer of onewindow.cases.v1.Cases: protobuf ↔ handler calls, nothing else.
Errors are domain errors; the kit's interceptor maps them to status codes in one place."""

from __future__ import annotations

from collections.abc import Callable

import grpc

from onewindow.cases.v1 import cases_pb2 as pb
from onewindow.cases.v1 import cases_pb2_grpc
from onewindow_cases.domain.statistics import parse_query
from onewindow_cases.entrypoints import convert
from onewindow_cases.entrypoints.offers_servicer import offer
from onewindow_cases.entrypoints.open_data_rpcs import OpenDataRpcs
from onewindow_cases.service_layer import catalogue as cat
from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import decisions, overview, queries, ratings, submission, work
from onewindow_cases.service_layer import statistics as stats
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.service_layer.offer_ports import OfferServices
from onewindow_cases.service_layer.ports import Services
from onewindow_kit.principal import current_principal

Ctx = grpc.ServicerContext
AioCtx = grpc.aio.ServicerContext


def _application(request: pb.SubmitCaseRequest | pb.SubmitBundleRequest, code: str) -> Application:
    return Application(
        client_key=request.client_key,
        code=code,
        catalogue_version=request.catalogue_version,
        form=convert.from_struct(request.form),
        document_ids=list(request.document_ids),
        applicant_id=request.applicant_id,
        identity_verified_in_person=request.identity_verified_in_person,
        delivery_office=request.delivery_office,
        external_reference=request.external_reference,
    )


class CatalogueRpcs:
    """Catalogue administration and reads."""

    deps: Services

    def LoadCatalogue(
        self, request: pb.LoadCatalogueRequest, context: Ctx
    ) -> pb.LoadCatalogueResponse:
        row = cat.load_catalogue(self.deps, current_principal(), request.source_yaml, request.label)
        return pb.LoadCatalogueResponse(catalogue=convert.catalogue_version(row))

    def PublishCatalogue(
        self, request: pb.PublishCatalogueRequest, context: Ctx
    ) -> pb.PublishCatalogueResponse:
        row = cat.publish_catalogue(self.deps, current_principal(), request.version)
        return pb.PublishCatalogueResponse(catalogue=convert.catalogue_version(row))

    def ListCatalogueVersions(
        self, request: pb.ListCatalogueVersionsRequest, context: Ctx
    ) -> pb.ListCatalogueVersionsResponse:
        rows = cat.list_catalogue_versions(self.deps, current_principal())
        return pb.ListCatalogueVersionsResponse(
            versions=[convert.catalogue_version(r) for r in rows]
        )

    def GetCatalogue(
        self, request: pb.GetCatalogueRequest, context: Ctx
    ) -> pb.GetCatalogueResponse:
        current_principal(allow_gateway=True)  # authenticated callers, the gateway too
        row, catalogue = cat.get_catalogue(self.deps, request.version)
        return convert.catalogue(row, catalogue)


class ApplicationRpcs:
    """Submissions and the applicant's reads."""

    deps: Services
    offers: OfferServices  # the overview lists open offers too

    # Submissions and supplements await the documents service and the writer on the event loop
    # of the asyncio server (no thread held while they answer).
    async def SubmitCase(
        self, request: pb.SubmitCaseRequest, context: AioCtx
    ) -> pb.SubmitCaseResponse:
        view = await submission.submit_case(
            self.deps, current_principal(), _application(request, request.service_type)
        )
        return pb.SubmitCaseResponse(case=convert.case(view), replayed=view.replayed)

    async def SubmitBundle(
        self, request: pb.SubmitBundleRequest, context: AioCtx
    ) -> pb.SubmitBundleResponse:
        view = await submission.submit_bundle(
            self.deps, current_principal(), _application(request, request.bundle_type)
        )
        return pb.SubmitBundleResponse(bundle=convert.bundle(view), replayed=view.replayed)

    def GetCase(self, request: pb.GetCaseRequest, context: Ctx) -> pb.GetCaseResponse:
        view = queries.get_case(
            self.deps, current_principal(), request.case_id, request.case_number, request.purpose
        )
        return pb.GetCaseResponse(case=convert.case(view))

    def GetBundle(self, request: pb.GetBundleRequest, context: Ctx) -> pb.GetBundleResponse:
        view = queries.get_bundle(self.deps, current_principal(), request.bundle_id)
        return pb.GetBundleResponse(bundle=convert.bundle(view))

    def ListMyCases(self, request: pb.ListMyCasesRequest, context: Ctx) -> pb.ListMyCasesResponse:
        page = queries.list_my_cases(
            self.deps, current_principal(), request.page_size, request.page_token,
            request.open_only,
        )  # fmt: skip
        return pb.ListMyCasesResponse(
            cases=[convert.summary(s) for s in page.items], next_page_token=page.next_page_token
        )

    def ListMyBundles(
        self, request: pb.ListMyBundlesRequest, context: Ctx
    ) -> pb.ListMyBundlesResponse:
        page = queries.list_my_bundles(
            self.deps, current_principal(), request.page_size, request.page_token
        )
        return pb.ListMyBundlesResponse(
            bundles=[convert.bundle(b) for b in page.items], next_page_token=page.next_page_token
        )

    def GetMyOverview(
        self, request: pb.GetMyOverviewRequest, context: Ctx
    ) -> pb.GetMyOverviewResponse:
        sizes = overview.OverviewSizes(
            request.cases_page_size, request.bundles_page_size, request.offers_page_size
        )
        found = overview.my_overview(self.offers, current_principal(), sizes)
        return pb.GetMyOverviewResponse(
            open_cases=[convert.summary(s) for s in found.open_cases.items],
            open_cases_next_page_token=found.open_cases.next_page_token,
            open_bundles=[convert.bundle(b) for b in found.open_bundles],
            open_offers=[offer(o) for o in found.open_offers],
        )

    def WithdrawCase(
        self, request: pb.WithdrawCaseRequest, context: Ctx
    ) -> pb.WithdrawCaseResponse:
        view = decisions.withdraw_case(
            self.deps,
            current_principal(),
            c.WithdrawCase(request.case_id, request.expected_version, request.reason),
        )
        return pb.WithdrawCaseResponse(case=convert.case(view))

    async def ProvideSupplement(
        self, request: pb.ProvideSupplementRequest, context: AioCtx
    ) -> pb.ProvideSupplementResponse:
        view = await work.provide_supplement(
            self.deps,
            current_principal(),
            c.ProvideSupplement(
                request.case_id,
                request.expected_version,
                list(request.document_ids),
                convert.from_struct(request.form_changes, "form_changes"),
            ),
        )
        return pb.ProvideSupplementResponse(case=convert.case(view))

    def RateCase(self, request: pb.RateCaseRequest, context: Ctx) -> pb.RateCaseResponse:
        row = ratings.rate_case(
            self.deps,
            current_principal(),
            c.RateCase(request.case_id, request.score, request.comment, int(request.level)),
        )
        return pb.RateCaseResponse(rating=convert.rating(row))

    def ListCaseAccessLog(
        self, request: pb.ListCaseAccessLogRequest, context: Ctx
    ) -> pb.ListCaseAccessLogResponse:
        page = queries.list_access_log(
            self.deps, current_principal(), request.case_id, request.page_size,
            request.page_token,
        )  # fmt: skip
        return pb.ListCaseAccessLogResponse(
            entries=[convert.access_entry(r) for r in page.items],
            next_page_token=page.next_page_token,
            records=[convert.access_record(r) for r in page.items],
        )


class StaffRpcs:
    """Queues, search, and moving cases along."""

    deps: Services

    def ListQueue(self, request: pb.ListQueueRequest, context: Ctx) -> pb.ListQueueResponse:
        query = queries.QueueQuery(
            list(request.statuses), list(request.service_types), request.receiving_office,
            request.due_on_or_before, request.assignee, request.page_size, request.page_token,
        )  # fmt: skip
        page = queries.list_queue(self.deps, current_principal(), query)
        return pb.ListQueueResponse(
            cases=[convert.summary(s) for s in page.items], next_page_token=page.next_page_token
        )

    def SearchCases(self, request: pb.SearchCasesRequest, context: Ctx) -> pb.SearchCasesResponse:
        terms = {
            "case_number": request.case_number,
            "applicant_id": request.applicant_id,
            "external_reference": request.external_reference,
        }
        page = queries.search_cases(
            self.deps, current_principal(), terms, request.purpose, request.page_size,
            request.page_token,
        )  # fmt: skip
        return pb.SearchCasesResponse(
            cases=[convert.summary(s) for s in page.items], next_page_token=page.next_page_token
        )

    def ClaimCase(self, request: pb.ClaimCaseRequest, context: Ctx) -> pb.ClaimCaseResponse:
        view = work.claim_case(
            self.deps, current_principal(), c.ClaimCase(request.case_id, request.expected_version)
        )
        return pb.ClaimCaseResponse(case=convert.case(view))

    def AssignCase(self, request: pb.AssignCaseRequest, context: Ctx) -> pb.AssignCaseResponse:
        view = work.assign_case(
            self.deps,
            current_principal(),
            c.AssignCase(
                request.case_id, request.expected_version, request.assignee, request.reason
            ),
        )
        return pb.AssignCaseResponse(case=convert.case(view))

    def TransitionCase(
        self, request: pb.TransitionCaseRequest, context: Ctx
    ) -> pb.TransitionCaseResponse:
        view = work.transition_case(
            self.deps,
            current_principal(),
            c.TransitionCase(
                request.case_id, request.expected_version, request.to_status, request.reason
            ),
        )
        return pb.TransitionCaseResponse(case=convert.case(view))

    def RequestSupplement(
        self, request: pb.RequestSupplementRequest, context: Ctx
    ) -> pb.RequestSupplementResponse:
        view = work.request_supplement(
            self.deps,
            current_principal(),
            c.RequestSupplement(
                request.case_id,
                request.expected_version,
                request.reason,
                list(request.requested_document_types),
            ),
        )
        return pb.RequestSupplementResponse(case=convert.case(view))

    def ExtendDeadline(
        self, request: pb.ExtendDeadlineRequest, context: Ctx
    ) -> pb.ExtendDeadlineResponse:
        view = work.extend_deadline(
            self.deps,
            current_principal(),
            c.ExtendDeadline(
                request.case_id, request.expected_version, request.working_days, request.reason
            ),
        )
        return pb.ExtendDeadlineResponse(case=convert.case(view))

    def DecideCase(self, request: pb.DecideCaseRequest, context: Ctx) -> pb.DecideCaseResponse:
        view = decisions.decide_case(
            self.deps,
            current_principal(),
            c.DecideCase(
                request.case_id,
                request.expected_version,
                convert.outcome(request.outcome),
                request.reason,
            ),
        )
        return pb.DecideCaseResponse(case=convert.case(view))

    def AnnulDecision(
        self, request: pb.AnnulDecisionRequest, context: Ctx
    ) -> pb.AnnulDecisionResponse:
        view = decisions.annul_decision(
            self.deps,
            current_principal(),
            c.AnnulDecision(request.case_id, request.expected_version, request.reason),
        )
        return pb.AnnulDecisionResponse(case=convert.case(view))

    def CloseCase(self, request: pb.CloseCaseRequest, context: Ctx) -> pb.CloseCaseResponse:
        view = decisions.close_case(
            self.deps,
            current_principal(),
            c.CloseCase(request.case_id, request.expected_version, request.reason),
        )
        return pb.CloseCaseResponse(case=convert.case(view))


class RatingRpcs:
    """Aggregates and follow-up tasks."""

    deps: Services

    def GetRatingSummary(
        self, request: pb.GetRatingSummaryRequest, context: Ctx
    ) -> pb.GetRatingSummaryResponse:
        rows = ratings.rating_summary(
            self.deps, current_principal(), request.group_by, request.department
        )
        return pb.GetRatingSummaryResponse(rows=[convert.aggregate(r) for r in rows])

    def ListFollowUpTasks(
        self, request: pb.ListFollowUpTasksRequest, context: Ctx
    ) -> pb.ListFollowUpTasksResponse:
        page = ratings.list_follow_ups(
            self.deps, current_principal(), request.open_only, request.page_size,
            request.page_token,
        )  # fmt: skip
        return pb.ListFollowUpTasksResponse(
            tasks=[convert.follow_up(r) for r in page.items], next_page_token=page.next_page_token
        )

    def CompleteFollowUpTask(
        self, request: pb.CompleteFollowUpTaskRequest, context: Ctx
    ) -> pb.CompleteFollowUpTaskResponse:
        row = ratings.complete_follow_up(
            self.deps,
            current_principal(),
            c.CompleteFollowUpTask(request.task_id, request.resolution),
        )
        return pb.CompleteFollowUpTaskResponse(task=convert.follow_up(row))


class StatisticsRpcs:
    """Transfers and the handling statistics."""

    deps: Services

    def TransferCase(
        self, request: pb.TransferCaseRequest, context: Ctx
    ) -> pb.TransferCaseResponse:
        view = work.transfer_case(
            self.deps,
            current_principal(),
            c.TransferCase(
                request.case_id, request.expected_version, request.to_department, request.reason
            ),
        )
        return pb.TransferCaseResponse(case=convert.case(view))

    def GetStatistics(
        self, request: pb.GetStatisticsRequest, context: Ctx
    ) -> pb.GetStatisticsResponse:
        query = parse_query(
            request.date_from, request.date_to, request.group_by, request.department.strip(),
            request.service_type.strip(), request.office.strip(),
        )  # fmt: skip
        rows = stats.get_statistics(self.deps, current_principal(), query)
        return pb.GetStatisticsResponse(rows=[convert.statistics_row(k, v) for k, v in rows])

    def GetLiveBacklog(
        self, request: pb.GetLiveBacklogRequest, context: Ctx
    ) -> pb.GetLiveBacklogResponse:
        day, rows = stats.get_live_backlog(
            self.deps, current_principal(), request.department.strip(), request.office
        )
        return pb.GetLiveBacklogResponse(
            as_of=day.isoformat(), rows=[convert.backlog_row(r) for r in rows]
        )


class CasesServicer(
    CatalogueRpcs,
    ApplicationRpcs,
    StaffRpcs,
    RatingRpcs,
    StatisticsRpcs,
    OpenDataRpcs,
    cases_pb2_grpc.CasesServicer,
):
    """onewindow.cases.v1.Cases."""

    def __init__(self, deps: Services, offers: OfferServices) -> None:
        self.deps = deps
        self.offers = offers


SERVICE_NAME = "onewindow.cases.v1.Cases"


def register(deps: Services, offers: OfferServices) -> Callable[[grpc.aio.Server], None]:
    """A ``register(server)`` for the kit's create_aio_server (submissions are ``async def``)."""

    def _register(server: grpc.aio.Server) -> None:
        cases_pb2_grpc.add_CasesServicer_to_server(CasesServicer(deps, offers), server)

    return _register
