"""The offline check of the rendered chart (infra/k8s_validate.py, run by make k8s-check) rejects
what a cluster would reject, and the broken references between objects no schema sees."""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location("k8s_validate", ROOT / "infra" / "k8s_validate.py")
assert SPEC and SPEC.loader
k8s_validate = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(k8s_validate)

LABELS = {"app.kubernetes.io/name": "cases", "app.kubernetes.io/component": "serve"}
DEPLOYMENT = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "cases-serve"},
    "spec": {
        "selector": {"matchLabels": LABELS},
        "template": {
            "metadata": {"labels": LABELS},
            "spec": {
                "containers": [
                    {
                        "name": "serve",
                        "image": "onewindow:1",
                        "envFrom": [{"configMapRef": {"name": "cases"}}],
                        "readinessProbe": {"grpc": {"port": 50052}},
                    }
                ]
            },
        },
    },
}
CONFIG = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cases"}, "data": {}}
SERVICE = {
    "apiVersion": "v1",
    "kind": "Service",
    "metadata": {"name": "cases"},
    "spec": {"selector": LABELS, "ports": [{"name": "grpc", "port": 50052}]},
}
HPA = {
    "apiVersion": "autoscaling/v2",
    "kind": "HorizontalPodAutoscaler",
    "metadata": {"name": "cases-serve"},
    "spec": {
        "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "cases-serve"},
        "maxReplicas": 4,
    },
}


def _write(tmp_path: Path, objects: list[dict]) -> Path:
    path = tmp_path / "rendered.yaml"
    path.write_text(yaml.safe_dump_all(objects), encoding="utf-8")
    return path


def test_a_consistent_render_passes(tmp_path, capsys):
    assert k8s_validate.main([str(_write(tmp_path, [DEPLOYMENT, CONFIG, SERVICE, HPA]))]) == 0
    assert "4 objects valid" in capsys.readouterr().out


def test_an_unknown_field_fails_naming_the_object(tmp_path, capsys):
    broken = copy.deepcopy(DEPLOYMENT)
    broken["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    assert k8s_validate.main([str(_write(tmp_path, [broken, CONFIG]))]) == 1
    err = capsys.readouterr().err
    assert "Deployment/cases-serve" in err and "readinesProbe" in err


def test_a_wrong_type_fails(tmp_path):
    broken = copy.deepcopy(SERVICE)
    broken["spec"]["ports"][0]["port"] = "grpc"
    problems = k8s_validate.check(_write(tmp_path, [DEPLOYMENT, CONFIG, broken]))
    assert any("Service/cases" in p and "port" in p for p in problems)


def test_a_duplicate_key_fails(tmp_path):
    path = tmp_path / "rendered.yaml"
    path.write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n", encoding="utf-8"
    )
    [problem] = k8s_validate.check(path)
    assert "duplicate key 'name'" in problem


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda objs: objs.remove(CONFIG), "envFrom names ConfigMap/cases, which is not rendered"),
        (lambda objs: objs[2]["spec"].update(selector={"x": "y"}), "selects no pod"),
        (lambda objs: objs[3]["spec"]["scaleTargetRef"].update(name="gone"), "Deployment/gone"),
    ],
)
def test_broken_references_between_objects_fail(tmp_path, change, expected):
    objects = copy.deepcopy([DEPLOYMENT, CONFIG, SERVICE, HPA])
    change(objects)
    problems = k8s_validate.check(_write(tmp_path, objects))
    assert any(expected in p for p in problems), problems
