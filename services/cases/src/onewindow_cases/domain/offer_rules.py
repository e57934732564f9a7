"""Offer rules of the catalogue: "when event E happens for person P, offer service type (or
bundle) T to P", with a declarative eligibility condition and a prefill map. Plain data and the
two evaluations the offers need: does a rule hold for these facts, and what does it pre-fill."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

# Trigger events and the payload fields a rule may match on or read (event.<field>).
EVENT_FIELDS: Mapping[str, tuple[str, ...]] = {
    "certificate_issued": (
        "document_id", "certificate_type", "applicant_id", "case_id", "case_number",
        "issuer_department", "bundle_id", "service_type", "issued_at",
    ),
    "case_decided": (
        "case_id", "case_number", "outcome", "applicant_id", "responsible_department",
        "service_type", "certificate_type", "bundle_id",
    ),
}  # fmt: skip
# The triggering case as facts (case.<field>; its form as case.form.<field>).
CASE_FIELDS = ("service_type", "case_number", "responsible_department", "bundle_type", "status")
# The person record, read with the confirming caller's own token (person.<field>).
PERSON_FIELDS = ("national_id", "family_name", "given_name", "full_name", "date_of_birth")
# Sources known when the offer is made; person.* is only known when it is confirmed.
OFFER_TIME_ROOTS = ("event", "case", "wallet")
OPERATORS = ("equals", "not_equals", "in", "present", "within_days", "has")

Facts = Mapping[str, Any]


@dataclass(frozen=True)
class Condition:
    """One test on a fact: ``{fact: event.bundle_id, equals: ""}``."""

    fact: str
    op: str
    value: Any

    def holds(self, facts: Facts, today: date) -> bool:
        """True when the fact passes the test (an unknown fact is absent)."""
        actual = facts.get(self.fact)
        if self.op == "present":
            return bool(actual not in (None, "")) == bool(self.value)
        if self.op == "equals":
            return (actual if actual is not None else "") == self.value
        if self.op == "not_equals":
            return (actual if actual is not None else "") != self.value
        if self.op == "in":
            return actual in self.value
        if self.op == "has":
            return self.value in (actual or ())
        return _within_days(actual, int(self.value), today)


def _within_days(actual: Any, days: int, today: date) -> bool:
    """A date fact no more than ``days`` days before today (and not in the future)."""
    try:
        when = date.fromisoformat(str(actual)[:10])
    except ValueError:
        return False
    return today - timedelta(days=days) <= when <= today


@dataclass(frozen=True)
class OfferRule:
    """One catalogue offer rule."""

    code: str
    event: str  # certificate_issued | case_decided
    match: Mapping[str, str]  # payload field -> the value it must have
    title: Mapping[str, str]
    service_type: str = ""  # what is offered: a service type ...
    bundle: str = ""  # ... or a bundle
    eligible: tuple[Condition, ...] = ()
    prefill: Mapping[str, str] = field(default_factory=dict)  # form field -> source
    documents: Mapping[str, str] = field(default_factory=dict)  # document type -> source
    expires_after_days: int = 90

    def triggered_by(self, event: str, payload: Facts) -> bool:
        """The event is this rule's trigger and its payload matches."""
        return event == self.event and all(
            str(payload.get(k, "")) == v for k, v in self.match.items()
        )

    def eligible_for(self, facts: Facts, today: date) -> bool:
        """Every condition holds."""
        return all(c.holds(facts, today) for c in self.eligible)


@dataclass(frozen=True)
class Prefill:
    """What an offer knows, defers to the person record, and must ask for."""

    form: dict[str, Any]
    documents: dict[str, str]
    person_fields: dict[str, str]  # form field -> person.<field> source
    missing_fields: list[str]
    missing_documents: list[str]


def prefill(
    rule: OfferRule, facts: Facts, form_fields: list[str], document_types: list[str]
) -> Prefill:
    """Resolve the rule's prefill map against the offer-time facts; ``form_fields`` and
    ``document_types`` are what the offered application needs (required ones)."""
    form: dict[str, Any] = {}
    person: dict[str, str] = {}
    for name, source in rule.prefill.items():
        if source.startswith("person."):
            person[name] = source
        elif facts.get(source) not in (None, ""):
            form[name] = facts[source]
    documents = {
        doc_type: str(facts[source])
        for doc_type, source in rule.documents.items()
        if facts.get(source) not in (None, "")
    }
    missing = [f for f in form_fields if f not in form and f not in person]
    missing_docs = [d for d in document_types if d not in documents]
    return Prefill(form, documents, person, missing, missing_docs)


def person_facts(record: Mapping[str, str]) -> dict[str, str]:
    """person.<field> facts from a person record (full_name = family then given name)."""
    out = {f"person.{k}": v for k, v in record.items() if k in PERSON_FIELDS and v}
    full = f"{record.get('family_name', '')} {record.get('given_name', '')}".strip()
    if full:
        out["person.full_name"] = full
    return out
