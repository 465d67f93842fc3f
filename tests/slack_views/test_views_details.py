"""Details and prices: the terminal's report, whole, split across messages within limits.

Details open with what the card (the brief) leaves out — the self-hosted fine-tune's figures,
the fit score, the warnings — then every section after the terminal's card."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from views_support import NASTY_NAMES, all_analyses, recount

from bot.reports.card import card
from bot.reports.prices import render_prices
from bot.reports.text import render_card_rest
from bot.reports.text_details import render_details
from bot.slack.views.checks import check_blocks
from bot.slack.views.details import details_messages
from bot.slack.views.kit import Message
from bot.slack.views.preformatted import report_messages, report_sections
from bot.slack.views.prices import gpu_prices_blocks, model_prices_blocks, prices_blocks
from engine.catalog.api_prices import genai_prices_version, price_request, seed_2024_prices
from engine.catalog.gpus import load_gpu_catalog
from engine.catalog.managed_prices import managed_finetuning_prices

ANALYSES = all_analyses()
AT = date(2026, 11, 24)


def valid(messages: list[Message]) -> list[dict[str, Any]]:
    payloads = [m.to_dict() for m in messages]
    for m, p in zip(messages, payloads, strict=True):
        assert m.text.strip()
        assert check_blocks(p["blocks"], surface="message") == []
        assert recount(p["blocks"]) == []
    if len(messages) > 1:
        assert [m.text.endswith(f"(part {n} of {len(messages)})")
                for n, m in enumerate(messages, start=1)] == [True] * len(messages)
    return payloads


def shown_lines(payloads: list[dict[str, Any]]) -> list[str]:
    """Every line inside the code blocks, unescaped, in order."""
    lines = []
    for p in payloads:
        for b in p["blocks"]:
            text = b.get("text", {}).get("text", "") if b["type"] == "section" else ""
            for code in re.findall(r"```\n(.*?)\n```", text, flags=re.S):
                lines += html.unescape(code).replace("\u02cb", "`").split("\n")
    return lines


def body_lines(report: str) -> list[str]:
    return [line for _, body in report_sections(report) for line in body.split("\n")]


@pytest.mark.parametrize("key", list(ANALYSES))
def test_details_hold_every_line_of_the_report(key: str) -> None:
    a = ANALYSES[key]
    payloads = valid(details_messages(a, name=NASTY_NAMES[0]))
    report = render_card_rest(card(a)) + "\n" + render_details(a)
    assert shown_lines(payloads) == body_lines(report)
    titles = [t for t, _ in report_sections(report) if t]
    bold = [line for p in payloads for b in p["blocks"] if b["type"] == "section"
            for line in b["text"]["text"].split("\n") if line.startswith("*")]
    assert bold == [f"*{t}*" for t in titles]
    assert "Assumptions" in titles and "The computation, per month" in titles
    assert titles[0] == "The self-hosted fine-tune"


def test_details_of_a_long_report_split_into_parts() -> None:
    report = "\n".join(f"Section {i}\n{'=' * len(f'Section {i}')}\n" +
                       "\n".join(f"  line {j} <&> " + "x" * 90 for j in range(60))
                       for i in range(12))
    messages = report_messages(report, title="Big", intro="intro", text="Big report")
    payloads = valid(messages)
    assert len(messages) > 3
    assert shown_lines(payloads) == body_lines(report)
    assert payloads[1]["blocks"][0]["elements"][0]["text"].startswith("Big · part 2 of")


def test_a_line_longer_than_a_section_is_split_not_cut() -> None:
    report = "T\n=\n" + "9" * 7000
    payloads = valid(report_messages(report, title="T", intro="i", text="t"))
    assert "".join(shown_lines(payloads)) == "9" * 7000


def test_prices_every_catalog() -> None:
    catalog = load_gpu_catalog()
    kwargs: dict[str, Any] = dict(seed_prices=seed_2024_prices(),
                                  managed_prices=managed_finetuning_prices(),
                                  genai_version=genai_prices_version(), at=AT)
    payloads = valid(prices_blocks(catalog, **kwargs))
    assert shown_lines(payloads) == body_lines(render_prices(catalog, **kwargs))
    for key in catalog.specs:
        valid(gpu_prices_blocks(catalog, key))


def test_prices_one_model() -> None:
    current = price_request("gpt-4o", at=AT, avg_input_tokens=500, avg_output_tokens=200)
    payloads = valid(model_prices_blocks(
        name="gpt-4o", at=AT, genai_version=genai_prices_version(), current=current,
        current_problem=None, seed=seed_2024_prices()["gpt-4o"], input_tokens=500,
        output_tokens=200))
    assert any("gpt-4o" in line for line in shown_lines(payloads))
