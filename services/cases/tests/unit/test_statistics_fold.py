"""The statistics consumer's batch fold, driven with the fakes: a polled batch becomes one delta
per day bucket and one write, whatever its order; an event id counts once, whether it comes
twice in a batch or again in a later one."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, date, datetime

import pytest

from onewindow_cases.adapters.memory_statistics import InMemoryStatistics
from onewindow_cases.domain.statistics import BucketKey, Counters, parse_query
from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import decisions, submission, work
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.service_layer.ports import Services
from onewindow_cases.service_layer.statistics import (
    StatisticsEvent,
    fold_events,
    get_statistics,
    totals,
)
from onewindow_cases.service_layer.statistics_ports import CaseFacts
from onewindow_cases.testing import SAMPLE_FORMS, citizen, staff

PENSION = "provident-fund-withdrawal"  # hrss, 3 working days
BOSS = staff("hrss", "hall-central", "supervisor", subject="boss-1")
CLERK = staff("hrss", "hall-central", "clerk", subject="clerk-1")
CITY = staff("", "", "city_supervisor", subject="city-1")
MARCH = parse_query("2027-03-01", "2027-03-31", "day")
MONDAY, TUESDAY = date(2027, 3, 1), date(2027, 3, 2)


@pytest.fixture()
def stats(store) -> InMemoryStatistics:
    return InMemoryStatistics(store)


@pytest.fixture()
def sdeps(deps: Services, stats: InMemoryStatistics) -> Services:
    return dataclasses.replace(deps, statistics=stats)


def at(deps: Services, day: date) -> None:
    deps.clock.at = datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    deps.clock.day = day  # type: ignore[attr-defined]


def submit(deps: Services, key: str, person: str = "P-1", office: bool = False):
    app = Application(
        client_key=key, code=PENSION, catalogue_version=0, form=SAMPLE_FORMS[PENSION],
        document_ids=[f"{person}-resident_id"], applicant_id=person if office else "",
        identity_verified_in_person=office,
    )  # fmt: skip
    return asyncio.run(submission.submit_case(deps, CLERK if office else citizen(person), app)).case


def cells(deps: Services) -> dict[tuple[str, str, date], dict[str, int]]:
    """Each day bucket's non-zero counters (and histogram bins), by (office, kind, day)."""
    out = {}
    for key, counters in get_statistics(deps, CITY, MARCH):
        figures = {
            f.name: getattr(counters, f.name)
            for f in dataclasses.fields(Counters)
            if f.name not in ("ratings", "handling_days") and getattr(counters, f.name)
        }
        figures.update({f"days_{d}": n for d, n in counters.handling_days.items() if n})
        out[(key.office, key.service_type, key.day)] = figures
    return out


def test_a_batch_sums_events_of_one_cell_and_keeps_other_cells_apart(sdeps, stats):
    for i in range(3):  # Monday: three online applications -> one cell
        submit(sdeps, f"on-{i}")
    submit(sdeps, "hall-0", office=True)  # Monday at a hall -> its own cell
    at(sdeps, TUESDAY)
    submit(sdeps, "on-tue")  # Tuesday -> another day's cell
    decided = work.transition_case(
        sdeps, BOSS, c.TransitionCase(submit(sdeps, "on-tue-2").id, 1, "accepted", "")
    ).case
    decided = work.transition_case(
        sdeps, BOSS, c.TransitionCase(decided.id, decided.version, "in_review", "")
    ).case
    decisions.decide_case(sdeps, BOSS, c.DecideCase(decided.id, decided.version, "approved", "ok"))

    batch = stats.events()
    assert stats.consume(sdeps.catalogues.published().calendar, batch) == 7  # 6 received, 1 decided
    assert stats.writes == 1  # the whole batch in one write
    assert cells(sdeps) == {
        ("online", PENSION, MONDAY): {"received": 3},
        ("hall-central", PENSION, MONDAY): {"received": 1},
        ("online", PENSION, TUESDAY): {"received": 2, "decided": 1, "days_0": 1},
    }


def test_the_order_of_a_batch_does_not_change_the_figures(sdeps, stats, store):
    for i in range(4):
        submit(sdeps, f"k-{i}", office=i % 2 == 0)
    batch = stats.events()
    calendar = sdeps.catalogues.published().calendar
    forward, _ = fold_events(calendar, batch, stats.case_facts({e.payload.case_id for e in batch}))
    backward, _ = fold_events(
        calendar, batch[::-1], stats.case_facts({e.payload.case_id for e in batch})
    )
    assert forward == backward
    assert {k.office: v.received for k, v in forward.items()} == {"online": 2, "hall-central": 2}


def test_an_event_id_twice_in_a_batch_or_again_in_a_later_batch_counts_once(sdeps, stats):
    first, second = submit(sdeps, "k-1"), submit(sdeps, "k-2")
    batch = stats.events()
    calendar = sdeps.catalogues.published().calendar
    assert stats.consume(calendar, [batch[0], batch[0], batch[1], batch[0]]) == 2
    assert totals(get_statistics(sdeps, CITY, MARCH)).received == 2

    # redelivered after a restart, together with a new event
    third = submit(sdeps, "k-3")
    again = [*batch, *stats.events()[2:]]
    assert stats.consume(calendar, again) == 1
    assert stats.consume(calendar, again) == 0
    assert totals(get_statistics(sdeps, CITY, MARCH)).received == 3
    assert {first.id, second.id, third.id} == {e.payload.case_id for e in again}


def test_the_fold_itself_counts_a_repeated_event_id_once():
    """Without the consumer's dedupe in front: the fold alone sums each event id once, and an
    event of a case it has no facts for is left out."""
    facts = {
        "case-1": CaseFacts(PENSION, "online", MONDAY, MONDAY, 0, date(2027, 3, 4), None),
        "case-2": CaseFacts(PENSION, "hall-east", TUESDAY, TUESDAY, 0, date(2027, 3, 5), None),
    }

    @dataclasses.dataclass
    class Submitted:
        case_id: str
        receiving_office: str
        responsible_department: str = "hrss"
        service_type: str = PENSION

    one = StatisticsEvent("e-1", "case_submitted", Submitted("case-1", ""), MONDAY)
    two = StatisticsEvent("e-2", "case_submitted", Submitted("case-2", "hall-east"), TUESDAY)
    ghost = StatisticsEvent("e-3", "case_submitted", Submitted("case-9", ""), TUESDAY)
    ignored = StatisticsEvent("e-4", "case_assigned", Submitted("case-1", ""), TUESDAY)
    folded, counted = fold_events(None, [one, two, one, ghost, ignored, two], facts)  # type: ignore[arg-type]
    assert counted == 2
    assert {k: v.received for k, v in folded.items()} == {
        BucketKey("hrss", PENSION, "online", MONDAY): 1,
        BucketKey("hrss", PENSION, "hall-east", TUESDAY): 1,
    }
