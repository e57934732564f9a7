"""The capacity model's arithmetic (infra/capacity.py, make capacity): figures read from
var/bench/*.json or labelled defaults, and the sizing of a city and a province from them."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location("capacity", ROOT / "infra" / "capacity.py")
assert SPEC and SPEC.loader
capacity = importlib.util.module_from_spec(SPEC)
sys.modules["capacity"] = capacity  # dataclasses look their module up while the class is built
SPEC.loader.exec_module(capacity)

FIGURES = capacity.Figures(
    submit_per_process=200.0,
    queue_page_p99_ms=20.0,
    relay_events_per_s=2000.0,
    consumer_events_per_s=1000.0,
    logins_per_s_per_vcpu=15.0,
    gateway_submit_per_worker=50.0,
    process_mib=100.0,
)


def test_missing_benchmark_files_give_labelled_defaults(tmp_path):
    figures, origin = capacity.load_figures(tmp_path)
    assert figures.relay_events_per_s == 2000.0
    assert all(label.startswith("default") for label in origin.values())


def test_measured_figures_are_read_and_divided_per_unit(tmp_path):
    (tmp_path / "cases.json").write_text(
        json.dumps({"grpc_submit_per_s": 410.0, "details": {"servers": 2}, "queue_page_p99_ms": 9})
    )
    (tmp_path / "identity.json").write_text(json.dumps({"password_logins_per_s": 40, "cpus": 2}))
    figures, origin = capacity.load_figures(tmp_path)
    assert figures.submit_per_process == 205.0
    assert figures.logins_per_s_per_vcpu == 20.0
    assert figures.queue_page_p99_ms == 9.0
    assert origin["submit_per_process"] == "measured: var/bench/cases.json"
    assert origin["relay_events_per_s"].startswith("default")


def test_the_notifications_consumer_stands_in_when_the_kit_bench_has_not_run(tmp_path):
    (tmp_path / "notifications.json").write_text(json.dumps({"events_to_inbox_per_s": 944.1}))
    (tmp_path / "gateway.json").write_text(json.dumps({"gateway_submit_per_s": 107.5, "cores": 2}))
    figures, origin = capacity.load_figures(tmp_path)
    assert figures.consumer_events_per_s == 944.1
    assert origin["consumer_events_per_s"] == "measured: var/bench/notifications.json"
    assert figures.gateway_submit_per_worker == 53.75
    (tmp_path / "kit.json").write_text(json.dumps({"consumer_events_per_s": 3000}))
    assert capacity.load_figures(tmp_path)[0].consumer_events_per_s == 3000.0  # kit.json first


@pytest.mark.parametrize("bad", [0, -3, "fast", None])
def test_a_malformed_figure_falls_back_to_its_default(tmp_path, bad):
    (tmp_path / "kit.json").write_text(json.dumps({"relay_events_per_s": bad}))
    figures, origin = capacity.load_figures(tmp_path)
    assert figures.relay_events_per_s == 2000.0
    assert origin["relay_events_per_s"].startswith("default")


def test_a_city_of_five_million():
    rows = capacity.size(5e6, FIGURES, capacity.Assumptions())
    # 570M cases / 5 years / 25M residents = 4.56 applications per person and year
    assert rows["applications_per_year"] == pytest.approx(22.8e6)
    assert rows["applications_peak_day"] == pytest.approx(22.8e6 / 250 * 3)  # 273,600
    assert rows["applications_peak_per_s"] == pytest.approx(273_600 * 0.15 / 3600 * 2)  # 22.8
    assert rows["events_peak_per_s"] == pytest.approx(228.0)
    assert rows["partitions_per_topic"] == 6  # 114 cases events/s x 2 fit in one consumer
    assert rows["cases_serve_replicas"] == 2  # 22.8 x 2 / 200 -> 1, at least 2
    assert rows["keycloak_vcpus"] == 7  # 22.8 x 2 logins x 2 headroom / 15 = 6.08
    assert rows["postgres_gib_per_year"] == pytest.approx(22.8e6 * 16 / 1024 / 1024)
    assert rows["postgres_write_iops_peak"] == pytest.approx(22.8 * 60)
    assert rows["object_storage_tib_per_year"] == pytest.approx(22.8e6 * 2 / 1024 / 1024)
    assert rows["days_to_benchmarked_cases"] == pytest.approx(1e6 / (22.8e6 / 365))


def test_a_province_with_slow_consumers_needs_more_partitions_and_replicas():
    slow = dataclasses.replace(FIGURES, consumer_events_per_s=100.0, submit_per_process=50.0)
    rows = capacity.size(50e6, slow, capacity.Assumptions())
    assert rows["applications_peak_per_s"] == pytest.approx(228.0)
    # 1,140 cases events/s x 2 headroom / 100 per consumer = 22.8 -> 23
    assert rows["partitions_per_topic"] == 23
    assert rows["consumer_replicas"] == 23
    assert rows["cases_serve_replicas"] == 10  # 228 x 2 / 50 = 9.12 -> 10
    assert rows["gateway_pods"] == 10  # 228 x 2 / 50 per worker
    # pods: 10 serve + 10 gateways, 3 x 2 other serves, 4 x 2 relays, 4 x 23 consumers, 4 workers
    assert rows["process_memory_gib"] == pytest.approx((20 + 6 + 8 + 92 + 4) * 100 / 1024)


def test_the_heaviest_load_comes_first():
    rows = capacity.size(50e6, FIGURES, capacity.Assumptions())
    ranked = capacity.saturation(rows, FIGURES, capacity.Assumptions())
    assert ranked[0][0].startswith("Keycloak")
    assert ranked[0][1] == pytest.approx(228 * 2 / 30)
    assert [load for _, load in ranked] == sorted((load for _, load in ranked), reverse=True)


def test_the_document_is_rewritten_only_between_its_markers(tmp_path):
    doc = tmp_path / "capacity.md"
    doc.write_text(f"intro\n{capacity.BEGIN}\nold table\n{capacity.END}\nafter\n")
    capacity.write_between_markers(doc, "| new |\n")
    assert doc.read_text() == f"intro\n{capacity.BEGIN}\n| new |\n{capacity.END}\nafter\n"
