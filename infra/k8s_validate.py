"""Check what `helm template` rendered from infra/k8s: every object against the Kubernetes
schemas (kubernetes-validate, strict: unknown fields fail), no duplicate YAML keys, and the
references between objects that no schema sees (selectors that select, names that exist).

Usage: python infra/k8s_validate.py RENDERED.yaml [...]   (make k8s-check)
Exit status 1 and one line per problem when anything is wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import kubernetes_validate
import yaml

KUBERNETES_VERSION = "1.33.0"  # the version infra/helm.sh renders for (--kube-version)
Obj = dict[str, Any]


class _NoDuplicates(yaml.SafeLoader):
    """A loader that refuses a key given twice in one mapping (kubectl apply refuses it too)."""


def _mapping(loader: _NoDuplicates, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_NoDuplicates.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load(text: str) -> list[Obj]:
    """The objects of a multi-document YAML stream (empty documents dropped)."""
    return [doc for doc in yaml.load_all(text, Loader=_NoDuplicates) if doc]


def _name(obj: Obj) -> str:
    return f"{obj.get('kind')}/{obj.get('metadata', {}).get('name')}"


def schema_problems(objects: Iterable[Obj], version: str = KUBERNETES_VERSION) -> Iterator[str]:
    """Each object that the Kubernetes schema of ``version`` rejects, with the reason."""
    for obj in objects:
        try:
            kubernetes_validate.validate(obj, version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            path = "/".join(str(p) for p in exc.path)
            yield f"{_name(obj)}: {path}: {exc.message}"
        except (kubernetes_validate.SchemaNotFoundError, kubernetes_validate.InvalidSchemaError):
            yield f"{_name(obj)}: no Kubernetes {version} schema for {obj.get('apiVersion')}"


def _by_kind(objects: Iterable[Obj], kind: str) -> dict[str, Obj]:
    return {o["metadata"]["name"]: o for o in objects if o.get("kind") == kind}


def _pod_labels(objects: Iterable[Obj]) -> list[dict[str, str]]:
    """The labels of every pod the workloads would create."""
    kinds = ("Deployment", "Job", "StatefulSet")
    return [
        o["spec"]["template"]["metadata"].get("labels", {}) for o in objects if o["kind"] in kinds
    ]


def _selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


def _pod_specs(objects: Iterable[Obj]) -> Iterator[tuple[Obj, Obj]]:
    for obj in objects:
        if obj["kind"] in ("Deployment", "Job", "StatefulSet"):
            yield obj, obj["spec"]["template"]["spec"]


def _env_refs(pod: Obj) -> Iterator[tuple[str, str]]:
    """("ConfigMap" | "Secret", name) for every envFrom source a container needs."""
    for container in [*pod.get("initContainers", []), *pod["containers"]]:
        for source in container.get("envFrom", []):
            for key, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                ref = source.get(key)
                if ref and not ref.get("optional"):
                    yield kind, ref["name"]


def reference_problems(objects: list[Obj], external_secrets: Iterable[str] = ()) -> Iterator[str]:
    """Selectors that select nothing and names of objects the render does not contain."""
    pods = _pod_labels(objects)
    names = {kind: _by_kind(objects, kind) for kind in ("ConfigMap", "Secret", "Service")}
    names["Secret"] = {**names["Secret"], **{n: {} for n in external_secrets}}
    for obj, pod in _pod_specs(objects):
        for kind, ref in _env_refs(pod):
            if ref not in names[kind]:
                yield f"{_name(obj)}: envFrom names {kind}/{ref}, which is not rendered"
    for obj in objects:
        yield from _selector_problems(obj, pods, _by_kind(objects, "Deployment"))
        if obj["kind"] == "Ingress":
            yield from _ingress_problems(obj, names["Service"])


def _selector_problems(obj: Obj, pods: list[dict[str, str]], deployments: dict[str, Obj]):
    kind, spec = obj["kind"], obj.get("spec", {})
    if kind == "Deployment":
        labels = spec["template"]["metadata"].get("labels", {})
        if not _selects(spec["selector"]["matchLabels"], labels):
            yield f"{_name(obj)}: selector does not match its own pod labels"
    elif kind in ("Service", "PodDisruptionBudget", "NetworkPolicy"):
        selector = spec.get("selector", spec.get("podSelector", {}))
        selector = selector.get("matchLabels", selector) if kind != "Service" else selector
        if not any(_selects(selector, labels) for labels in pods):
            yield f"{_name(obj)}: selector {selector} selects no pod"
    elif kind == "HorizontalPodAutoscaler":
        target = spec["scaleTargetRef"]["name"]
        if target not in deployments:
            yield f"{_name(obj)}: scales Deployment/{target}, which is not rendered"


def _ingress_problems(obj: Obj, services: dict[str, Obj]) -> Iterator[str]:
    for rule in obj["spec"].get("rules", []):
        for path in rule.get("http", {}).get("paths", []):
            backend = path["backend"]["service"]
            service = services.get(backend["name"])
            ports = {p.get("name") for p in (service or {}).get("spec", {}).get("ports", [])}
            if service is None or backend["port"].get("name", "") not in ports:
                yield f"{_name(obj)}: backend {backend} is not a rendered Service port"


def check(path: Path, external_secrets: Iterable[str] = ()) -> list[str]:
    """Every problem of one rendered file."""
    try:
        objects = load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return [f"{path}: not valid YAML: {exc}"]
    problems = [*schema_problems(objects), *reference_problems(objects, external_secrets)]
    return [f"{path.name}: {p}" for p in problems]


def main(argv: list[str] | None = None) -> int:
    """Check each rendered file; print a summary or the problems."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument(
        "--external-secret",
        action="append",
        default=[],
        help="a Secret the operator creates outside the chart (may be repeated)",
    )
    args = parser.parse_args(argv)
    failed = False
    for path in args.files:
        problems = check(path, args.external_secret)
        failed = failed or bool(problems)
        for problem in problems:
            print(problem, file=sys.stderr)
        count = len(load(path.read_text(encoding="utf-8"))) if not problems else 0
        if not problems:
            print(
                f"[k8s] {path.name}: {count} objects valid against Kubernetes {KUBERNETES_VERSION}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
