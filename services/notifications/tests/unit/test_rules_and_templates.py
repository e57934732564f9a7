"""Rules matching and the load-time checks of rules and templates."""

from __future__ import annotations

import copy

import pytest
import yaml

from onewindow_notifications import config
from onewindow_notifications.domain.rules import RulesError
from onewindow_notifications.service_layer import catalogue
from onewindow_notifications.service_layer.event_types import samples
from onewindow_notifications.service_layer.intake import channels_for

DECIDED = "onewindow.cases.case_decided.v1"
RATING = "onewindow.cases.rating_received.v1"


@pytest.fixture(scope="module")
def docs() -> tuple[dict, dict]:
    rules = yaml.safe_load(config.DEFAULT_RULES.read_text(encoding="utf-8"))
    templates = yaml.safe_load(config.DEFAULT_TEMPLATES.read_text(encoding="utf-8"))
    return rules, templates


def test_the_shipped_rules_and_templates_load_and_cover_the_issue() -> None:
    cat = catalogue.load(config.DEFAULT_RULES, config.DEFAULT_TEMPLATES)
    events = {r.event.split(".")[2] for r in cat.rules.rules}
    assert {
        "case_submitted", "supplement_requested", "case_decided", "certificate_issued",
        "deadline_approaching", "case_overdue", "bundle_completed", "rating_received",
        "mandate_granted", "mandate_revoked", "account_locked",
    } <= events  # fmt: skip
    assert {"supplement", "decision", "deadline_change", "security"} <= set(
        cat.rules.mandatory_categories()
    )


def test_rules_match_on_event_type_and_filters() -> None:
    cat = catalogue.load(config.DEFAULT_RULES, config.DEFAULT_TEMPLATES)
    assert [r.id for r in cat.rules.matching(DECIDED, {"outcome": "rejected"})] == ["case_decided"]
    assert [r.id for r in cat.rules.matching(RATING, {"score": 2})] == ["low_rating"]
    assert cat.rules.matching(RATING, {"score": 4}) == []
    assert cat.rules.matching("onewindow.cases.case_closed.v1", {}) == []


def test_every_problem_of_a_bad_rules_file_is_reported_by_path(docs) -> None:
    rules, templates = copy.deepcopy(docs)
    rules["rules"][0]["event"] = "onewindow.cases.no_such_event.v1"
    rules["rules"][1]["recipients"] = ["applicant", "the_mayor"]
    rules["rules"][2]["when"] = {"colour": ["red"]}
    rules["rules"][3]["category"] = "gossip"
    rules["categories"]["case_receipt"]["default_channels"] = ["pigeon"]
    rules["categories"]["department_work"]["bulk"] = "yes"
    with pytest.raises(RulesError) as err:
        catalogue.from_documents(rules, templates)
    paths = {p for p, _ in err.value.problems}
    assert paths == {
        "rules[0].event", "rules[1].recipients[1]", "rules[2].when.colour",
        "rules[3].category", "categories.case_receipt.default_channels[0]",
        "categories.department_work.bulk",
    }  # fmt: skip


def test_a_template_using_a_field_its_event_lacks_fails_the_load(docs) -> None:
    rules, templates = copy.deepcopy(docs)
    templates["templates"]["case_decided"]["languages"]["en"]["text"] = "{{ applicant_name }}"
    templates["templates"]["case_receipt"]["languages"]["zh-CN"]["html"] = "{{ case_number.x.y }}"
    with pytest.raises(RulesError) as err:
        catalogue.from_documents(rules, templates)
    paths = {p for p, _ in err.value.problems}
    assert "templates.case_decided.languages.en.text" in paths
    assert "templates.case_receipt.languages.zh-CN.html" in paths


def test_a_rule_naming_a_template_for_another_event_fails_the_load(docs) -> None:
    rules, templates = copy.deepcopy(docs)
    rules["rules"][0]["template"] = "case_decided"
    with pytest.raises(RulesError) as err:
        catalogue.from_documents(rules, templates)
    assert [p for p, _ in err.value.problems] == ["rules[0].template"]


def test_rendering_escapes_html_but_not_text_and_records_template_identity() -> None:
    cat = catalogue.load(config.DEFAULT_RULES, config.DEFAULT_TEMPLATES)
    context = {
        "case_number": "C-1", "outcome": "rejected", "reason": "<script>x</script>",
        "service_type": "birth", "service_type_name": {"en": "Birth registration"},
    }  # fmt: skip
    en = cat.templates["case_decided"].render("en", context)
    assert "&lt;script&gt;" in en.html and "<script>" not in en.html
    assert "<script>x</script>" in en.text
    assert "Birth registration" in en.text and en.language == "en" and en.version == 1
    zh = cat.templates["case_decided"].render("zh-CN", context)
    assert "未获批准" in zh.text and zh.content_hash != en.content_hash
    assert len(en.content_hash) == 64


def test_mandatory_categories_keep_their_required_channels() -> None:
    from onewindow_notifications.domain.model import Preferences

    cat = catalogue.load(config.DEFAULT_RULES, config.DEFAULT_TEMPLATES)
    opted_out = Preferences("p", channels={"supplement": (), "case_receipt": ()})
    assert channels_for(cat.rules.categories["supplement"], opted_out) == ("email",)
    assert channels_for(cat.rules.categories["case_receipt"], opted_out) == ()
    assert channels_for(cat.rules.categories["case_receipt"], None) == ("email",)


def _hostile(value: object) -> object:
    """A sample value with markup in it, so escaping differences would show."""
    if isinstance(value, str):
        return value + ' <b>&"x"</b>'
    if isinstance(value, list):
        return [_hostile(v) for v in value]
    return value


def test_one_render_per_message_equals_rendering_each_part_on_its_own() -> None:
    cat = catalogue.load(config.DEFAULT_RULES, config.DEFAULT_TEMPLATES)
    all_samples = samples()
    for template in cat.templates.values():
        context = {k: _hostile(v) for k, v in all_samples[template.event].items()}
        context.update(event_id="e-1", event_type=template.event, occurred_at="2026-12-02")
        for language in template.parts:
            fast, reference = (
                template.render(language, context),
                template.render_parts(language, context),
            )
            assert fast == reference, (template.id, language)
            assert "&lt;b&gt;" in fast.html or "<b>" not in reference.html


def test_a_template_part_may_not_bring_blocks_of_its_own(docs: tuple[dict, dict]) -> None:
    rules, templates = copy.deepcopy(docs[0]), copy.deepcopy(docs[1])
    en = templates["templates"]["case_receipt"]["languages"]["en"]
    en["sms"] = "{% block title %}x{% endblock %}"
    with pytest.raises(RulesError) as err:
        catalogue.from_documents(rules, templates)
    assert any(p.startswith("templates.case_receipt.languages.en") for p, _ in err.value.problems)
