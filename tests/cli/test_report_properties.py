"""Any valid scenario renders: the card and every section, within 100 columns, and each
figure by the one rounding rule."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.reports.card import card
from bot.reports.text import render_report
from engine.analysis import analyse
from engine.figures import months, tokens, unit_usd, usd
from tests.cli.conftest import AT, too_wide
from tests.engine.strategies import scenarios

MONEY = re.compile(r"-?\$[\d,]+(\.\d+)?[BT]?")


@settings(max_examples=40, deadline=None)
@given(scenario=scenarios())
def test_every_valid_scenario_renders(scenario):
    a = analyse(scenario, at=AT, samples=200)
    text = render_report(a)
    flat = " ".join(text.split())
    c = card(a)
    assert " ".join(c.verdict.split()) in flat
    for label, value in c.fields:
        assert " ".join(f"{label} {value}".split()) in flat
    assert too_wide(text) == []
    assert "\x1b[" not in text and "nan" not in text.lower().split()


@given(value=st.floats(min_value=-1e13, max_value=1e13, allow_nan=False))
def test_money_reads_back_within_its_rounding(value):
    text = usd(value)
    assert MONEY.fullmatch(text)
    scale = {"B": 1e9, "T": 1e12}.get(text[-1], 1.0)
    number = float(text.replace("$", "").replace(",", "").rstrip("BT")) * scale
    step = 0.005 if abs(value) < 10_000 else 0.5 if abs(value) < 1e9 else 0.005 * abs(value)
    assert abs(number - value) <= step + 1e-9 * abs(value)


@given(value=st.floats(min_value=1e-4, max_value=1e4, allow_nan=False))
def test_a_unit_price_keeps_three_significant_figures(value):
    number = float(unit_usd(value).removeprefix("$").replace(",", ""))
    assert abs(number - value) <= max(0.005, value * 0.005) + 1e-12


@given(value=st.floats(min_value=0, max_value=1e12, allow_nan=False))
def test_tokens_read_back_within_half_a_percent(value):
    text = tokens(value)
    scale = {"k": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}.get(text[-1], 1.0)
    number = float(text.rstrip("kMBT")) * scale
    assert abs(number - value) <= 0.005 * value + 0.005


@given(value=st.one_of(st.none(), st.floats(min_value=0, max_value=1e6)))
def test_months_has_one_decimal_or_says_never(value):
    text = months(value)
    assert text == "never" if value is None else re.fullmatch(r"[\d,]+\.\d months?", text)
