"""Handling statistics against PostgreSQL: a mixed load (online and office submissions over
several days, decisions on time and late, supplements, withdrawals, ratings), its outbox events
folded in by the statistics consumer's handler, then every day bucket compared with a brute-force
recount of the cases tables."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from cases_support import on_loop
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from onewindow_cases.adapters.memory import FixedClock
from onewindow_cases.adapters.tables import SCHEMA
from onewindow_cases.domain.statistics import parse_query, rating_level
from onewindow_cases.entrypoints.consumers import statistics_handler
from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import decisions, ratings, submission, work
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.service_layer.deadlines import scan_once
from onewindow_cases.service_layer.ports import Services
from onewindow_cases.service_layer.statistics import get_live_backlog, get_statistics
from onewindow_cases.testing import SAMPLE_FORMS, citizen, staff
from onewindow_kit.consumer import ConsumerRunner

pytestmark = pytest.mark.integration

PENSION = "provident-fund-withdrawal"  # hrss, 3 working days
TZ = "Asia/Shanghai"
BOSS = staff("hrss", "hall-central", "supervisor", subject="boss-1")
CLERK = staff("hrss", "hall-central", "clerk", subject="clerk-1")
CITY = staff("", "", "city_supervisor", subject="city-1")


def at(clock: FixedClock, day: date) -> None:
    clock.at, clock.day = datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC), day


def submit(deps: Services, key: str, person: str, office: bool):
    app = Application(
        client_key=key, code=PENSION, catalogue_version=0, form=SAMPLE_FORMS[PENSION],
        document_ids=[f"{person}-resident_id"], applicant_id=person if office else "",
        identity_verified_in_person=office,
    )  # fmt: skip
    who = CLERK if office else citizen(person)
    return on_loop(submission.submit_case)(deps, who, app).case


def review(deps: Services, case):
    for status in ("accepted", "in_review"):
        case = work.transition_case(deps, BOSS, c.TransitionCase(case.id, case.version, status, ""))
        case = case.case
    return case


def decide_close(deps: Services, case, outcome: str = "approved"):
    case = decisions.decide_case(deps, BOSS, c.DecideCase(case.id, case.version, outcome, "r"))
    return decisions.close_case(deps, BOSS, c.CloseCase(case.case.id, case.case.version, "")).case


def mixed_load(deps: Services, clock: FixedClock) -> None:
    """Twelve cases over two weeks of March 2027."""
    opened = []
    for i, day in enumerate([date(2027, 3, 1), date(2027, 3, 2), date(2027, 3, 3)] * 4):
        at(clock, day)
        person = "P-1" if i % 2 else "P-2"
        opened.append(submit(deps, f"k-{i}", person, office=i % 3 == 0))
    at(clock, date(2027, 3, 3))
    quick = [decide_close(deps, review(deps, case)) for case in opened[:4]]  # on time
    slow = [review(deps, case) for case in opened[4:8]]
    for case in slow[:2]:
        work.request_supplement(
            deps, BOSS, c.RequestSupplement(case.id, case.version, "blurred", ["lease_contract"])
        )
    for case in opened[8:10]:
        decisions.withdraw_case(
            deps, citizen(case.applicant_id), c.WithdrawCase(case.id, case.version, "not needed")
        )
    at(clock, date(2027, 3, 12))  # past every due date
    late = [decide_close(deps, case, "rejected") for case in slow[2:]]
    tasks = []
    for score, case in zip((5, 2, 1, 4, 3), quick + late, strict=False):
        if case.receiving_office:
            continue  # the applicant rates online cases only here; office ones stay unrated
        rated = ratings.rate_case(deps, citizen(case.applicant_id), c.RateCase(case.id, score, ""))
        tasks += [rated["follow_up_task_id"]] if rated["follow_up_task_id"] else []
    # the bad ratings' follow-ups (due 2 April): one remediated in time, one overdue and late
    at(clock, date(2027, 3, 16))
    ratings.complete_follow_up(deps, BOSS, c.CompleteFollowUpTask(tasks[0], "called back"))
    at(clock, date(2027, 4, 6))
    assert scan_once(deps)["follow_up_overdue"] == 1
    ratings.complete_follow_up(deps, BOSS, c.CompleteFollowUpTask(tasks[1], "apologised"))


def fold_outbox(engine: Engine, deps: Services, outbox, batch: int = 7) -> int:
    """Every event in the outbox through the statistics handler, ``batch`` events per
    transaction as the consumer polls them (``outbox``: the integration fixtures' outbox
    reader); batches mix events of one case and of one bucket."""
    handle = statistics_handler(lambda: deps.catalogues.published().calendar, SCHEMA, TZ)
    envelopes = outbox.envelopes()
    for first in range(0, len(envelopes), batch):
        with Session(engine) as session, session.begin():
            handle(session, envelopes[first : first + batch])
    return len(envelopes)


def recount(engine: Engine, deps: Services) -> dict[tuple, Counter]:
    """Every figure straight from the cases tables."""
    cal = deps.catalogues.published().calendar
    out: dict[tuple, Counter] = defaultdict(Counter)
    day = "(({col}) AT TIME ZONE '" + TZ + "')::date"
    office = "coalesce(nullif(c.receiving_office, ''), 'online')"
    with engine.connect() as conn:

        def q(sql: str):
            return conn.execute(text(sql.format(s=SCHEMA, office=office))).all()

        for dep, st, off, d in q(
            f"SELECT c.responsible_department, c.service_type, {{office}}, "
            f"{day.format(col='c.created_at')} FROM {{s}}.cases c"
        ):
            out[(dep, st, off, d)]["received"] += 1
        for dep, st, off, start, decided, paused in q(
            f"SELECT c.responsible_department, c.service_type, {{office}}, c.start_date, "
            f"{day.format(col='c.decided_at')}, c.paused_days FROM {{s}}.cases c "
            "WHERE c.decided_at IS NOT NULL"
        ):
            key = (dep, st, off, decided)
            out[key]["decided"] += 1
            out[key][f"days_{cal.working_days_between(start, decided) - paused}"] += 1
        for dep, st, off, d, ontime in q(
            f"SELECT c.responsible_department, c.service_type, {{office}}, "
            f"{day.format(col='h.at')}, {day.format(col='c.decided_at')} <= c.due_date "
            "FROM {s}.case_history h JOIN {s}.cases c ON c.id = h.case_id "
            "WHERE h.action = 'closed'"
        ):
            out[(dep, st, off, d)]["closed"] += 1
            out[(dep, st, off, d)]["closed_on_time"] += int(bool(ontime))
        for dep, st, off, d in q(
            f"SELECT c.responsible_department, c.service_type, {{office}}, "
            f"{day.format(col='x.requested_at')} "
            "FROM {s}.supplements x JOIN {s}.cases c ON c.id = x.case_id"
        ):
            out[(dep, st, off, d)]["supplements_requested"] += 1
        for dep, st, off, d in q(
            f"SELECT c.responsible_department, c.service_type, {{office}}, "
            f"{day.format(col='h.at')} "
            "FROM {s}.case_history h JOIN {s}.cases c ON c.id = h.case_id "
            "WHERE h.action = 'withdrawn'"
        ):
            out[(dep, st, off, d)]["withdrawals"] += 1
        for dep, st, off, d, score in q(
            f"SELECT r.department, c.service_type, {{office}}, {day.format(col='r.rated_at')}, "
            "r.score FROM {s}.ratings r JOIN {s}.cases c ON c.id = r.case_id"
        ):
            out[(dep, st, off, d)][f"rating_{rating_level(score)}"] += 1
        for dep, st, off, d, ontime, alerted in q(
            f"SELECT t.department, c.service_type, {{office}}, {day.format(col='t.created_at')}, "
            f"{day.format(col='t.resolved_at')} <= t.due_date, a.case_id IS NOT NULL "
            "FROM {s}.follow_up_tasks t JOIN {s}.cases c ON c.id = t.case_id "
            "LEFT JOIN {s}.deadline_alerts a "
            "ON a.case_id = t.case_id AND a.threshold = 'follow_up_overdue'"
        ):
            out[(dep, st, off, d)]["bad_ratings_remediated_on_time"] += int(bool(ontime))
            out[(dep, st, off, d)]["follow_ups_overdue"] += int(alerted)
    return out


def as_counter(counters) -> Counter:
    figures = Counter(
        {
            name: getattr(counters, name)
            for name in (
                "received",
                "decided",
                "closed",
                "closed_on_time",
                "supplements_requested",
                "withdrawals",
                "bad_ratings_remediated_on_time",
                "follow_ups_overdue",
            )
        }
    )
    figures.update({f"rating_{k}": v for k, v in counters.ratings.items()})
    figures.update({f"days_{k}": v for k, v in counters.handling_days.items()})
    return +figures  # zeros dropped, as in the recount


def test_statistics_equal_a_brute_force_recount_after_a_mixed_load(engine, deps, clock, outbox):
    mixed_load(deps, clock)
    assert fold_outbox(engine, deps, outbox) > 12
    expected = {k: +v for k, v in recount(engine, deps).items()}
    rows = get_statistics(deps, CITY, parse_query("2027-03-01", "2027-03-31", "day"))
    got = {(k.department, k.service_type, k.office, k.day): as_counter(v) for k, v in rows}
    assert got == expected
    # the figures the load was built to produce, so the recount itself is checked too
    month = get_statistics(deps, BOSS, parse_query("2027-03-01", "2027-03-31", "month"))
    total = Counter()
    for _, v in month:
        total.update(as_counter(v))
    assert (total["received"], total["decided"], total["closed"]) == (12, 6, 6)
    assert (total["closed_on_time"], total["supplements_requested"], total["withdrawals"]) == (
        4, 2, 2,
    )  # fmt: skip
    assert (total["rating_dissatisfied"], total["rating_very_dissatisfied"]) == (1, 1)
    assert (total["bad_ratings_remediated_on_time"], total["follow_ups_overdue"]) == (1, 1)
    assert sum(v for k, v in total.items() if k.startswith("days_")) == 6
    assert {o for (_, _, o, _) in got} == {"online", "hall-central"}


def test_filters_and_weeks_on_postgresql_are_slices_and_sums_of_the_days(
    engine, deps, clock, outbox
):
    """GetStatistics' service type and office filters and the week grouping, in SQL."""
    mixed_load(deps, clock)
    fold_outbox(engine, deps, outbox, batch=50)
    days = get_statistics(deps, CITY, parse_query("2027-03-01", "2027-03-31", "day"))
    hall = get_statistics(
        deps, CITY, parse_query("2027-03-01", "2027-03-31", "day", office="hall-central")
    )
    assert hall and [k for k, _ in hall] == [k for k, _ in days if k.office == "hall-central"]
    other = parse_query("2027-03-01", "2027-03-31", "day", service_type="business-registration")
    assert get_statistics(deps, CITY, other) == []
    weeks = get_statistics(deps, BOSS, parse_query("2027-03-01", "2027-03-31", "week"))
    assert {k.day for k, _ in weeks} <= {date(2027, 3, d) for d in (1, 8, 15, 22, 29)}
    by_week = Counter()
    for _, v in weeks:
        by_week.update(as_counter(v))
    by_day = Counter()
    for _, v in days:
        by_day.update(as_counter(v))
    assert by_week == by_day and by_day["received"] == 12


class RedeliveringKafka:
    """A stand-in for the Kafka consumer: hands the records over in polled batches of the given
    sizes (a batch may repeat earlier records, as after a restart); commits are kept."""

    def __init__(self, envelopes, batches: list[tuple[int, int]]) -> None:
        self.records = [
            SimpleNamespace(topic="onewindow.cases.v1", partition=0, offset=i, key=b"",
                            value=env.SerializeToString())
            for i, env in enumerate(envelopes)
        ]  # fmt: skip
        self.batches = list(batches)
        self.committed: list[int] = []

    def poll(self, timeout_ms: int = 0):
        first, last = self.batches.pop(0)
        return {("onewindow.cases.v1", 0): self.records[first:last]}

    def commit(self, offsets) -> None:
        self.committed.extend(meta.offset for meta in offsets.values())


def test_the_consumer_applies_redelivered_and_repeated_events_once(engine, deps, clock, outbox):
    """The real consumer (the kit's dedupe rows, the batch handler) over batches that overlap:
    the figures still equal the recount."""
    mixed_load(deps, clock)
    envelopes = outbox.envelopes()
    n = len(envelopes)
    # the second batch starts inside the first (a redelivery) and holds a new event twice
    # (records 11 and 12), the third repeats everything so far plus the rest
    records = [*envelopes[:12], envelopes[11], *envelopes[12:]]
    kafka = RedeliveringKafka(records, [(0, 10), (5, 20), (0, n + 1)])
    runner = ConsumerRunner(
        name="cases-statistics-test", topics=["onewindow.cases.v1"], engine=engine,
        schema=SCHEMA, bootstrap="unused:9", consumer=kafka, dlt_producer=SimpleNamespace(),
        batch_handler=statistics_handler(
            lambda: deps.catalogues.published().calendar, SCHEMA, TZ
        ),
    )  # fmt: skip
    assert [runner.poll_once() for _ in range(3)] == [10, 15, n + 1]
    expected = {k: +v for k, v in recount(engine, deps).items()}
    rows = get_statistics(deps, CITY, parse_query("2027-03-01", "2027-03-31", "day"))
    got = {(k.department, k.service_type, k.office, k.day): as_counter(v) for k, v in rows}
    assert got == expected
    assert sum(v["received"] for v in got.values()) == 12


def test_live_backlog_on_postgresql_counts_open_due_soon_and_overdue(engine, deps, clock):
    for i in range(3):
        submit(deps, f"b-{i}", "P-1", office=i == 0)  # Monday: due Thursday 4 March
    at(clock, date(2027, 3, 2))
    day, rows = get_live_backlog(deps, BOSS, "", "")
    assert day == date(2027, 3, 2)
    got = {r["office"]: (r["open"], r["due_soon"], r["overdue"]) for r in rows}
    assert got == {"hall-central": (1, 1, 0), "online": (2, 2, 0)}
    at(clock, date(2027, 3, 8))
    rows = get_live_backlog(deps, CITY, "hrss", "online")[1]
    assert [(r["office"], r["open"], r["overdue"]) for r in rows] == [("online", 2, 2)]
