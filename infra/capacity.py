"""The capacity model of docs/capacity.md: a city of 5 million and a province of 50 million,
sized from the figures the benchmarks measured (var/bench/*.json) and stated assumptions.

Usage: python infra/capacity.py [--bench DIR] [--write docs/capacity.md]   (make capacity)
A figure whose benchmark file is missing is taken from DEFAULTS and labelled so in the table.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "<!-- capacity:begin -->", "<!-- capacity:end -->"
MIB = 1024 * 1024

# name -> (file, key path, divisor key path or None, default, what the default stands on)
SOURCES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...] | None, float, str]] = {
    "submit_per_process": (
        "cases.json",
        ("grpc_submit_per_s",),
        ("details", "servers"),
        200.0,
        "default: make bench-cases gave ~400/s over 2 serve processes on 2 cores",
    ),
    "queue_page_p99_ms": ("cases.json", ("queue_page_p99_ms",), None, 20.0, "default"),
    "relay_events_per_s": (
        "kit.json",
        ("relay_events_per_s",),
        None,
        2000.0,
        "default, not measured here: run make bench-kit",
    ),
    "consumer_events_per_s": (
        "kit.json",
        ("consumer_events_per_s",),
        None,
        1000.0,
        "default, not measured here: run make bench-kit",
    ),
    "logins_per_s_per_vcpu": (
        "identity.json",
        ("password_logins_per_s",),
        ("cpus",),
        15.0,
        "default: Keycloak's sizing guide, 15 password logins/s per vCPU",
    ),
    "gateway_submit_per_worker": (
        "gateway.json",
        ("gateway_submit_per_s",),
        ("cores",),
        50.0,
        "default: make bench-gateway gave ~100/s through 2 gateway workers on 2 cores",
    ),
    "process_mib": (
        "footprint.json",
        ("process_pss_mib",),
        None,
        95.0,
        "default: make footprint on 2026-12-02, 75-95 MiB PSS per service process",
    ),
}

# Other measurements of the same figure, tried in order when the first file has none.
ALTERNATIVES: dict[str, list[tuple[str, tuple[str, ...], tuple[str, ...] | None]]] = {
    # the notifications service's real consumer (events to inbox rows), one process
    "consumer_events_per_s": [("notifications.json", ("events_to_inbox_per_s",), None)],
}


@dataclass(frozen=True)
class Figures:
    """What one unit of each component does, measured or defaulted."""

    submit_per_process: float  # gRPC submissions/s one cases `serve` process carried
    queue_page_p99_ms: float  # a staff queue page with 1M cases in the table
    relay_events_per_s: float  # one relay process
    consumer_events_per_s: float  # one consumer process
    logins_per_s_per_vcpu: float
    gateway_submit_per_worker: float  # submissions/s through one gateway worker, whole stack
    process_mib: float


@dataclass(frozen=True)
class Assumptions:
    """Demand and data sizes the benchmarks cannot measure; each stated in docs/capacity.md."""

    # Shanghai's one-window platform: ~570 million cases over its first ~5 years for ~25
    # million residents -> ~4.6 applications per resident per year.
    applications_per_person_year: float = 570e6 / 5 / 25e6
    working_days: int = 250
    peak_day_factor: float = 3.0  # the busiest day against an average working day
    peak_hour_share: float = 0.15  # of a day's applications in its busiest hour
    peak_second_factor: float = 2.0  # busiest second against the busiest hour's average
    events_per_application: float = 10.0  # submitted, assigned, decided, issued, notices …
    cases_topic_share: float = 0.5  # of all events, on onewindow.cases.v1
    logins_per_application: float = 2.0  # apply, then follow up
    headroom: float = 2.0  # capacity planned over the peak
    db_kib_per_application: float = 16.0  # rows + indexes in all services, outbox pruned
    write_ios_per_application: float = 60.0  # ~15 write transactions x ~4 I/Os
    document_mib_per_application: float = 2.0  # uploads (scans, photos) + certificate
    min_partitions: int = 6  # onewindow_kit.topics.DEFAULT_PARTITIONS
    min_replicas: int = 2


def _dig(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _measured(bench_dir: Path, file: str, path, divisor) -> float | None:
    if not (bench_dir / file).is_file():
        return None
    data = json.loads((bench_dir / file).read_text(encoding="utf-8"))
    value, over = _dig(data, path), _dig(data, divisor) if divisor else 1
    numbers = isinstance(value, int | float) and isinstance(over, int | float)
    return float(value) / float(over) if numbers and value > 0 and over > 0 else None


def load_figures(bench_dir: Path) -> tuple[Figures, dict[str, str]]:
    """The figures, and where each came from (a file, or a labelled default)."""
    values: dict[str, float] = {}
    origin: dict[str, str] = {}
    for name, (file, path, divisor, default, label) in SOURCES.items():
        values[name], origin[name] = default, label
        for alt_file, alt_path, alt_divisor in [(file, path, divisor), *ALTERNATIVES.get(name, [])]:
            found = _measured(bench_dir, alt_file, alt_path, alt_divisor)
            if found is not None:
                values[name], origin[name] = found, f"measured: var/bench/{alt_file}"
                break
    return Figures(**values), origin


def size(population: float, f: Figures, a: Assumptions) -> dict[str, float]:
    """Every row of the table for one population."""
    per_year = population * a.applications_per_person_year
    peak_day = per_year / a.working_days * a.peak_day_factor
    peak_apps_s = peak_day * a.peak_hour_share / 3600 * a.peak_second_factor
    events_s = peak_apps_s * a.events_per_application
    cases_events_s = events_s * a.cases_topic_share
    consumers = math.ceil(cases_events_s * a.headroom / f.consumer_events_per_s)
    rows = {
        "applications_per_year": per_year,
        "applications_peak_day": peak_day,
        "applications_peak_per_s": peak_apps_s,
        "events_peak_per_s": events_s,
        "partitions_per_topic": max(a.min_partitions, consumers),
        "cases_serve_replicas": _replicas(peak_apps_s * a.headroom / f.submit_per_process, a),
        "gateway_pods": _replicas(peak_apps_s * a.headroom / f.gateway_submit_per_worker, a),
        "relay_replicas": _replicas(cases_events_s * a.headroom / f.relay_events_per_s, a),
        "consumer_replicas": _replicas(consumers, a),
        "keycloak_vcpus": math.ceil(
            peak_apps_s * a.logins_per_application * a.headroom / f.logins_per_s_per_vcpu
        ),
        "postgres_gib_per_year": per_year * a.db_kib_per_application / MIB,
        "postgres_write_iops_peak": peak_apps_s * a.write_ios_per_application,
        "object_storage_tib_per_year": per_year * a.document_mib_per_application / MIB,
        "days_to_benchmarked_cases": BENCHMARKED_CASES / (per_year / 365),
    }
    rows["process_memory_gib"] = _processes(rows, a) * f.process_mib / 1024
    return rows


def _replicas(units: float, a: Assumptions) -> int:
    return max(a.min_replicas, math.ceil(units))


def _processes(rows: dict[str, float], a: Assumptions) -> float:
    """OneWindow pods: cases serve, gateways (one worker each), the other serves, relays,
    consumers (cases, documents, notifications x2), workers (scan, dispatch)."""
    serve = rows["cases_serve_replicas"] + rows["gateway_pods"] + 3 * a.min_replicas
    return serve + 4 * rows["relay_replicas"] + 4 * rows["consumer_replicas"] + 2 * a.min_replicas


def saturation(rows: dict[str, float], f: Figures, a: Assumptions) -> list[tuple[str, float]]:
    """Load at the peak against what one unit carries, highest first."""
    peak = rows["applications_peak_per_s"]
    loads = {
        "Keycloak, one 2-vCPU node (password logins; scales by clustering)": peak
        * a.logins_per_application
        / (2 * f.logins_per_s_per_vcpu),
        "PostgreSQL primary of cases (submissions; measured on one 2-core box)": peak
        / (2 * f.submit_per_process),
        "cases consumer group (events over today's 6 partitions)": rows["events_peak_per_s"]
        * a.cases_topic_share
        / (a.min_partitions * f.consumer_events_per_s),
    }
    return sorted(loads.items(), key=lambda item: item[1], reverse=True)


BENCHMARKED_CASES = 1_000_000  # the cases table size bench-cases measured the queue page at
ROWS = [
    ("applications_per_year", "applications per year", "{:,.0f}"),
    ("applications_peak_day", "applications on the peak day", "{:,.0f}"),
    ("applications_peak_per_s", "applications per second at the peak", "{:,.1f}"),
    ("events_peak_per_s", "events per second at the peak (all topics)", "{:,.0f}"),
    ("partitions_per_topic", "partitions per domain topic", "{:,.0f}"),
    ("cases_serve_replicas", "cases `serve` replicas", "{:,.0f}"),
    ("gateway_pods", "gateway pods (one worker each)", "{:,.0f}"),
    ("relay_replicas", "relay replicas per service", "{:,.0f}"),
    ("consumer_replicas", "consumer replicas per consumer group", "{:,.0f}"),
    ("process_memory_gib", "memory of all OneWindow processes (GiB)", "{:,.1f}"),
    ("keycloak_vcpus", "Keycloak vCPUs (password logins)", "{:,.0f}"),
    ("postgres_gib_per_year", "PostgreSQL growth per year (GiB, all services)", "{:,.0f}"),
    ("postgres_write_iops_peak", "PostgreSQL write IOPS at the peak", "{:,.0f}"),
    ("object_storage_tib_per_year", "object storage per year (TiB)", "{:,.1f}"),
    ("days_to_benchmarked_cases", "days until cases holds the benchmarked 1M cases", "{:,.0f}"),
]


def render(populations: dict[str, float], f: Figures, origin: dict[str, str]) -> str:
    """The Markdown the docs carry between the capacity markers."""
    a = Assumptions()
    sized = {name: size(pop, f, a) for name, pop in populations.items()}
    lines = ["| | " + " | ".join(sized) + " |", "|---|" + "---:|" * len(sized)]
    for key, label, fmt in ROWS:
        lines.append(
            f"| {label} | " + " | ".join(fmt.format(r[key]) for r in sized.values()) + " |"
        )
    lines += ["", "Figures used:", ""]
    for field in fields(Figures):
        lines.append(f"- `{field.name}` = {getattr(f, field.name):g} ({origin[field.name]})")
    lines += ["", "Load at the peak against one unit (above 1: that unit is saturated):", ""]
    for name, rows in sized.items():
        ranked = saturation(rows, f, a)
        listed = "; ".join(f"{what}: {load:.2f}" for what, load in ranked)
        lines.append(f"- {name}: {listed}.")
    return "\n".join(lines) + "\n"


POPULATIONS = {"city (5 million)": 5e6, "province (50 million)": 50e6}


def write_between_markers(doc: Path, table: str) -> None:
    """Replace the generated part of ``doc``."""
    text = doc.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    doc.write_text(f"{head}{BEGIN}\n{table}{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Print the table, or write it into docs/capacity.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--write", type=Path, help="the document to update between its markers")
    args = parser.parse_args(argv)
    figures, origin = load_figures(args.bench)
    table = render(POPULATIONS, figures, origin)
    if args.write:
        write_between_markers(args.write, table)
        print(f"[capacity] {args.write} updated")
    else:
        sys.stdout.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
