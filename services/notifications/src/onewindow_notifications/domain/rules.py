"""Notification rules: event type (+ filters) → category, template and recipients.

Loaded from a declarative, versioned YAML file; every problem is reported by its path."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from onewindow_notifications.domain.model import PERSON_CHANNELS

RECIPIENT_KINDS = (
    "applicant",  # the person the case (or identity event) is about
    "representative",  # whoever acted for the applicant under a mandate
    "assignee",  # the official handling the case
    "department_staff",  # staff of the responsible department with the clerk/supervisor role
    "supervisors",
    "department_admins",
    "event_address",  # the one-off address an identity contact event carries (new or old)
)
FILTER_KEYS = ("department", "service_type", "outcome", "channel", "max_score")


class RulesError(ValueError):
    """A rules or templates file is wrong; ``problems`` holds (path, description) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p}: {d}" for p, d in problems))


@dataclass(frozen=True)
class Category:
    """A kind of notice; mandatory ones cannot be switched off. A bulk category's e-mails and
    text messages (one notice to each of a department's staff) wait behind the others when a
    channel's rate limit queues them, so a citizen's receipt or decision is not held up by them."""

    name: str
    mandatory: bool
    default_channels: tuple[str, ...]
    required_channels: tuple[str, ...] = ()  # mandatory: channels a person cannot remove
    bulk: bool = False


@dataclass(frozen=True)
class Rule:
    """When an event of ``event`` passes the filters, ``template`` goes to ``recipients``."""

    id: str
    event: str
    category: str
    template: str
    recipients: tuple[str, ...]
    filters: Mapping[str, Any] = field(default_factory=dict)

    def matches(self, event_type: str, facts: Mapping[str, Any]) -> bool:
        """True when the event is of this rule's type and passes every filter."""
        if event_type != self.event:
            return False
        for key, allowed in self.filters.items():
            if key == "max_score":
                if int(facts.get("score", 0) or 0) > int(allowed):
                    return False
            elif str(facts.get(key, "")) not in allowed:
                return False
        return True


@dataclass(frozen=True)
class RuleSet:
    """A validated, versioned rules file."""

    version: int
    categories: Mapping[str, Category]
    rules: tuple[Rule, ...]

    def matching(self, event_type: str, facts: Mapping[str, Any]) -> list[Rule]:
        """Every rule the event triggers, in file order."""
        return [r for r in self.rules if r.matches(event_type, facts)]

    def mandatory_categories(self) -> list[str]:
        """Names of the categories that cannot be switched off."""
        return sorted(c.name for c in self.categories.values() if c.mandatory)


def _channels(value: Any, path: str, problems: list[tuple[str, str]]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        problems.append((path, "must be a list of channel names"))
        return ()
    for i, c in enumerate(value):
        if c not in PERSON_CHANNELS:
            problems.append((f"{path}[{i}]", f"unknown channel {c!r}; known: email, sms"))
    return tuple(value)


def _categories(raw: Any, problems: list[tuple[str, str]]) -> dict[str, Category]:
    if not isinstance(raw, dict) or not raw:
        problems.append(("categories", "must be a non-empty mapping of category name to settings"))
        return {}
    out: dict[str, Category] = {}
    for name, spec in raw.items():
        path = f"categories.{name}"
        if not isinstance(spec, dict):
            problems.append((path, "must be a mapping"))
            continue
        mandatory = spec.get("mandatory", False)
        if not isinstance(mandatory, bool):
            problems.append((f"{path}.mandatory", "must be true or false"))
        default = _channels(spec.get("default_channels", []), f"{path}.default_channels", problems)
        required = _channels(
            spec.get("required_channels", []), f"{path}.required_channels", problems
        )
        if required and not mandatory:
            problems.append((f"{path}.required_channels", "only mandatory categories have any"))
        bulk = spec.get("bulk", False)
        if not isinstance(bulk, bool):
            problems.append((f"{path}.bulk", "must be true or false"))
        out[name] = Category(name, bool(mandatory), default, required, bulk is True)
    return out


def _filters(raw: Any, path: str, problems: list[tuple[str, str]]) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append((path, "must be a mapping"))
        return {}
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in FILTER_KEYS:
            problems.append((f"{path}.{key}", f"unknown filter; known: {', '.join(FILTER_KEYS)}"))
        elif key == "max_score":
            if not isinstance(value, int):
                problems.append((f"{path}.{key}", "must be an integer"))
            out[key] = value
        elif not isinstance(value, list) or not value:
            problems.append((f"{path}.{key}", "must be a non-empty list"))
        else:
            out[key] = frozenset(str(v) for v in value)
    return out


def _rule(
    raw: Any,
    path: str,
    categories: Mapping[str, Category],
    known_events: Iterable[str],
    problems: list[tuple[str, str]],
) -> Rule | None:
    if not isinstance(raw, dict):
        problems.append((path, "must be a mapping"))
        return None
    for key in ("id", "event", "category", "template"):
        if not isinstance(raw.get(key), str) or not raw.get(key):
            problems.append((f"{path}.{key}", "is required"))
    if raw.get("event") and raw.get("event") not in set(known_events):
        problems.append((f"{path}.event", f"unknown event type {raw.get('event')!r}"))
    if raw.get("category") and raw.get("category") not in categories:
        problems.append((f"{path}.category", f"unknown category {raw.get('category')!r}"))
    recipients = raw.get("recipients")
    if not isinstance(recipients, list) or not recipients:
        problems.append((f"{path}.recipients", "must be a non-empty list"))
        recipients = []
    for i, r in enumerate(recipients):
        if r not in RECIPIENT_KINDS and not (isinstance(r, str) and r.startswith("field:")):
            problems.append(
                (f"{path}.recipients[{i}]", f"unknown recipient {r!r}; known: "
                 f"{', '.join(RECIPIENT_KINDS)} or field:<payload field>")
            )  # fmt: skip
    filters = _filters(raw.get("when"), f"{path}.when", problems)
    return Rule(
        id=str(raw.get("id", "")),
        event=str(raw.get("event", "")),
        category=str(raw.get("category", "")),
        template=str(raw.get("template", "")),
        recipients=tuple(str(r) for r in recipients),
        filters=filters,
    )


def parse_rules(document: Any, known_events: Iterable[str]) -> RuleSet:
    """Validate a parsed rules document; RulesError lists every problem by path."""
    problems: list[tuple[str, str]] = []
    if not isinstance(document, dict):
        raise RulesError([("$", "must be a mapping with version, categories and rules")])
    version = document.get("version")
    if not isinstance(version, int) or version < 1:
        problems.append(("version", "must be a positive integer"))
    categories = _categories(document.get("categories"), problems)
    raw_rules = document.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        problems.append(("rules", "must be a non-empty list"))
        raw_rules = []
    known = list(known_events)
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_rules):
        rule = _rule(raw, f"rules[{i}]", categories, known, problems)
        if rule is None:
            continue
        if rule.id in seen:
            problems.append((f"rules[{i}].id", f"duplicate rule id {rule.id!r}"))
        seen.add(rule.id)
        rules.append(rule)
    if problems:
        raise RulesError(problems)
    return RuleSet(int(version), categories, tuple(rules))  # type: ignore[arg-type]
