"""ClaimCase and AssignCase tell the bus who handles a case now: case_assigned is written to the
outbox in the transaction that changes the assignee, and the relay publishes it to Kafka."""

import uuid

import pytest
from cases_support import on_loop
from kafka import KafkaAdminClient, KafkaConsumer
from kafka.admin import NewTopic
from sqlalchemy import text

from onewindow.cases.v1 import events_pb2 as ev
from onewindow.events.v1 import envelope_pb2
from onewindow_cases.adapters.tables import SCHEMA, SOURCE
from onewindow_cases.bootstrap import build_services
from onewindow_cases.config import load_settings
from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import submission, work
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.testing import SAMPLE_FORMS, citizen, staff
from onewindow_kit.errors import FailedPrecondition, PermissionDenied
from onewindow_kit.outbox import Outbox
from onewindow_kit.relay import OutboxRelay
from onewindow_kit.settings import load_common

pytestmark = pytest.mark.integration
SERVICE = "provident-fund-withdrawal"  # hrss; the central hall serves it


def submit(deps):
    app = Application(
        client_key=str(uuid.uuid4()), code=SERVICE, catalogue_version=0,
        form=dict(SAMPLE_FORMS[SERVICE]), document_ids=["P-1-resident_id"],
    )  # fmt: skip
    return on_loop(submission.submit_case)(deps, citizen("P-1"), app).case


def test_claim_and_assignment_write_case_assigned_with_the_change(deps, outbox):
    case = submit(deps)
    clerk = staff("hrss", "hall-central", "clerk", subject="clerk-7")
    case = work.claim_case(deps, clerk, c.ClaimCase(case.id, case.version)).case
    boss = staff("hrss", "hall-central", "supervisor", subject="boss-1")
    case = work.assign_case(
        deps, boss, c.AssignCase(case.id, case.version, "clerk-9", "holiday cover")
    ).case

    claimed, reassigned = outbox.payloads("case_assigned", ev.CaseAssigned)
    assert (claimed.assignee, claimed.assigned_by, claimed.previous_assignee, claimed.action) == (
        "clerk-7",
        "clerk-7",
        "",
        "claimed",
    )
    assert (claimed.case_id, claimed.applicant_id, claimed.responsible_department) == (
        case.id, "P-1", "hrss",
    )  # fmt: skip
    assert (reassigned.assignee, reassigned.assigned_by, reassigned.previous_assignee) == (
        "clerk-9", "boss-1", "clerk-7",
    )  # fmt: skip
    assert (reassigned.action, reassigned.reason, reassigned.version) == (
        "reassigned", "holiday cover", case.version,
    )  # fmt: skip
    actors = [e.actor.subject for e in outbox.envelopes() if e.type.endswith("case_assigned.v1")]
    assert actors == ["clerk-7", "boss-1"]


def test_refused_claim_or_assignment_writes_no_event(deps, outbox):
    case = submit(deps)
    clerk = staff("hrss", "hall-central", "clerk", subject="clerk-7")
    case = work.claim_case(deps, clerk, c.ClaimCase(case.id, case.version)).case
    with pytest.raises(FailedPrecondition, match="already yours"):
        work.claim_case(deps, clerk, c.ClaimCase(case.id, case.version))
    with pytest.raises(PermissionDenied):  # only supervisors assign
        work.assign_case(deps, clerk, c.AssignCase(case.id, case.version, "clerk-9", ""))
    assert outbox.names(case.id) == ["case_submitted", "case_assigned"]


@pytest.fixture()
def topic():
    bootstrap = load_common("cases", test=True).kafka_bootstrap
    name = f"test.cases.{uuid.uuid4().hex[:10]}"
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    admin.create_topics([NewTopic(name, 1, 1)])
    yield bootstrap, name
    admin.delete_topics([name])
    admin.close()


def read_all(bootstrap: str, topic: str) -> list[envelope_pb2.EventEnvelope]:
    consumer = KafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest",
        enable_auto_commit=False, consumer_timeout_ms=4000,
    )  # fmt: skip
    out = []
    for record in consumer:  # reads until the topic has been quiet for 4 s
        env = envelope_pb2.EventEnvelope()
        env.ParseFromString(record.value)
        out.append(env)
    consumer.close()
    return out


def test_case_assigned_is_relayed_to_kafka(engine, deps, documents, clock, topic):
    bootstrap, name = topic
    case = submit(deps)
    with engine.begin() as conn:  # only the assignment's event is this test's business
        conn.execute(text(f'UPDATE "{SCHEMA}".outbox SET published_at = now()'))
    outbox = Outbox(source=SOURCE, schema=SCHEMA, topic=name)
    deps = build_services(
        engine, load_settings({}), documents=documents, clock=clock, outbox=outbox
    )
    boss = staff("hrss", "hall-central", "supervisor", subject="boss-1")
    work.assign_case(deps, boss, c.AssignCase(case.id, case.version, "clerk-9", ""))

    relay = OutboxRelay(engine=engine, schema=SCHEMA, bootstrap=bootstrap)
    published = 0
    while n := relay.relay_once():
        published += n
    relay.close()
    assert published == 1
    on_kafka = read_all(bootstrap, name)
    assert [(e.type, e.subject) for e in on_kafka] == [
        ("onewindow.cases.case_assigned.v1", case.id)
    ]
    assigned = ev.CaseAssigned()
    on_kafka[0].payload.Unpack(assigned)
    assert (assigned.assignee, assigned.assigned_by, assigned.action) == (
        "clerk-9", "boss-1", "assigned",
    )  # fmt: skip
