"""The result card: valid for every analysis and name, within every limit, its figures the
engine's (formatted by format.py), its fork line right, its buttons carrying the version."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from views_support import NASTY_NAMES, all_analyses, example_analyses, mrkdwn_texts, names, recount

from bot.reports.card import card
from bot.slack import ids
from bot.slack.values import ScenarioRef
from bot.slack.views.card import WARNINGS_SHOWN, Parent, delta_line, result_card
from bot.slack.views.checks import check_blocks
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


def fields_of(payload: dict[str, Any]) -> dict[str, str]:
    """Label → value as the card shows them, read back out of the blocks."""
    section = next(b for b in payload["blocks"] if "fields" in b)
    out = {}
    for f in section["fields"]:
        label, _, value = f["text"].partition("\n")
        out[label.strip("*")] = value
    return out


def as_card_text(value: str) -> str:
    """A Slack field value in the terminal's words: its line breaks undone."""
    return value.replace("\n(", " (").replace("\n", "; ")


@pytest.mark.parametrize("key", list(ANALYSES))
@pytest.mark.parametrize("name", NASTY_NAMES)
def test_card_is_valid_for_every_analysis_and_name(key: str, name: str) -> None:
    payload = build(ANALYSES[key], name)
    head = payload["blocks"][0]["text"]["text"]
    assert head == name or (head.endswith("…") and name.startswith(head[:-1]))


@pytest.mark.parametrize("key", list(example_analyses()))
def test_figures_are_the_engines(key: str) -> None:
    a = ANALYSES[key]
    shown = fields_of(build(a))
    c = card(a)
    assert [as_card_text(v) for v in shown.values()] == [v for _, v in c.fields]
    assert list(shown) == [label for label, _ in c.fields]
    m, p = a.monthly, a.project
    assert shown["API bill per month"] == usd(m.api_usd)
    assert shown["Self-hosted per month"].startswith(usd(m.ft_total_usd))
    assert f"serving {usd(m.serving_usd)}" in shown["Self-hosted per month"]
    assert f"ongoing engineering {usd(m.ongoing_engineering_usd)}" in shown[
        "Self-hosted per month"]
    assert f"review delta {usd(m.review_delta_usd)}" in shown["Self-hosted per month"]
    assert shown["Self-hosted savings per month"] == usd(m.savings_usd)
    assert shown["One-time project"].split("\n")[0] == usd(p.total_usd)
    assert f"compute {usd(p.compute_usd)}" in shown["One-time project"]
    assert f"engineering {usd(p.engineering_usd)}" in shown["One-time project"]
    if a.payback_months is not None:
        assert months(a.payback_months) in shown["Payback"]
    assert ("within the" in shown["Payback"]) == a.pays_back_within_lifetime


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
    assert [e["action_id"] for e in row["elements"]] == [
        ids.CARD_WHATIF, ids.CARD_COMPARE, ids.CARD_EDIT, ids.CARD_DETAILS, ids.CARD_EXPORT]
    assert {ScenarioRef.decode(e["value"]) for e in row["elements"]} == {
        ScenarioRef("1f2e3d4c5b6a7980", 3)}
    assert [e["text"]["text"] for e in row["elements"]] == [
        "What if…", "Compare with…", "Edit", "Details", "Export"]


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


def test_many_warnings_are_counted_not_cut() -> None:
    payload = build(ANALYSES["20 warnings"])
    text = next(t for t in mrkdwn_texts(payload["blocks"]) if ":warning:" in t)
    assert text.count(":warning:") == WARNINGS_SHOWN
    assert text.endswith(f"_+{20 - WARNINGS_SHOWN} more warnings in Details_")
    assert "&lt;&amp;&gt;" in text


def test_many_reasons_are_counted_not_cut() -> None:
    payload = build(ANALYSES["30 reasons"])
    lead = "*The source document's fit score"
    text = next(t for t in mrkdwn_texts(payload["blocks"]) if t.startswith(lead))
    assert text.endswith("more in Details_")
    assert all(line.startswith(("•", lead, "_…and")) for line in text.split("\n"))


def test_no_warnings_is_said() -> None:
    payload = build(ANALYSES["quickstart"])
    assert "Warnings: none." in mrkdwn_texts(payload["blocks"])


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
