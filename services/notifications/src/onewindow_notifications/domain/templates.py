"""Message templates: Jinja2 in an immutable sandbox with strict undefined, per language.

A template is checked at load against the fields its event type provides (every variable must
be one of them, and a trial render with sample values must succeed), so a missing variable fails
the load, never the send."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2 import StrictUndefined, TemplateError, meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

from onewindow_notifications.domain.model import DEFAULT_LANGUAGE, LANGUAGES
from onewindow_notifications.domain.rules import RulesError

PARTS = ("title", "text", "html", "sms")
SMS_MAX_CHARS = 280  # a short text: at most a few segments
COMMON_VARIABLES = ("event_id", "event_type", "occurred_at", "language")


@dataclass(frozen=True)
class Rendered:
    """What one template rendered for one event and language."""

    template_id: str
    version: int
    language: str
    title: str
    text: str
    html: str
    sms: str

    @property
    def content_hash(self) -> str:
        """sha256 over every part: proves later what exactly was sent."""
        digest = hashlib.sha256()
        for part in (self.title, self.text, self.html, self.sms):
            digest.update(part.encode())
            digest.update(b"\x00")
        return digest.hexdigest()


@dataclass(frozen=True)
class Template:
    """One template id: its version, the event it is for, and its compiled parts per language."""

    id: str
    version: int
    event: str
    parts: Mapping[str, Mapping[str, Any]]  # language -> part -> jinja2 Template (checked)
    # language -> one jinja2 Template with a block per part: what render() uses, so a message
    # builds one template context instead of four (the consumer renders one per notice)
    combined: Mapping[str, Any] = field(default_factory=dict)

    def render(self, language: str, context: Mapping[str, Any]) -> Rendered:
        """Render every part in ``language`` (the default language when it has none)."""
        lang = language if language in self.parts else DEFAULT_LANGUAGE
        values = {"language": lang, **context}
        compiled = self.combined[lang]
        ctx = compiled.new_context(values)
        out = {name: "".join(compiled.blocks[name](ctx)).strip() for name in PARTS}
        return Rendered(self.id, self.version, lang, **out)

    def render_parts(self, language: str, context: Mapping[str, Any]) -> Rendered:
        """render() part by part, with the templates checked at load (the reference)."""
        lang = language if language in self.parts else DEFAULT_LANGUAGE
        values = {"language": lang, **context}
        out = {name: self.parts[lang][name].render(values).strip() for name in PARTS}
        return Rendered(self.id, self.version, lang, **out)


def _combine(
    env: ImmutableSandboxedEnvironment, spec: Mapping[str, Any], path: str,
    problems: list[tuple[str, str]],
) -> Any:  # fmt: skip
    """One template with a block per part; the html block autoescaped like the html part."""
    blocks = []
    for part in PARTS:
        source = str(spec[part])
        if part == "html":
            source = "{% autoescape true %}" + source + "{% endautoescape %}"
        blocks.append(f"{{% block {part} %}}{source}{{% endblock %}}")
    try:
        combined = env.from_string("".join(blocks))
    except TemplateError as exc:
        problems.append((path, f"cannot be combined (no block or extends tags): {exc}"))
        return None
    if set(combined.blocks) != set(PARTS):
        problems.append((path, "must not define blocks of its own"))
        return None
    return combined


def _environments() -> tuple[ImmutableSandboxedEnvironment, ImmutableSandboxedEnvironment]:
    plain = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    html = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    return plain, html


def _compile_part(
    envs: tuple[ImmutableSandboxedEnvironment, ImmutableSandboxedEnvironment],
    source: Any,
    part: str,
    path: str,
    allowed: set[str],
    sample: Mapping[str, Any],
    problems: list[tuple[str, str]],
) -> Any:
    if not isinstance(source, str) or not source.strip():
        problems.append((path, "is required (a non-empty template string)"))
        return None
    env = envs[1] if part == "html" else envs[0]
    try:
        unknown = meta.find_undeclared_variables(env.parse(source)) - allowed
        if unknown:
            problems.append((path, f"uses fields its event does not provide: {sorted(unknown)}"))
            return None
        compiled = env.from_string(source)
        rendered = compiled.render({"language": DEFAULT_LANGUAGE, **sample})
    except TemplateError as exc:
        problems.append((path, f"does not render with the event's fields: {exc}"))
        return None
    if part == "sms" and len(rendered) > SMS_MAX_CHARS:
        problems.append(
            (path, f"renders {len(rendered)} characters; an SMS is at most {SMS_MAX_CHARS}")
        )
    return compiled


def _template(
    tid: str,
    raw: Any,
    samples: Mapping[str, Mapping[str, Any]],
    envs: tuple[ImmutableSandboxedEnvironment, ImmutableSandboxedEnvironment],
    problems: list[tuple[str, str]],
) -> Template | None:
    path = f"templates.{tid}"
    if not isinstance(raw, dict):
        problems.append((path, "must be a mapping"))
        return None
    version, event, languages = raw.get("version"), raw.get("event"), raw.get("languages")
    if not isinstance(version, int) or version < 1:
        problems.append((f"{path}.version", "must be a positive integer"))
    if event not in samples:
        problems.append((f"{path}.event", f"unknown event type {event!r}"))
        return None
    if not isinstance(languages, dict) or DEFAULT_LANGUAGE not in languages:
        problems.append((f"{path}.languages", f"must have at least {DEFAULT_LANGUAGE}"))
        return None
    sample = samples[str(event)]
    allowed = set(sample) | set(COMMON_VARIABLES)
    parts: dict[str, dict[str, Any]] = {}
    combined: dict[str, Any] = {}
    for lang, spec in languages.items():
        lpath = f"{path}.languages.{lang}"
        if lang not in LANGUAGES:
            problems.append((lpath, f"unknown language; known: {', '.join(LANGUAGES)}"))
            continue
        if not isinstance(spec, dict):
            problems.append((lpath, "must be a mapping of title, text, html, sms"))
            continue
        parts[lang] = {
            part: _compile_part(
                envs, spec.get(part), part, f"{lpath}.{part}", allowed, sample, problems
            )
            for part in PARTS
        }
        if all(parts[lang].values()):
            combined[lang] = _combine(envs[0], spec, lpath, problems)
    version = int(version) if isinstance(version, int) else 0
    return Template(tid, version, str(event), parts, combined)


def parse_templates(document: Any, samples: Mapping[str, Mapping[str, Any]]) -> dict[str, Template]:
    """Compile and check every template; ``samples`` gives each event type's fields with sample
    values. RulesError lists every problem by path."""
    problems: list[tuple[str, str]] = []
    raw = document.get("templates") if isinstance(document, dict) else None
    if not isinstance(raw, dict) or not raw:
        raise RulesError([("templates", "must be a non-empty mapping of template id to template")])
    envs = _environments()
    out: dict[str, Template] = {}
    for tid, spec in raw.items():
        template = _template(str(tid), spec, samples, envs, problems)
        if template is not None:
            out[str(tid)] = template
    if problems:
        raise RulesError(problems)
    return out
