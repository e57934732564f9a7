"""Open data: the monthly table per department and service type with totals, primary and
complementary suppression of small counts (k=5 by default), the month's bounds, and the handler
over the fakes (a month where one service had 3 cases)."""

from __future__ import annotations

import asyncio
import dataclasses
import random
from collections import Counter
from datetime import date

import pytest

from onewindow_cases.adapters.memory_statistics import InMemoryStatistics
from onewindow_cases.config import load_settings
from onewindow_cases.domain.open_data import (
    COUNT_COLUMNS,
    TOTAL,
    OpenDataRow,
    build_rows,
    parse_month,
    suppress,
)
from onewindow_cases.domain.statistics import BucketKey, Counters
from onewindow_cases.service_layer import submission
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.service_layer.open_data import open_data_statistics
from onewindow_cases.service_layer.ports import Services
from onewindow_cases.testing import SAMPLE_FORMS, citizen
from onewindow_kit.errors import InvalidArgument
from onewindow_kit.settings import SettingsError

DAY = date(2027, 3, 10)


def bucket(department: str, service_type: str, office: str = "online", **counts) -> tuple:
    ratings = Counter(counts.pop("ratings", {}))
    return BucketKey(department, service_type, office, DAY), Counters(**counts, ratings=ratings)


def table(rows: list[OpenDataRow]) -> dict[tuple[str, str], dict[str, int | None]]:
    """What a reader sees: each count, or None when suppressed."""
    return {
        r.key: {n: (None if c.suppressed else c.value) for n, c in r.counts.items()} for r in rows
    }


def groups(rows: list[OpenDataRow]) -> list[tuple[OpenDataRow, list[OpenDataRow]]]:
    departments = {r.department for r in rows} - {TOTAL}
    by_key = {r.key: r for r in rows}
    out = [
        (by_key[(d, TOTAL)], [r for r in rows if r.department == d and r.service_type != TOTAL])
        for d in departments
    ]
    return [*out, (by_key[(TOTAL, TOTAL)], [by_key[(d, TOTAL)] for d in departments])]


def test_a_service_with_3_cases_is_suppressed_and_a_second_cell_hides_it_from_the_total():
    rows = suppress(
        build_rows(
            [
                bucket("hrss", "pension", received=3, closed=2, closed_on_time=2),
                bucket("hrss", "pension", office="hall-central", received=0),
                bucket("hrss", "unemployment", received=12, closed=9, closed_on_time=7),
                bucket("civil", "marriage", received=20, closed=20, closed_on_time=20),
            ]
        )
    )
    got = table(rows)
    assert got[("hrss", "pension")]["received"] is None  # 3 < 5
    assert got[("hrss", "unemployment")]["received"] is None  # else 15 - 12 = 3
    assert got[("hrss", TOTAL)]["received"] == 15
    assert got[("civil", "marriage")]["received"] == 20
    assert got[(TOTAL, TOTAL)]["received"] == 35
    # zeros are published, never suppressed
    assert got[("hrss", "pension")]["ratings_neutral"] == 0
    # the row order: service types, then the department's total; the city's row last
    assert [r.key for r in rows] == [
        ("civil", "marriage"), ("civil", TOTAL), ("hrss", "pension"), ("hrss", "unemployment"),
        ("hrss", TOTAL), (TOTAL, TOTAL),
    ]  # fmt: skip


def test_a_suppressed_department_total_is_protected_in_the_city_total_too():
    rows = suppress(
        build_rows(
            [bucket("hrss", "pension", received=3), bucket("civil", "marriage", received=20)],
            known=[("hrss", "unemployment")],
        )
    )
    got = table(rows)
    assert got[("hrss", "unemployment")]["received"] == 0  # idle, published as 0
    assert got[("hrss", "pension")]["received"] is None
    assert got[("hrss", TOTAL)]["received"] is None  # 3 < 5
    # the city row (23) would give hrss's total back: civil's total goes too, and then its
    # only service (else civil's total = marriage)
    assert got[("civil", TOTAL)]["received"] is None
    assert got[("civil", "marriage")]["received"] is None
    assert got[(TOTAL, TOTAL)]["received"] == 23


def test_ratings_and_remediations_are_suppressed_per_column():
    rows = suppress(
        build_rows(
            [
                bucket(
                    "hrss",
                    "pension",
                    received=40,
                    bad_ratings_remediated_on_time=2,
                    ratings={"very_satisfied": 30, "dissatisfied": 2},
                ),
                bucket(
                    "hrss",
                    "unemployment",
                    received=40,
                    ratings={"very_satisfied": 6, "dissatisfied": 9},
                ),
            ]
        )
    )
    got = table(rows)
    assert got[("hrss", "pension")]["received"] == 40
    assert got[("hrss", "pension")]["ratings_very_satisfied"] == 30
    assert got[("hrss", "pension")]["ratings_dissatisfied"] is None
    assert got[("hrss", "unemployment")]["ratings_dissatisfied"] is None  # the complement
    assert got[("hrss", TOTAL)]["ratings_dissatisfied"] == 11
    assert got[("hrss", "pension")]["bad_ratings_remediated_on_time"] is None
    assert got[("hrss", TOTAL)]["bad_ratings_remediated_on_time"] is None  # the only other cell


def test_the_median_needs_k_decisions_and_is_empty_without_any():
    few = Counters(decided=3)
    few.handling_days.update({1: 2, 4: 1})
    many = Counters(decided=6)
    many.handling_days.update({2: 6})
    rows = suppress(
        build_rows(
            [
                (BucketKey("hrss", "pension", "online", DAY), few),
                (BucketKey("hrss", "unemployment", "online", DAY), many),
                bucket("civil", "marriage", received=7),
            ]
        )
    )
    by_key = {r.key: r for r in rows}
    assert by_key[("hrss", "pension")].median_suppressed
    assert (by_key[("hrss", "unemployment")].median, by_key[("hrss", TOTAL)].median) == (2.0, 2.0)
    assert not by_key[("hrss", TOTAL)].median_suppressed  # 9 decisions
    assert by_key[("civil", "marriage")].decided == 0  # no figure at all (published as empty)


@pytest.mark.parametrize("seed", range(30))
def test_random_months_leave_no_small_count_and_no_group_with_one_suppressed_cell(seed):
    rnd = random.Random(seed)
    buckets = [
        bucket(f"d{d}", f"s{d}{s}", **{c: rnd.choice([0, 0, 1, 3, 4, 5, 8, 20]) for c in
               ("received", "closed", "closed_on_time", "bad_ratings_remediated_on_time")})
        for d in range(rnd.randint(1, 4)) for s in range(rnd.randint(1, 4))
    ]  # fmt: skip
    truth = table(build_rows(buckets))
    rows = suppress(build_rows(buckets), k=5)
    for row in rows:
        for name, cell in row.counts.items():
            assert cell.value == truth[row.key][name]  # the real figure, never altered
            if 0 < cell.value < 5:
                assert cell.suppressed
            if cell.value == 0:
                assert not cell.suppressed
    for total, parts in groups(rows):
        for name in COUNT_COLUMNS:
            cells = [total.counts[name], *(p.counts[name] for p in parts)]
            assert sum(c.suppressed for c in cells) != 1, (total.key, name)


def test_the_month_is_yyyy_mm_and_not_in_the_future():
    today = date(2027, 3, 10)
    assert parse_month("2027-03", today) == (date(2027, 3, 1), date(2027, 3, 31))
    assert parse_month("2024-02", today) == (date(2024, 2, 1), date(2024, 2, 29))
    for bad in ("2027-3", "2027-13", "March", "", "2027-04", "0000-01", "1899-12"):
        with pytest.raises(InvalidArgument) as refused:
            parse_month(bad, today)
        assert [v.field for v in refused.value.violations] == ["month"]


def test_k_is_configurable_and_must_suppress_something():
    assert load_settings({}).open_data_k == 5
    assert load_settings({"ONEWINDOW_CASES_OPEN_DATA_K": "10"}).open_data_k == 10
    with pytest.raises(SettingsError, match="ONEWINDOW_CASES_OPEN_DATA_K"):
        load_settings({"ONEWINDOW_CASES_OPEN_DATA_K": "1"})


def test_the_handler_reads_the_month_from_the_read_model_with_the_services_k(deps, store):
    stats = InMemoryStatistics(store)
    sdeps: Services = dataclasses.replace(deps, statistics=stats)
    code = "provident-fund-withdrawal"  # hrss
    for i in range(3):
        app = Application(
            client_key=f"k-{i}", code=code, catalogue_version=0, form=SAMPLE_FORMS[code],
            document_ids=["P-1-resident_id"],
        )  # fmt: skip
        asyncio.run(submission.submit_case(sdeps, citizen("P-1"), app))
    stats.feed(sdeps.catalogues.published().calendar)
    march = open_data_statistics(sdeps, "2027-03")
    assert (march.month, march.k, march.complete, march.as_of) == (
        "2027-03",
        5,
        False,
        "2027-03-01",
    )
    got = table(march.rows)
    assert got[("hrss", code)]["received"] is None  # 3 cases: suppressed
    assert got[(TOTAL, TOTAL)]["received"] is None
    # every service type of the catalogue has its row, idle ones with published zeros
    catalogue = sdeps.catalogues.published()
    assert {(st.department, st.code) for st in catalogue.service_types.values()} <= set(got)
    wide = open_data_statistics(dataclasses.replace(sdeps, open_data_k=3), "2027-03")
    assert table(wide.rows)[("hrss", code)]["received"] == 3
    assert open_data_statistics(sdeps, "2027-02").rows[-1].counts["received"].value == 0
