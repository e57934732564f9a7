"""infra/prometheus/alerts.yaml: well-formed Prometheus rule groups (no promtool on this box: a
structural check), every alert labelled and explained, and every metric it reads either made by
our code or named as an exporter's."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "infra" / "prometheus" / "alerts.yaml"
CODE = [ROOT / "libs" / "kit" / "src", ROOT / "gateway" / "src"]
EXTERNAL = {"kafka_consumergroup_lag": "kafka_exporter / Strimzi Kafka Exporter"}
FUNCTIONS = {"time", "max", "sum", "rate", "increase", "absent", "clamp_min", "by", "or", "and"}
DURATION = re.compile(r"^\d+[smhd]$")


def _rules() -> list[dict]:
    doc = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    assert set(doc) == {"groups"}
    rules = []
    for group in doc["groups"]:
        assert set(group) == {"name", "rules"} and group["rules"]
        rules.extend(group["rules"])
    return rules


def _metrics_in_code() -> set[str]:
    names: set[str] = set()
    for folder in CODE:
        for path in folder.rglob("*.py"):
            names |= set(re.findall(r'"((?:onewindow|gateway)_[a-z0-9_]+)"', path.read_text()))
    return names


def test_every_rule_is_a_labelled_explained_alert():
    names = [rule["alert"] for rule in _rules()]
    assert len(names) == len(set(names))
    for rule in _rules():
        assert set(rule) <= {"alert", "expr", "for", "labels", "annotations"}, rule["alert"]
        assert rule["labels"]["severity"] in ("warning", "critical")
        assert rule["annotations"]["summary"] and rule["annotations"]["description"]
        assert "for" not in rule or DURATION.match(rule["for"])
        assert rule["expr"].count("(") == rule["expr"].count(")"), rule["alert"]


def test_the_issue_asks_for_these_alerts():
    metrics = " ".join(rule["expr"] for rule in _rules())
    for wanted in (
        "onewindow_outbox_relayed_timestamp_seconds",  # outbox lag
        "kafka_consumergroup_lag",  # consumer lag
        "onewindow_consumer_dead_lettered_total",  # DLT growth
        'gateway_requests_total{status=~"5.."}',  # 5xx rate
        'onewindow_process_heartbeat_timestamp_seconds{process="cases-scan"}',  # scanner silence
    ):
        assert wanted in metrics


def test_every_metric_an_alert_reads_exists():
    code = _metrics_in_code()
    for rule in _rules():
        expr = re.sub(r'\{[^}]*\}|"[^"]*"|\[[^]]*\]', "", rule["expr"])
        for name in re.findall(r"[a-z_][a-z0-9_]*(?=\s*(?:\{|\)|>|<|/|$|\s))", expr):
            if name in FUNCTIONS or name in ("schema", "consumer", "consumergroup", "service"):
                continue
            assert name in code or name in EXTERNAL, f"{rule['alert']}: no metric {name}"


def test_the_scanner_the_alert_watches_is_a_cases_process():
    from onewindow_cases.__main__ import SPEC

    assert "scan" in SPEC.processes()
