"""The one-page brief: at most 25 lines of 100 columns, with the headline, every option's
monthly, one-time and lifetime cost and payback, the three inputs that move the answer most,
the P10–P90 range and where the rest is — for the examples, the hard cases and random
scenarios.

Oracles: the analysis (its headline, its options, its tornado's widest bars, its
simulation's percentiles), each written by the one rounding rule.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings

from bot.reports.brief import MAX_LINES, brief, render_brief
from bot.reports.layout import WIDTH
from engine.analysis import Analysis, analyse
from engine.figures import usd
from engine.models import Scenario
from tests.engine.strategies import scenarios
from tests.reports.test_workbook import EXAMPLES, analysis

AT = date(2026, 11, 24)
REST = "The rest: `ftroi show x --full`."
HARD = {
    "many options, named candidates": Scenario(alternatives={
        "candidates": ["gpt-4.1-nano", "claude-3-5-haiku", "gemini-2.0-flash"],
        "cached_input_share": 0.5}),
    "data in our cloud": Scenario(constraints={"data_in_our_cloud": True}),
    "no API change": Scenario(constraints={"no_api_change": True}),
    "zero volume": Scenario(workload={"requests_per_day": 0}),
    "no tokens": Scenario(workload={"avg_input_tokens_per_request": 0,
                                    "avg_output_tokens_per_request": 0}),
}


def _hard(key: str) -> Analysis:
    return analyse(HARD[key].with_value("api.priced_at", AT), at=AT, samples=500)


def check(a: Analysis) -> list[str]:
    text = render_brief(brief(a, name="x", rest=REST))
    lines = text.split("\n")
    assert len(lines) <= MAX_LINES, text
    assert max(len(line) for line in lines) <= WIDTH, text
    flat = " ".join(text.split())
    assert " ".join(a.decision.headline.split()) in flat
    best = a.decision.best_option
    assert best.label in text and usd(best.lifetime_usd) in text
    for bar in a.tornado[:3]:
        assert bar.label in text
    p = a.uncertainty.lifetime_savings_usd
    assert f"P10 {usd(p.p10 or 0)}" in flat and f"P90 {usd(p.p90 or 0)}" in flat
    assert lines[-1] == REST
    return lines


@pytest.mark.parametrize("stem", EXAMPLES)
def test_the_brief_of_every_example(stem: str) -> None:
    a = analysis(stem)
    lines = check(a)
    table = "\n".join(lines)
    for o in a.decision.options:  # every example's options fit the page
        row = next(line for line in lines if line[2:].startswith(o.label))
        assert usd(o.monthly_usd) in row and usd(o.one_time_usd) in row
        assert usd(o.lifetime_usd) in row
    assert "payback" in table


@pytest.mark.parametrize("key", list(HARD))
def test_the_brief_of_the_hard_cases(key: str) -> None:
    check(_hard(key))


def test_too_many_options_are_counted_not_dropped_silently() -> None:
    a = _hard("many options, named candidates")
    text = render_brief(brief(a, name="x" * 90, rest=REST))
    shown = sum(o.label in text for o in a.decision.options)
    assert shown == len(a.decision.options) or "more lines in the full report" in text


# Each example runs a whole analysis and renders its brief: a deliberate 15-example budget.
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(s=scenarios())
def test_the_brief_of_random_scenarios(s: Scenario) -> None:
    check(analyse(s, at=AT, samples=300))
