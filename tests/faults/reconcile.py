"""After a scenario: per accepted submission, exactly one case, exactly one distinct
case_submitted event id on Kafka, exactly one receipt notice per recipient, one delivery per
notice and channel, and one distinct Message-ID in Mailpit per e-mailed receipt. Counts are
printed; lost and duplicated must both be 0."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

import httpx
from kafka import KafkaConsumer, TopicPartition
from load import Outcome
from sqlalchemy import text
from stack import KAFKA, MAILPIT, engine_of, outbox_backlog

from onewindow.events.v1 import envelope_pb2

CASES_TOPIC = "onewindow.cases.v1"
SUBMITTED = "onewindow.cases.case_submitted.v1"
RECEIPT_RULE = "case_submitted_receipt"


class Tap:
    """Reads the cases topic from the offsets it had when the tap opened (before the load)."""

    def __init__(self) -> None:
        self.consumer = KafkaConsumer(
            bootstrap_servers=KAFKA, enable_auto_commit=False, group_id=None,
            reconnect_backoff_max_ms=1000,
        )  # fmt: skip
        partitions = self.consumer.partitions_for_topic(CASES_TOPIC) or set()
        self.parts = [TopicPartition(CASES_TOPIC, p) for p in partitions]
        self.consumer.assign(self.parts)
        self.consumer.seek_to_end(*self.parts)
        self.start = {tp: self.consumer.position(tp) for tp in self.parts}
        self.records = 0  # case_submitted records read, copies sent again by a relay included
        # every other event type read: type -> subject -> distinct event ids
        self.others: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

    def submitted_ids(self, seconds: float = 60) -> dict[str, set[str]]:
        """case id -> the distinct case_submitted event ids published since the tap opened."""
        self.consumer.seek_to_end(*self.parts)
        end = {tp: self.consumer.position(tp) for tp in self.parts}
        for tp, offset in self.start.items():
            self.consumer.seek(tp, offset)
        found: dict[str, set[str]] = defaultdict(set)
        limit = time.monotonic() + seconds
        while any(self.consumer.position(tp) < end[tp] for tp in self.parts):
            assert time.monotonic() < limit, "could not read the cases topic to its end in time"
            for records in self.consumer.poll(timeout_ms=500).values():
                for record in records:
                    envelope = envelope_pb2.EventEnvelope()
                    envelope.ParseFromString(record.value)
                    if envelope.type == SUBMITTED:
                        found[envelope.subject].add(envelope.id)
                        self.records += 1
                    else:
                        self.others[envelope.type][envelope.subject].add(envelope.id)
        return found

    def close(self) -> None:
        """Leave."""
        self.consumer.close()


@dataclass
class Counts:
    """One scenario's reconciliation."""

    accepted: int
    cases: int
    events: int
    receipts: int
    emails: int
    lost: int
    duplicated: int
    retries: int
    refused: int
    records: int = 0  # case_submitted records on Kafka, resent copies included

    def line(self, scenario: str) -> str:
        """The printed summary."""
        return (
            f"[faults] {scenario}: accepted={self.accepted} cases={self.cases} "
            f"events={self.events} receipts={self.receipts} emails={self.emails} "
            f"lost={self.lost} duplicated={self.duplicated} retries={self.retries} "
            f"refused={self.refused} kafka_records={self.records}"
        )


def _case_counts(outcome: Outcome, since: datetime) -> tuple[int, int, int]:
    """(accepted cases found, lost, duplicated): a citizen has exactly as many cases created
    since ``since`` as submissions of theirs were accepted."""
    expected = Counter(citizen.person_id for citizen, _, _ in outcome.accepted.values())
    ids = [case_id for _, case_id, _ in outcome.accepted.values()]
    with engine_of("cases").connect() as conn:
        per_applicant = dict(
            conn.execute(
                text(
                    "SELECT applicant_id, count(*) FROM cases.cases "
                    "WHERE applicant_id = ANY(:people) AND created_at >= :since "
                    "GROUP BY applicant_id"
                ),
                {"people": list(expected), "since": since},
            ).all()
        )
        found = conn.execute(
            text("SELECT count(*) FROM cases.cases WHERE CAST(id AS text) = ANY(:ids)"),
            {"ids": ids},
        ).scalar_one()
    extra = sum(max(0, per_applicant.get(p, 0) - n) for p, n in expected.items())
    return int(found), len(ids) - int(found), extra


def _receipts(case_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    """case id -> (recipient, notice id) of its receipt notices."""
    with engine_of("notifications").connect() as conn:
        rows = conn.execute(
            text(
                "SELECT case_id, recipient_id, id FROM notifications.notices "
                "WHERE rule_id = :rule AND case_id = ANY(:ids)"
            ),
            {"rule": RECEIPT_RULE, "ids": case_ids},
        ).all()
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for case_id, recipient, notice_id in rows:
        found[case_id].append((recipient, notice_id))
    return found


def _double_deliveries(case_ids: list[str]) -> int:
    """Notices of these cases with more than one delivery on one channel."""
    with engine_of("notifications").connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM (SELECT notice_id, channel FROM notifications.deliveries "
                    "WHERE case_id = ANY(:ids) GROUP BY notice_id, channel "
                    "HAVING count(*) > 1) AS doubled"
                ),
                {"ids": case_ids},
            ).scalar_one()
        )


def _emailed(case_ids: list[str]) -> int:
    """Receipt e-mails of these cases the dispatcher has delivered."""
    with engine_of("notifications").connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM notifications.deliveries d "
                    "JOIN notifications.notices n ON n.id = d.notice_id "
                    "WHERE n.rule_id = :rule AND d.channel = 'email' AND d.status = 'delivered' "
                    "AND d.case_id = ANY(:ids)"
                ),
                {"rule": RECEIPT_RULE, "ids": case_ids},
            ).scalar_one()
        )


def receipt_timeline(case_ids: list[str], since: datetime) -> tuple[float, float, int]:
    """Seconds from ``since`` to the last receipt notice of these cases recorded (the
    consumer's effect) and to the last receipt e-mail delivered (the dispatcher's, paced by the
    SMTP rate limit); how many receipt e-mails were delivered after ``since``."""
    with engine_of("notifications").connect() as conn:
        last_notice, last_email, after = conn.execute(
            text(
                "SELECT max(n.created_at), max(d.delivered_at), "
                "count(*) FILTER (WHERE d.delivered_at > :since) FROM notifications.notices n "
                "JOIN notifications.deliveries d ON d.notice_id = n.id AND d.channel = 'email' "
                "WHERE n.rule_id = :rule AND n.case_id = ANY(:ids)"
            ),
            {"rule": RECEIPT_RULE, "ids": case_ids, "since": since},
        ).one()
    return (last_notice - since).total_seconds(), (last_email - since).total_seconds(), after


def mailpit_message_ids(outcome: Outcome) -> dict[str, set[str]]:
    """case number -> distinct Message-IDs of the e-mails Mailpit holds for it."""
    return {number: set(ids) for number, ids in mailpit_messages(outcome).items()}


def mailpit_messages(outcome: Outcome) -> dict[str, list[str]]:
    """case number -> the Message-ID of every e-mail Mailpit holds for it (a delivery sent
    again after its dispatcher died mid-send repeats its Message-ID)."""
    emails = {citizen.email for citizen, _, _ in outcome.accepted.values()}
    found: dict[str, list[str]] = defaultdict(list)
    numbers = {number for _, _, number in outcome.accepted.values()}
    with httpx.Client(base_url=MAILPIT, timeout=30) as http:
        for email in emails:
            reply = http.get("/api/v1/search", params={"query": f"to:{email}", "limit": 5000})
            reply.raise_for_status()
            for message in reply.json().get("messages") or []:
                for number in numbers & set(
                    message.get("Subject", "").replace("\uff1a", " ").split()
                ):
                    found[number].append(message["MessageID"])
    return found


def effects_settled(case_ids: list[str]) -> bool:
    """Every accepted case has its receipt notice and its delivered receipt e-mail."""
    return len(_receipts(case_ids)) == len(case_ids) and _emailed(case_ids) >= len(case_ids)


def reconcile(outcome: Outcome, since: datetime, tap: Tap, settle_s: float = 90) -> Counts:
    """Count everything after the effects settled (or ``settle_s`` passed)."""
    case_ids = [case_id for _, case_id, _ in outcome.accepted.values()]
    limit = time.monotonic() + settle_s
    while time.monotonic() < limit:
        if outbox_backlog(engine_of("cases"), "cases") == 0 and effects_settled(case_ids):
            break
        time.sleep(0.5)
    cases, lost_cases, extra_cases = _case_counts(outcome, since)
    events = tap.submitted_ids()
    receipts = _receipts(case_ids)
    mails = mailpit_message_ids(outcome)
    numbers = [number for _, _, number in outcome.accepted.values()]
    lost = (
        lost_cases
        + sum(1 for c in case_ids if not events.get(c))
        + sum(1 for c in case_ids if not receipts.get(c))
        + sum(1 for n in numbers if not mails.get(n))
    )
    duplicated = (
        extra_cases
        + sum(1 for c in case_ids if len(events.get(c, ())) > 1)
        + sum(1 for c in case_ids if len(receipts.get(c, ())) > 1)
        + sum(1 for n in numbers if len(mails.get(n, ())) > 1)
        + _double_deliveries(case_ids)
    )
    return Counts(
        accepted=len(case_ids),
        cases=cases,
        events=sum(len(events.get(c, ())) for c in case_ids),
        receipts=sum(len(receipts.get(c, ())) for c in case_ids),
        emails=sum(len(mails.get(n, ())) for n in numbers),
        lost=lost,
        duplicated=duplicated,
        retries=outcome.retries,
        refused=len(outcome.refused),
        records=tap.records,
    )
