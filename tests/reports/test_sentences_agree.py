"""The engine's sentences and the report agree: a figure in a reason or a warning reads as the
card beside it writes it.

The regression this pins: the recommendation's reason said "API cost $1,483/month" (the
engine's own f-string) while the card's API bill said $1,483.20. Oracles: the one rounding
rule (:mod:`engine.figures`) applied to the analysis's own number, and the card's field that
shows that number.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from bot.reports.card import Card, card
from bot.scenario_files import load_scenario
from engine.analysis import Analysis, analyse
from engine.figures import months, percent, quantity, unit_usd, usd
from engine.models import Scenario

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.stem for p in (REPO / "examples").glob("*.toml"))
AT = date(2026, 11, 24)  # a fixed price date: genai-prices' scheduled changes move nothing

#: Scenarios for the warnings the examples do not raise; the capacity ones at the source
#: document's claimed 5,000 tokens/s per A10G, so their volumes can be worked by hand, on one
#: instance the person chose (a fleet left to ftroi is sized to carry the traffic).
SEED = {"throughput_basis": "seed_document"}
ONE = {"num_instances": 1, **SEED}
HAND_BUILT = {
    "no_break_even": Scenario(quality={"human_review_rate_ft": 0.05}),
    "over_provisioned": Scenario(model={"num_instances": 4, **SEED}),
    "no_serving_cost": Scenario(model={"instance_usd_per_hour": 0}),
    "capacity_short": Scenario(workload={"requests_per_day": 1_000_000}, model=ONE),
    "high_utilisation": Scenario(workload={"requests_per_day": 600_000}, model=ONE),
    "short_lifetime": Scenario(project={"model_lifetime_months": 2}),
    "quality_gap": Scenario(quality={"model_quality_multiplier": 0.92}),
    "bill_in_cents": Scenario(workload={"requests_per_day": 2_000,
                                        "avg_input_tokens_per_request": 824,
                                        "avg_output_tokens_per_request": 0},
                              api={"input_usd_per_1m_tokens": 30.0,
                                   "output_usd_per_1m_tokens": 30.0}),
}
ALL = [*EXAMPLES, *HAND_BUILT]

MONEY = re.compile(r"-?\$\d[\d,]*(?:\.\d+)?[kMBT]?")
SHARE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?%")


@cache
def analysis(name: str) -> Analysis:
    scenario = HAND_BUILT.get(name) or load_scenario(REPO / "examples" / f"{name}.toml")
    return analyse(scenario, at=AT, samples=200)


@cache
def shown(name: str) -> Card:
    return card(analysis(name))


def sentences(a: Analysis) -> list[str]:
    """Every sentence the engine writes for people to read beside the report's figures."""
    return [*a.recommendation.reasons, *(w.message for w in a.warnings),
            *([a.break_even.reason] if a.break_even.reason else []),
            *(f.reason for f in a.flip_points if f.reason),
            *([a.training.source] if a.training else []),
            a.serving.throughput_source]


def warning(a: Analysis, code: str) -> str | None:
    return next((w.message for w in a.warnings if w.code == code), None)


def field(name: str, label: str) -> str:
    return dict(shown(name).fields)[label]


def number(text: str) -> float:
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("-$").replace(",", "")
    scale = {"k": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}.get(digits[-1], 1)
    return sign * float(digits.rstrip("kMBT")) * scale


@pytest.mark.parametrize("name", ALL)
def test_the_api_bill_in_the_reason_is_the_cards(name):
    a = analysis(name)
    written = re.match(r"API cost (\S+)/month is (high|medium|low) - ",
                       a.recommendation.reasons[0])
    assert written is not None, a.recommendation.reasons[0]
    assert written[1] == usd(a.monthly.api_usd) == field(name, "API bill per month")


def test_a_bill_in_cents_reads_the_same_in_the_reason_and_on_the_card():
    # 2,000 requests × 824 tokens × 30 days × $30 / 1M = $1,483.20; the seed's f-string
    # wrote "$1,483" here.
    assert field("bill_in_cents", "API bill per month") == "$1,483.20"
    assert analysis("bill_in_cents").recommendation.reasons[0].startswith(
        "API cost $1,483.20/month is medium")


@pytest.mark.parametrize("name", ALL)
def test_every_money_and_share_figure_in_a_sentence_is_written_by_the_rule(name):
    # A figure is a fixed point of the rule: money as usd (the report's money) or unit_usd
    # (a $/1M or $/hour price), a share as percent. "$1,483" or "$2,225/month" would fail.
    for sentence in sentences(analysis(name)):
        for figure in MONEY.findall(sentence):
            assert figure in (usd(number(figure)), unit_usd(number(figure))), (figure, sentence)
        for figure in SHARE.findall(sentence):
            assert percent(float(figure[:-1]) / 100) == figure, (figure, sentence)


@pytest.mark.parametrize("name", ALL)
def test_the_warnings_figures_are_the_analysis_figures(name):
    a, m, s = analysis(name), analysis(name).monthly, analysis(name).serving
    if text := warning(a, "over_provisioned"):
        idle = s.num_instances - s.instances_needed
        assert f"about {usd(s.monthly_serving_usd * idle / s.num_instances)}/month" in text
        # The utilisation is the card's: "self-hosted $0.286 at 20% utilisation".
        assert f"(they run at {percent(s.utilisation)})" in text
        assert f"at {percent(s.utilisation)} utilisation" in field(name, "Cost per 1M tokens")
    if text := warning(a, "review_outweighs_savings"):
        assert f"Extra human review ({usd(m.review_delta_usd)}/month)" in text
        assert f"review delta {usd(m.review_delta_usd)}" in field(
            name, "Self-hosted per month")
        gross = m.net_before_amortisation_usd + m.review_delta_usd
        assert f"the serving savings ({usd(gross)}/month)" in text
    if text := warning(a, "capacity_short"):
        assert f"serve {quantity(s.capacity_tokens_per_s)} tokens/s" in text
        assert f"({percent(s.peak_utilisation)} of capacity)" in text
    if text := warning(a, "high_utilisation"):
        assert text.startswith(f"GPU utilisation {percent(s.peak_utilisation)} is above 80%")
    if text := warning(a, "payback_after_lifetime"):
        assert f"Payback ({months(a.payback_months)})" in text
        assert months(a.payback_months) in field(name, "Payback")
    if text := warning(a, "quality_gap_not_costed"):
        assert f"rated {percent(1 - a.inputs.quality.model_quality_multiplier)} worse" in text


def test_every_warning_with_a_figure_is_reached():
    codes = {w.code for name in ALL for w in analysis(name).warnings}
    assert {"over_provisioned", "review_outweighs_savings", "capacity_short",
            "high_utilisation", "payback_after_lifetime", "quality_gap_not_costed",
            "no_serving_cost"} <= codes


@pytest.mark.parametrize("name", ALL)
def test_the_break_even_reason_has_the_cards_prices(name):
    a = analysis(name)
    be = a.break_even
    if be.tokens_per_day is not None or be.review_delta_usd_per_1m is None:
        return
    assert be.reason is not None and be.api_usd_per_1m_blended is not None
    prices = (f"{unit_usd(be.review_delta_usd_per_1m)} per 1M tokens, at least the API's "
              f"{unit_usd(be.api_usd_per_1m_blended)} per 1M")
    assert be.reason.endswith(prices)
    assert prices in field(name, "Break-even")


def test_a_break_even_reason_is_reached():
    assert any(analysis(name).break_even.reason for name in ALL)


@pytest.mark.parametrize("name", ALL)
def test_a_flat_flip_point_states_the_cards_monthly_savings(name):
    a = analysis(name)
    for flip in a.flip_points:
        if flip.reason and "do not depend" in flip.reason:
            savings = field(name, "Self-hosted savings per month")
            assert savings.startswith(f"{usd(a.monthly.savings_usd)} with the project amortised")
            assert flip.reason.endswith(f" at {usd(a.monthly.savings_usd)}/month")
