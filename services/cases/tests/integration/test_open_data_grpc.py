"""GetOpenDataStatistics over the real gRPC server on PostgreSQL: a month where one service had
3 cases (suppressed; the department's total would give it back, so the department's other
service with 6 cases is hidden too), the gateway's own account allowed (public figures), a bad
month INVALID_ARGUMENT naming the field."""

from __future__ import annotations

import grpc
import pytest
from cases_support import on_loop
from sqlalchemy.orm import Session

from onewindow.cases.v1 import cases_pb2 as pb
from onewindow.cases.v1 import cases_pb2_grpc
from onewindow_cases.adapters.tables import SCHEMA
from onewindow_cases.entrypoints.consumers import statistics_handler
from onewindow_cases.entrypoints.convert import TEXT_LIMITS
from onewindow_cases.entrypoints.grpc_servicer import SERVICE_NAME, register
from onewindow_cases.service_layer import submission
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.testing import SAMPLE_FORMS, citizen
from onewindow_kit.grpc_errors import field_violations
from onewindow_kit.grpc_server import AioServerThread, create_server
from onewindow_kit.testing import TokenFactory, bearer

pytestmark = pytest.mark.integration
FEW = "provident-fund-withdrawal"  # hrss: 3 cases this month
MANY = "social-security-card"  # hrss too: 6 cases


@pytest.fixture()
def stub(deps, offer_deps):
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
    yield cases_pb2_grpc.CasesStub(channel), tokens
    channel.close()
    running.stop()


def file(deps, code: str, key: str) -> None:
    docs = ["P-1-resident_id", "P-1-household_register"]
    app = Application(key, code, 0, dict(SAMPLE_FORMS[code]), docs)
    on_loop(submission.submit_case)(deps, citizen("P-1"), app)


def test_open_data_suppresses_a_service_with_3_cases_over_grpc(engine, deps, outbox, stub):
    api, tokens = stub
    department_of = {
        st.code: st.department for st in deps.catalogues.published().service_types.values()
    }
    for i in range(3):
        file(deps, FEW, f"few-{i}")
    for i in range(6):
        file(deps, MANY, f"many-{i}")
    handle = statistics_handler(
        lambda: deps.catalogues.published().calendar, SCHEMA, "Asia/Shanghai"
    )
    with Session(engine) as session, session.begin():
        handle(session, outbox.envelopes())

    gateway = bearer(tokens.token(subject="service-account-onewindow-gateway", roles=["gateway"]))
    reply = api.GetOpenDataStatistics(
        pb.GetOpenDataStatisticsRequest(month="2027-03"), metadata=gateway
    )
    assert (reply.month, reply.k, reply.complete) == ("2027-03", 5, False)
    rows = {(r.department, r.service_type): r for r in reply.rows}
    few = rows[(department_of[FEW], FEW)]
    assert few.received.suppressed and few.received.value == 0  # 3: never the number
    many = rows[(department_of[MANY], MANY)]
    assert many.received.suppressed  # else 9 - 6 = 3
    assert many.closed.value == 0 and not many.closed.suppressed  # zeros are published
    assert many.median_handling_working_days.empty
    assert rows[("hrss", "")].received.value == 9 == rows[("", "")].received.value
    assert rows[("civil", "marriage-registration")].received.value == 0  # idle: a published 0

    citizen_token = bearer(tokens.token(person_id="P-1"))
    with pytest.raises(grpc.RpcError) as refused:
        api.GetOpenDataStatistics(
            pb.GetOpenDataStatisticsRequest(month="2027-3"), metadata=citizen_token
        )
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in field_violations(refused.value)] == ["month"]
