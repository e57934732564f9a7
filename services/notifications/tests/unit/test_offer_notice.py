"""offer_made (cases' proactive offers) becomes a notice to the person it is offered to."""

from __future__ import annotations

from onewindow.cases.v1 import events_pb2 as cases_events
from onewindow_notifications import config
from onewindow_notifications.service_layer import catalogue
from onewindow_notifications.service_layer.event_types import facts, fields_of

OFFER_MADE = "onewindow.cases.offer_made.v1"


def test_an_offer_made_tells_the_person_in_their_language() -> None:
    cat = catalogue.load(config.DEFAULT_RULES, config.DEFAULT_TEMPLATES)
    made = cases_events.OfferMade(
        offer_id="o-1", rule="newborn-household-registration-offer", person_id="P-1",
        service_type="newborn-household-registration",
        title={"en": "Register your newborn", "zh": "为新生儿办理入户登记"},
        expires_at="2027-03-01T09:00:00+00:00", missing_fields=["household_number"],
        missing_document_types=["household_register"],
    )  # fmt: skip
    fields = fields_of(made)
    assert facts(fields)["applicant"] == "P-1"
    rules = cat.rules.matching(OFFER_MADE, facts(fields))
    assert [(r.id, r.category, r.recipients) for r in rules] == [
        ("offer_made", "offer", ("applicant",))
    ]
    en = cat.templates[rules[0].template].render("en", fields)
    assert en.title == "Ready for you: Register your newborn"
    assert "until 2027-03-01" in en.text
    assert "household_number, household_register" in en.text
    zh = cat.templates[rules[0].template].render("zh-CN", fields)
    assert "为新生儿办理入户登记" in zh.title
