"""Offers: made by the ``offers`` consumer from triggering events, answered by their person
(or a representative acting for them), expired by the scanner. Confirming files the
application through the normal submit path with the caller's own token, idempotently."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from onewindow_cases.domain.case import Case
from onewindow_cases.domain.catalogue import Catalogue
from onewindow_cases.domain.offer import CONFIRMED, Offer
from onewindow_cases.domain.offer_rules import OfferRule, person_facts, prefill
from onewindow_cases.service_layer import offer_events
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.service_layer.offer_ports import OfferServices, OffersUnitOfWork
from onewindow_cases.service_layer.submission import submit_bundle, submit_case
from onewindow_kit.errors import FieldViolation, InvalidArgument, NotFound
from onewindow_kit.logging import get_logger
from onewindow_kit.principal import Principal

log = get_logger("onewindow.cases.offers")
MAX_PAGE = 200
MAX_REASON = 500


@dataclass(frozen=True)
class Trigger:
    """An event that may make offers: its payload fields as facts."""

    event: str  # certificate_issued | case_decided
    event_id: str
    person_id: str
    case_id: str
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ConfirmOffer:
    offer_id: str
    form: dict[str, Any] = field(default_factory=dict)
    document_ids: list[str] = field(default_factory=list)
    delivery_office: str = ""


def _facts(
    trigger: Trigger, behind: tuple[Case, str] | None, wallet: dict[str, str]
) -> dict[str, Any]:
    """event.*, case.* and case.form.* (the case behind the event), wallet and wallet.*."""
    facts: dict[str, Any] = {f"event.{k}": v for k, v in trigger.payload.items()}
    if behind is not None:
        case, bundle_type = behind
        facts.update({
            "case.service_type": case.service_type, "case.case_number": case.case_number,
            "case.responsible_department": case.responsible_department,
            "case.status": case.status, "case.bundle_type": bundle_type,
        })  # fmt: skip
        facts.update({f"case.form.{k}": v for k, v in case.form.items()})
    wallet = dict(wallet)
    if trigger.event == "certificate_issued":
        wallet[str(trigger.payload["certificate_type"])] = str(trigger.payload["document_id"])
    facts["wallet"] = sorted(wallet)
    facts.update({f"wallet.{k}": v for k, v in wallet.items()})
    return facts


def _needs(rule: OfferRule, catalogue: Catalogue) -> tuple[list[str], list[str]]:
    """The required form fields and document types of what the rule offers."""
    if rule.service_type:
        st = catalogue.service_type(rule.service_type)
        return list(st.form_schema.get("required", [])), [
            r.document_type for r in st.required_documents
        ]
    b = catalogue.bundle(rule.bundle)
    return list(b.form_schema.get("required", [])), [r.document_type for r in b.upload_requirements]


def _new_offer(
    rule: OfferRule, catalogue: Catalogue, trigger: Trigger, facts: dict[str, Any], now: datetime
) -> Offer:
    fields, doc_types = _needs(rule, catalogue)
    filled = prefill(rule, facts, fields, doc_types)
    return Offer(
        id=str(uuid.uuid4()), rule=rule.code, person_id=trigger.person_id,
        trigger_event=trigger.event, trigger_event_id=trigger.event_id,
        trigger_case_id=trigger.case_id, offered_at=now,
        expires_at=now + timedelta(days=rule.expires_after_days),
        catalogue_version=catalogue.version, service_type=rule.service_type,
        bundle_type=rule.bundle, title=dict(rule.title), prefill=filled.form,
        documents=filled.documents, person_fields=filled.person_fields,
        missing_fields=filled.missing_fields, missing_documents=filled.missing_documents,
    )  # fmt: skip


def make_offers(
    uow: OffersUnitOfWork, catalogue: Catalogue, triggers: Sequence[Trigger], now: datetime,
    today: date,
) -> list[Offer]:  # fmt: skip
    """Every rule an event triggers, for a person eligible, makes one offer, once per (rule,
    person, event); each new offer emits offer_made. A batch of events costs three reads and
    one insert. Commits the unit of work."""
    wanted = [(t, rules) for t in triggers if t.person_id and (rules := _rules_for(catalogue, t))]
    candidates: list[Offer] = []
    if wanted:
        behind = uow.offers.triggering_cases([t.case_id for t, _ in wanted if t.case_id])
        wallets = uow.offers.wallets(list({t.person_id for t, _ in wanted}))
        for trigger, rules in wanted:
            facts = _facts(trigger, behind.get(trigger.case_id), wallets.get(trigger.person_id, {}))
            candidates += [
                _new_offer(rule, catalogue, trigger, facts, now)
                for rule in rules
                if rule.eligible_for(facts, today)
            ]
    added = uow.offers.add(candidates)
    made = [offer for offer in candidates if offer.id in added]
    for offer in made:
        uow.emit(offer_events.offer_made(offer))
    uow.commit()
    for offer in made:
        log.info("offer_made", offer_id=offer.id, rule=offer.rule, trigger=offer.trigger_event_id)
    return made


def _rules_for(catalogue: Catalogue, trigger: Trigger) -> list[OfferRule]:
    return [
        r for r in catalogue.offer_rules.values() if r.triggered_by(trigger.event, trigger.payload)
    ]


def _offer_id(value: str) -> str:
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        raise InvalidArgument("offer_id", "must be an offer id (a UUID)") from None


def _own(uow: OffersUnitOfWork, principal: Principal, offer_id: str, lock: bool = False) -> Offer:
    """The caller's (or the mandator's) offer; anyone else's reads exactly like a missing one."""
    offer = uow.offers.get(_offer_id(offer_id), lock=lock)
    who = principal.effective_person_id
    if offer is None or not who or offer.person_id != who:
        raise NotFound("offer not found")
    return offer


def get_offer(deps: OfferServices, principal: Principal, offer_id: str) -> Offer:
    """One of the caller's offers."""
    with deps.uow() as uow:
        return _own(uow, principal, offer_id)


def list_my_offers(
    deps: OfferServices, principal: Principal, *, open_only: bool, page_size: int
) -> list[Offer]:
    """The caller's offers (or the mandator's), newest first."""
    if page_size < 0 or page_size > MAX_PAGE:
        raise InvalidArgument("page_size", f"must be between 1 and {MAX_PAGE}")
    who = principal.effective_person_id
    if not who:
        return []
    with deps.read() as uow:
        return uow.offers.of_person(who, open_only=open_only, limit=page_size or 50)


def decline_offer(deps: OfferServices, principal: Principal, offer_id: str, reason: str) -> Offer:
    """Say no: nothing is filed; a repeat changes nothing."""
    if len(reason) > MAX_REASON:
        raise InvalidArgument("reason", f"at most {MAX_REASON} characters")
    with deps.uow() as uow:
        offer = _own(uow, principal, offer_id, lock=True)
        before = offer.version
        if offer.decline(principal.subject, deps.cases.clock.now(), reason.strip()):
            uow.offers.save(offer, before)
            uow.emit(offer_events.offer_declined(offer, principal))
            uow.commit()
        return offer


async def _answers(deps: OfferServices, offer: Offer, cmd: ConfirmOffer) -> dict[str, Any]:
    """The form: the offer's prefill, the person record, then the caller's answers."""
    form = dict(offer.prefill)
    problems = [
        FieldViolation(f"form.{k}", "is pre-filled by the offer") for k in cmd.form if k in form
    ]
    if offer.person_fields:
        facts = person_facts(await deps.persons.person(offer.person_id))
        for name, source in offer.person_fields.items():
            if source in facts:
                form[name] = facts[source]
    form.update({k: v for k, v in cmd.form.items() if k not in offer.prefill})
    for name in [*offer.missing_fields, *offer.person_fields]:
        if form.get(name) in (None, ""):
            problems.append(
                FieldViolation(f"form.{name}", "is needed: the offer could not fill it")
            )
    if problems:
        raise InvalidArgument(problems)
    return form


def _application(offer: Offer, cmd: ConfirmOffer, form: dict[str, Any]) -> Application:
    documents = list(dict.fromkeys([*offer.documents.values(), *cmd.document_ids]))
    return Application(
        client_key=f"offer:{offer.id}", code=offer.service_type or offer.bundle_type,
        catalogue_version=0, form=form, document_ids=documents,
        delivery_office=cmd.delivery_office,
    )  # fmt: skip


async def confirm_offer(
    deps: OfferServices, principal: Principal, cmd: ConfirmOffer
) -> tuple[Offer, bool]:
    """File the offered application with the caller's token; (offer, replayed)."""
    offer = await asyncio.to_thread(get_offer, deps, principal, cmd.offer_id)
    if offer.state == CONFIRMED:
        return offer, True
    offer.require_open(deps.cases.clock.now())
    app = _application(offer, cmd, await _answers(deps, offer, cmd))
    if offer.service_type:
        view = await submit_case(deps.cases, principal, app)
        filed = (view.case.id, view.case.case_number, "")
    else:
        bundle = await submit_bundle(deps.cases, principal, app)
        filed = ("", str(bundle.row["bundle_number"]), str(bundle.row["id"]))
    return await asyncio.to_thread(_record_confirmation, deps, principal, offer.id, filed)


def _record_confirmation(
    deps: OfferServices, principal: Principal, offer_id: str, filed: tuple[str, str, str]
) -> tuple[Offer, bool]:
    with deps.uow() as uow:
        offer = _own(uow, principal, offer_id, lock=True)
        if offer.state == CONFIRMED:  # a concurrent confirmation recorded it first
            return offer, True
        before = offer.version
        offer.confirm(principal.subject, deps.cases.clock.now(), *filed)
        uow.offers.save(offer, before)
        uow.emit(offer_events.offer_confirmed(offer, principal))
        uow.commit()
    log.info("offer_confirmed", offer_id=offer.id, case_id=offer.case_id, bundle=offer.bundle_id)
    return offer, False


def expire_offers(deps: OfferServices, limit: int = 500) -> int:
    """Open offers past their expiry become expired (offer_expired once each); how many."""
    now = deps.cases.clock.now()
    with deps.uow() as uow:
        lapsed = uow.offers.lapsed(now, limit)
        for offer in lapsed:
            before = offer.version
            if offer.expire(now):
                uow.offers.save(offer, before)
                uow.emit(offer_events.offer_expired(offer))
        uow.commit()
    return len(lapsed)
