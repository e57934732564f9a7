"""The real gRPC server (the kit's asyncio server, port 0, as `serve` runs it) with locally
minted tokens, asking a real documents gRPC server (in-memory store behind the documents
contract); SubmitCase runs on the event loop and writes through its own connection pool."""

import grpc
import pytest
from google.protobuf import struct_pb2

from onewindow.cases.v1 import cases_pb2 as pb
from onewindow.cases.v1 import cases_pb2_grpc
from onewindow.documents.v1 import documents_pb2_grpc
from onewindow_cases.adapters.case_writer import PostgresCaseWriter
from onewindow_cases.adapters.documents import GrpcDocuments
from onewindow_cases.bootstrap import make_outbox
from onewindow_cases.entrypoints.convert import TEXT_LIMITS
from onewindow_cases.entrypoints.grpc_servicer import SERVICE_NAME, register
from onewindow_cases.testing import SAMPLE_FORMS, FakeDocumentsService
from onewindow_kit.grpc_errors import field_violations
from onewindow_kit.grpc_server import AioServerThread, create_server
from onewindow_kit.testing import TokenFactory, bearer

pytestmark = pytest.mark.integration


class RecordingDocuments(FakeDocumentsService):
    """Remembers the authorization header it was called with (token forwarding)."""

    def __init__(self, documents) -> None:
        super().__init__(documents)
        self.seen_auth: list[str] = []  # per instance: each test sees only its own calls

    async def GetDocumentsMetadata(self, request, context):
        meta = dict(context.invocation_metadata())
        self.seen_auth.append(meta.get("authorization", ""))
        return await super().GetDocumentsMetadata(request, context)


@pytest.fixture()
def api(engine, deps, offer_deps, documents):
    recorder = RecordingDocuments(documents)

    def documents_server():
        server = grpc.aio.server()
        documents_pb2_grpc.add_DocumentsServicer_to_server(recorder, server)
        return server, server.add_insecure_port("127.0.0.1:0")

    docs_server = AioServerThread(documents_server).start()
    docs_port = docs_server.port
    deps.documents = GrpcDocuments(f"127.0.0.1:{docs_port}")
    url = engine.url.render_as_string(hide_password=False)
    writer = deps.writer = PostgresCaseWriter(url, make_outbox())  # the server's loop
    tokens = TokenFactory()
    running = AioServerThread(
        lambda: create_server(
            service_name="cases",
            register=register(deps, offer_deps),
            service_names=[SERVICE_NAME],
            authenticator=tokens.authenticator(),
            text_limits=TEXT_LIMITS,
        )
    ).start()
    channel = grpc.insecure_channel(f"127.0.0.1:{running.port}")
    yield cases_pb2_grpc.CasesStub(channel), tokens, recorder
    channel.close()
    running.run(writer.close())
    running.stop()
    docs_server.stop(None)


def form(service_type: str, **changes) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    s.update({**SAMPLE_FORMS[service_type], **changes})
    return s


def test_submit_and_work_a_case_over_grpc(api):
    stub, tokens, recorder = api
    citizen = tokens.token(person_id="P-1", assurance_level="substantial")
    reply = stub.SubmitCase(
        pb.SubmitCaseRequest(
            client_key="grpc-1", service_type="social-security-card",
            form=form("social-security-card"), document_ids=["P-1-household_register"],
        ),
        metadata=bearer(citizen),
    )  # fmt: skip
    case = reply.case
    assert case.case_number.startswith("HRSS-2027-") and case.status == "submitted"
    assert case.status_text["en"] == "Received; waiting to be checked"
    assert case.form["holder_name"] == "Li Xiaoming"
    assert recorder.seen_auth == [f"Bearer {citizen}"]

    clerk = tokens.token(roles=["clerk"], department="psb", office="hall-east")
    with pytest.raises(grpc.RpcError) as denied:
        stub.TransitionCase(
            pb.TransitionCaseRequest(case_id=case.id, expected_version=1, to_status="accepted"),
            metadata=bearer(clerk),
        )
    # hall-east does not serve hrss: the case is not this clerk's to see, answered as if missing
    assert denied.value.code() == grpc.StatusCode.NOT_FOUND
    assert denied.value.details() == "case not found"

    central = tokens.token(roles=["clerk"], department="psb", office="hall-central")
    accepted = stub.TransitionCase(
        pb.TransitionCaseRequest(case_id=case.id, expected_version=1, to_status="accepted"),
        metadata=bearer(central),
    ).case
    assert (accepted.status, accepted.version, accepted.history[-1].actor_office) == (
        "accepted", 2, "hall-central",
    )  # fmt: skip

    hrss = tokens.token(roles=["clerk"], department="hrss", office="hall-central", subject="c-1")
    with pytest.raises(grpc.RpcError) as stale:
        stub.ClaimCase(
            pb.ClaimCaseRequest(case_id=case.id, expected_version=1), metadata=bearer(hrss)
        )
    assert stale.value.code() == grpc.StatusCode.ABORTED
    claimed = stub.ClaimCase(
        pb.ClaimCaseRequest(case_id=case.id, expected_version=2), metadata=bearer(hrss)
    ).case
    assert claimed.assignee == "c-1"
    with pytest.raises(grpc.RpcError) as illegal:
        stub.DecideCase(
            pb.DecideCaseRequest(case_id=case.id, expected_version=3, outcome=pb.OUTCOME_APPROVED),
            metadata=bearer(hrss),
        )
    assert illegal.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "in status 'accepted'" in illegal.value.details()

    mine = stub.ListMyCases(pb.ListMyCasesRequest(), metadata=bearer(citizen))
    assert [c.case_number for c in mine.cases] == [case.case_number]
    queue = stub.ListQueue(pb.ListQueueRequest(assignee="me"), metadata=bearer(hrss))
    assert [c.id for c in queue.cases] == [case.id]


def test_bad_input_is_refused_with_field_violations(api):
    stub, tokens, _ = api
    citizen = tokens.token(person_id="P-1", assurance_level="substantial")
    with pytest.raises(grpc.RpcError) as bad:
        stub.SubmitCase(
            pb.SubmitCaseRequest(
                client_key="grpc-2", service_type="social-security-card",
                form=form("social-security-card", bank="piggy"),
                document_ids=["P-2-household_register"],
            ),
            metadata=bearer(citizen),
        )  # fmt: skip
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert dict(field_violations(bad.value)) == {
        "form.bank": "is not one of ['icbc', 'ccb', 'boc', 'abc', 'bocom']",
        "document_ids[0]": "document 'P-2-household_register' is not owned by the applicant",
        "document_ids": "a document of type 'household_register' is required",
    }
    with pytest.raises(grpc.RpcError) as unknown:
        stub.SubmitCase(
            pb.SubmitCaseRequest(client_key="grpc-3", service_type="passport"),
            metadata=bearer(citizen),
        )
    assert unknown.value.code() == grpc.StatusCode.NOT_FOUND
    low = tokens.token(person_id="P-1", assurance_level="low")
    with pytest.raises(grpc.RpcError) as weak:
        stub.SubmitCase(
            pb.SubmitCaseRequest(
                client_key="grpc-4", service_type="social-security-card",
                form=form("social-security-card"), document_ids=["P-1-household_register"],
            ),
            metadata=bearer(low),
        )  # fmt: skip
    assert weak.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as anonymous:
        stub.ListMyCases(pb.ListMyCasesRequest())
    assert anonymous.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_catalogue_and_bundle_over_grpc(api):
    stub, tokens, _ = api
    citizen = tokens.token(person_id="P-1", assurance_level="substantial")
    catalogue = stub.GetCatalogue(pb.GetCatalogueRequest(), metadata=bearer(citizen))
    assert catalogue.catalogue.state == "published"
    assert len(catalogue.service_types) == 10 and len(catalogue.departments) == 8
    newborn = next(b for b in catalogue.bundles if b.code == "newborn")
    assert list(newborn.required_document_types) == ["resident_id", "household_register"]
    bundle_form = struct_pb2.Struct()
    for st in ("birth-medical-certificate", "newborn-household-registration",
               "newborn-medical-insurance", "social-security-card"):  # fmt: skip
        bundle_form.update(SAMPLE_FORMS[st])
    reply = stub.SubmitBundle(
        pb.SubmitBundleRequest(
            client_key="baby", bundle_type="newborn", form=bundle_form,
            document_ids=["P-1-resident_id", "P-1-household_register"],
        ),
        metadata=bearer(citizen),
    )  # fmt: skip
    assert reply.bundle.bundle_number.startswith("OW-2027-")
    assert [p.clock for p in reply.bundle.parts] == ["running", "waiting", "waiting", "running"]
    assert reply.bundle.status_text["en"] == "In progress: 0 of 4 parts decided"
    again = stub.SubmitBundle(
        pb.SubmitBundleRequest(
            client_key="baby", bundle_type="newborn", form=bundle_form,
            document_ids=["P-1-resident_id", "P-1-household_register"],
        ),
        metadata=bearer(citizen),
    )  # fmt: skip
    assert again.replayed and again.bundle.id == reply.bundle.id


def test_the_overview_over_grpc_lists_open_cases_bundles_and_offers(api):
    stub, tokens, _ = api
    citizen = tokens.token(person_id="P-1", assurance_level="substantial")
    filed = [
        stub.SubmitCase(
            pb.SubmitCaseRequest(
                client_key=f"overview-{n}", service_type="social-security-card",
                form=form("social-security-card"), document_ids=["P-1-household_register"],
            ),
            metadata=bearer(citizen),
        ).case.id
        for n in range(3)
    ]  # fmt: skip
    seen = stub.GetMyOverview(pb.GetMyOverviewRequest(cases_page_size=2), metadata=bearer(citizen))
    listed = stub.ListMyCases(
        pb.ListMyCasesRequest(open_only=True, page_size=2), metadata=bearer(citizen)
    )
    assert [c.id for c in seen.open_cases] == [c.id for c in listed.cases]
    rest = stub.ListMyCases(
        pb.ListMyCasesRequest(open_only=True, page_token=seen.open_cases_next_page_token),
        metadata=bearer(citizen),
    )
    assert sorted(c.id for c in [*seen.open_cases, *rest.cases]) == sorted(filed)
    assert (list(seen.open_bundles), list(seen.open_offers)) == ([], [])
    stranger = tokens.token(person_id="P-2", assurance_level="substantial")
    empty = stub.GetMyOverview(pb.GetMyOverviewRequest(), metadata=bearer(stranger))
    assert (list(empty.open_cases), empty.open_cases_next_page_token) == ([], "")
    with pytest.raises(grpc.RpcError) as bad:
        stub.GetMyOverview(pb.GetMyOverviewRequest(offers_page_size=201), metadata=bearer(citizen))
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert dict(field_violations(bad.value)) == {
        "offers_page_size": "must be between 0 (the default) and 200"
    }
    clerk = tokens.token(roles=["clerk"], department="hrss", office="hall-central")
    with pytest.raises(grpc.RpcError) as denied:
        stub.GetMyOverview(pb.GetMyOverviewRequest(), metadata=bearer(clerk))
    assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_submit_on_the_event_loop_is_atomic_and_idempotent(api, rows, outbox):
    stub, tokens, _ = api
    citizen = tokens.token(person_id="P-1", assurance_level="substantial")
    request = pb.SubmitCaseRequest(
        client_key="loop-1", service_type="social-security-card",
        form=form("social-security-card"), document_ids=["P-1-household_register"],
    )  # fmt: skip
    first = stub.SubmitCase(request, metadata=bearer(citizen))
    again = stub.SubmitCase(request, metadata=bearer(citizen))
    assert not first.replayed and again.replayed
    assert (again.case.id, again.case.case_number) == (first.case.id, first.case.case_number)
    assert rows("cases") == 1 and rows("case_history") == 1
    assert outbox.names() == ["case_submitted"]  # one event, written with the case

    other = pb.SubmitCaseRequest()
    other.CopyFrom(request)
    other.external_reference = "something else"
    with pytest.raises(grpc.RpcError) as reused:
        stub.SubmitCase(other, metadata=bearer(citizen))
    assert reused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert dict(field_violations(reused.value)) == {
        "client_key": "was already used for a different application"
    }
    second = stub.SubmitCase(
        pb.SubmitCaseRequest(
            client_key="loop-2", service_type="social-security-card",
            form=form("social-security-card"), document_ids=["P-1-household_register"],
        ),
        metadata=bearer(citizen),
    )  # fmt: skip
    assert second.case.case_number != first.case.case_number
    assert rows("cases") == 2 and outbox.names() == ["case_submitted"] * 2


def test_refused_submissions_on_the_event_loop_write_nothing(api, rows, outbox):
    stub, tokens, _ = api
    citizen = tokens.token(person_id="P-1", assurance_level="substantial")
    with pytest.raises(grpc.RpcError) as bad:
        stub.SubmitCase(
            pb.SubmitCaseRequest(
                client_key="loop-3", service_type="social-security-card",
                form=form("social-security-card", bank="piggy"),
                document_ids=["P-2-household_register"],
            ),
            metadata=bearer(citizen),
        )  # fmt: skip
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert rows("cases") == 0 and rows("idempotency_keys") == 0
    assert outbox.names() == []


def test_an_unreachable_database_is_unavailable_and_nothing_is_filed():
    import asyncio

    from onewindow_kit.errors import Unavailable

    writer = PostgresCaseWriter(
        "postgresql+psycopg://nobody:x@127.0.0.1:1/none", make_outbox(), timeout_s=1
    )

    async def take() -> None:
        try:
            await writer.next_number("hrss", 2027)
        finally:
            await writer.close()

    with pytest.raises(Unavailable, match="nothing was filed"):
        asyncio.run(take())
