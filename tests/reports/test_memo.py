"""The decision memo: its sections, and every figure in it the engine's, written by the one
rounding rule.

Oracles: the analysis. Every dollar figure of the memo (outside the quoted sources and the
engine's own warning sentences) is ``usd`` or ``unit_usd`` of a number the analysis holds;
the options table is the card's option rows; the numbers section names the self-hosted
fine-tune's monthly figures.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.reports.card import option_rows
from bot.reports.memo import memo
from engine.analysis import Analysis
from engine.figures import months, unit_usd, usd
from storage import RecordedDecision
from tests.reports.test_workbook import EXAMPLES, analysis

_MONEY = re.compile(r"-?\$\d{1,3}(?:,\d{3})*(?:\.\d+)?[kMBT]?")
SECTIONS = ["## Question", "## Recommendation", "## Options", "## The numbers behind it",
            "## Risks, and what would flip it", "## Assumptions"]


def _numbers(node: Any) -> list[float]:
    if isinstance(node, dict):
        return [x for v in node.values() for x in _numbers(v)]
    if isinstance(node, list | tuple):
        return [x for v in node for x in _numbers(v)]
    if isinstance(node, int | float) and not isinstance(node, bool):
        return [float(node)]
    return []


def engine_figures(a: Analysis) -> set[str]:
    values = _numbers(a.model_dump())
    return {f(v) for v in values for f in (usd, unit_usd)} | {
        f(-v) for v in values for f in (usd, unit_usd)}


def test_the_money_finder_finds_money() -> None:
    assert _MONEY.findall("costs $1,483.20, saves -$2,004.00 at $0.0572/1M; $1.23B, $468,908,"
                          " more") == ["$1,483.20", "-$2,004.00", "$0.0572", "$1.23B", "$468,908"]


@pytest.mark.parametrize("stem", EXAMPLES)
def test_every_figure_is_the_engines(stem: str) -> None:
    a = analysis(stem)
    text = memo(a, name=stem)
    quoted = [x.source for x in a.assumptions] + [w.message for w in a.warnings] + [
        a.recommendation.rationale]
    for words in sorted(quoted, key=len, reverse=True):
        text = text.replace(words.replace("|", "\\|"), "")
    known = engine_figures(a)
    found = _MONEY.findall(text)
    assert found and [f for f in found if f not in known] == []


@pytest.mark.parametrize("stem", EXAMPLES)
def test_sections_options_and_numbers(stem: str) -> None:
    a = analysis(stem)
    text = memo(a, name="Support | bot")
    assert text.startswith("# Decision memo: Support | bot\n")
    assert [s for s in SECTIONS if f"\n{s}\n" in text] == SECTIONS
    assert f"**{a.decision.headline}.**" in text
    lines = text.split("\n")
    start = lines.index("## Options") + 4
    for r, line in zip(option_rows(a), lines[start:], strict=False):
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        assert cells[1:5] == [r.monthly, r.one_time, r.lifetime, r.payback]
        assert cells[0].strip("*") == r.label
    m = a.monthly
    for figure in (usd(m.api_usd), usd(m.ft_total_usd), usd(m.serving_usd),
                   usd(m.ongoing_engineering_usd), usd(m.savings_usd),
                   usd(a.project.total_usd), months(a.payback_months)):
        assert figure in text
    assert len([line for line in lines if line.startswith("| ") and "|" in line[2:]]) >= (
        len(a.assumptions) + len(a.decision.options) + 4)


def test_a_recorded_decision_has_its_section_after_the_recommendation() -> None:
    a = analysis(EXAMPLES[0])
    chosen = a.decision.option(a.decision.best)
    decision = RecordedDecision(
        id="d1", team_id="T1", scenario_id="s1", version=2, option_id=chosen.id,
        option_label=chosen.label, decided_by="U0ALICE0001", decided_by_name="alice",
        decided_at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC))
    assert "## Decision" not in memo(a, name="S")
    same = memo(a, name="S", version=2, decision=decision)
    lines = same.split("\n")
    assert lines.index("## Recommendation") < lines.index("## Decision") < \
        lines.index("## Options")
    assert (f"**{chosen.label}** (option `{chosen.id}`), chosen by alice (Slack user "
            "U0ALICE0001) on version 2, 2026-01-05 09:30 UTC.") in same
    assert "whose options and figures may differ" not in same
    later = memo(a, name="S", version=3, decision=decision)
    assert "This memo is of version 3, whose options and figures may differ." in later
