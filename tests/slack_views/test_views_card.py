"""The result card: valid for every analysis and name, within every limit, the brief's
content only (the headline, the options, what moves the answer, the range), its figures the
engine's, its fork line right, its buttons carrying the version; what it leaves out is in
Details."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from views_support import NASTY_NAMES, all_analyses, example_analyses, mrkdwn_texts, names, recount

from bot.reports.brief import brief, movers, spread
from bot.reports.card import card
from bot.slack import ids
from bot.slack.values import DecisionPick, ScenarioRef
from bot.slack.views.card import Parent, delta_line, result_card
from bot.slack.views.checks import check_blocks
from bot.slack.views.details import details_messages
from bot.slack.views.kit import md
from engine.analysis import Analysis
from engine.figures import months, signed_usd, usd

ANALYSES = all_analyses()


def build(a: Analysis, name: str = "Support bot", **kw: Any) -> dict[str, Any]:
    message = result_card(a, name=name, scenario_id="1f2e3d4c5b6a7980", version=3,
                          owner_id="U0OWNER01", **kw)
    payload = message.to_dict()  # slack_sdk's own validation
    assert message.text.strip()
    assert check_blocks(payload["blocks"], surface="message") == []
    assert recount(payload["blocks"]) == []
    return payload


def details_text(a: Analysis) -> str:
    """Everything the Details button posts, its line breaks undone."""
    texts = [t for m in details_messages(a, name="Support bot")
             for t in mrkdwn_texts(m.to_dict()["blocks"])]
    return " ".join(" ".join(texts).split())


@pytest.mark.parametrize("key", list(ANALYSES))
@pytest.mark.parametrize("name", NASTY_NAMES)
def test_card_is_valid_for_every_analysis_and_name(key: str, name: str) -> None:
    payload = build(ANALYSES[key], name)
    head = payload["blocks"][0]["text"]["text"]
    assert head == name or (head.endswith("…") and name.startswith(head[:-1]))


@pytest.mark.parametrize("key", list(example_analyses()))
def test_the_card_is_the_brief_and_details_hold_the_rest(key: str) -> None:
    a = ANALYSES[key]
    payload = build(a)
    assert not any("fields" in b for b in payload["blocks"])
    b = brief(a, rest="")
    text = " ".join(mrkdwn_texts(payload["blocks"]))
    for line in [*movers(a), spread(a)]:
        assert md(line) in text
    assert [r.label for r in b.options] == [r.label for r in card(a).options]
    rest = details_text(a)
    m, p = a.monthly, a.project
    for label, value in card(a).fields:
        assert label in rest and " ".join(value.split()) in rest
    assert usd(m.api_usd) in rest and usd(m.ft_total_usd) in rest
    assert f"engineering {usd(p.engineering_usd)}" in rest
    if a.payback_months is not None:
        assert months(a.payback_months) in rest
    assert a.recommendation.rationale.split(".")[0] in rest


def test_verdict_comes_first_with_its_mark() -> None:
    a = ANALYSES["case_customer_support"]
    payload = build(a)
    assert payload["blocks"][1]["text"]["text"] == (
        f":white_check_mark: *{md(a.decision.headline)}*")
    assert "paid back in 4.6 months" in a.decision.headline
    bad = build(ANALYSES["case_document_extraction"])
    assert bad["blocks"][1]["text"]["text"].startswith(":no_entry: *Keep gpt-3.5-turbo: nothing")


def test_every_option_is_listed_the_best_starred() -> None:
    a = ANALYSES["quickstart"]
    text = build(a)["blocks"][2]["text"]["text"]
    lines = text.split("\n")
    assert lines[0].startswith(f":star: *{md(a.decision.best_option.label)}*")
    assert len(lines) == len(a.decision.options)
    for o in a.decision.options:
        assert md(o.label) in text and md(usd(o.lifetime_usd)) in text


def test_buttons_carry_the_scenario_and_version() -> None:
    payload = build(ANALYSES["quickstart"])
    row = payload["blocks"][-1]
    assert row["type"] == "actions"
    *buttons, menu = row["elements"]
    assert [e["action_id"] for e in buttons] == [
        ids.CARD_WHATIF, ids.CARD_COMPARE, ids.CARD_EDIT, ids.CARD_DETAILS, ids.CARD_EXPORT]
    assert {ScenarioRef.decode(e["value"]) for e in buttons} == {
        ScenarioRef("1f2e3d4c5b6a7980", 3)}
    assert [e["text"]["text"] for e in buttons] == [
        "What if…", "Compare with…", "Edit", "Details", "Export"]
    assert (menu["type"], menu["action_id"]) == ("static_select", ids.CARD_DECIDE)


@pytest.mark.parametrize("key", list(ANALYSES))
def test_record_decision_offers_every_option_of_the_version_best_starred(key: str) -> None:
    a = ANALYSES[key]
    menu = build(a)["blocks"][-1]["elements"][-1]
    picks = [DecisionPick.decode(o["value"]) for o in menu["options"]]
    assert {p.ref for p in picks} == {ScenarioRef("1f2e3d4c5b6a7980", 3)}
    assert sorted(p.option for p in picks) == sorted(o.id for o in a.decision.options)
    shown = {p.option: o["text"]["text"] for p, o in zip(picks, menu["options"], strict=True)}
    assert shown[a.decision.best].startswith("★ ")
    assert [s for s in shown.values() if s.startswith("★")] == [shown[a.decision.best]]
    first = a.decision.option(picks[0].option)  # the card's order: cheapest qualifying first
    assert first.meets_constraints and first.lifetime_usd == min(
        o.lifetime_usd for o in a.decision.options if o.meets_constraints)


def test_fork_shows_its_delta_against_the_parent() -> None:
    child, parent = ANALYSES["case_customer_support"], ANALYSES["case_document_extraction"]
    line = delta_line(child, parent)
    difference = signed_usd(child.monthly.savings_usd - parent.monthly.savings_usd)
    assert difference == "+$4,627.38"  # from the engine's figures, not the rounded ones
    assert line == f"vs parent: savings {difference}/month, payback never → 4.6 months"
    payload = build(child, parent=Parent("Doc <extraction>", parent, 2))
    context = payload["blocks"][2]["elements"][0]["text"]
    assert "Fork of *Doc &lt;extraction&gt;* v2" in context and line in context


def test_delta_line_between_two_paybacks() -> None:
    a, b = ANALYSES["quickstart"], ANALYSES["case_customer_support"]
    assert delta_line(a, b).endswith(f"payback 4.6 → {months(a.payback_months)}")


def test_warnings_are_counted_on_the_card_and_listed_in_details() -> None:
    a = ANALYSES["20 warnings"]
    text = " ".join(mrkdwn_texts(build(a)["blocks"]))
    assert ":warning: 20 warnings" in text and "Warning 0" not in text
    rest = details_text(a)
    assert all(f"Warning {i} " in rest for i in range(20))


def test_many_reasons_are_all_in_details() -> None:
    rest = details_text(ANALYSES["30 reasons"])
    assert all(f"Reason {i}: " in rest for i in range(30))


def test_no_warnings_is_said() -> None:
    payload = build(ANALYSES["quickstart"])
    assert any("no warnings" in t for t in mrkdwn_texts(payload["blocks"]))


def test_names_are_escaped_in_mrkdwn() -> None:
    parent = Parent("*bold* <!here> & _x_", ANALYSES["quickstart"])
    payload = build(ANALYSES["quickstart"], "<!channel>", parent=parent)
    for text in mrkdwn_texts(payload["blocks"]):
        assert "<!here>" not in text and "<!channel>" not in text and "*bold*" not in text


@settings(max_examples=60, deadline=None)
@given(names)
def test_any_name_fits(name: str) -> None:
    a = ANALYSES["seed_worked_example"]
    build(a, name, parent=Parent(name, ANALYSES["quickstart"], 1))
