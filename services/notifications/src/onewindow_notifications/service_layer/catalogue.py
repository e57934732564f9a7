"""Rules and templates loaded together and cross-checked: each rule's template exists and was
written for the rule's event."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from onewindow_notifications.domain.rules import RulesError, RuleSet, parse_rules
from onewindow_notifications.domain.templates import Template, parse_templates
from onewindow_notifications.service_layer.event_types import PAYLOADS, samples


@dataclass(frozen=True)
class Catalogue:
    """What the service notifies about and how the messages read."""

    rules: RuleSet
    templates: dict[str, Template]


def _read(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulesError([(str(path), f"cannot be read: {exc}")]) from exc
    except yaml.YAMLError as exc:
        raise RulesError([(str(path), f"is not valid YAML: {exc}")]) from exc


def from_documents(rules_doc: object, templates_doc: object) -> Catalogue:
    """Validate parsed documents; RulesError lists every problem of both by path."""
    problems: list[tuple[str, str]] = []
    rules: RuleSet | None = None
    templates: dict[str, Template] = {}
    try:
        rules = parse_rules(rules_doc, PAYLOADS)
    except RulesError as exc:
        problems += exc.problems
    try:
        templates = parse_templates(templates_doc, samples())
    except RulesError as exc:
        problems += exc.problems
    if rules is not None and not problems:
        for i, rule in enumerate(rules.rules):
            template = templates.get(rule.template)
            if template is None:
                problems.append((f"rules[{i}].template", f"unknown template {rule.template!r}"))
            elif template.event != rule.event:
                problems.append(
                    (f"rules[{i}].template", f"{rule.template!r} is written for {template.event}")
                )
    if problems or rules is None:
        raise RulesError(problems)
    return Catalogue(rules, templates)


def load(rules_path: Path, templates_path: Path) -> Catalogue:
    """Read and validate both files."""
    return from_documents(_read(rules_path), _read(templates_path))
