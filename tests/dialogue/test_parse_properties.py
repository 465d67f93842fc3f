"""Properties of every parser: anything typed gives a value or a ParseError, never a crash;
values are finite; what ftroi writes reads back exactly."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from parse_strategies import MONEY_UNITS, amounts, any_text, counts

from bot.dialogue import parse as p
from bot.dialogue.steps import step

# The dialogue's own steps, from the registry: never a copy of their fields.
WORKLOAD, SERVING, QUALITY, PROJECT = (step(s).fields for s in
                                       ("workload", "serving", "quality", "project"))

PARSERS: dict[str, Callable[[str], Any]] = {
    "count": p.parse_count,
    "count requests/day": lambda t: p.parse_count(t, unit="requests/day"),
    "count tokens/request": lambda t: p.parse_count(t, unit="tokens/request"),
    "integer": lambda t: p.parse_integer(t, unit="runs"),
    **{f"money {u}": partial(p.parse_money, unit=u) for u in MONEY_UNITS},
    "rate": p.parse_rate,
    "growth": lambda t: p.parse_rate(t, unit="fraction/month"),
    "duration months": p.parse_duration,
    "duration ms": lambda t: p.parse_duration(t, unit="ms"),
    "gpu": p.parse_gpu,
    "api": p.parse_api_model,
    "ft": p.parse_ft_model,
    "level": p.parse_level,
    "bool": p.parse_bool,
    "pricing": p.parse_pricing,
    "engine": p.parse_engine,
    "quantisation": p.parse_quantisation,
    "method": p.parse_method,
    "instances": p.parse_instances,
    "whatif": p.parse_whatif,
}
EDGES = ["1e309", "-1e309", "nan", "inf", "-inf", "Infinity", "-0", "", "   ", "\x00",
         "9" * 999, "1e-400", "１e309", "$1e309/h", "1e309%", "1e309x h100", "volume x1e309",
         "2.5M tokens/day, 1e309 in", "1" * 5000]


def numbers_in(value: object) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [float(value)]
    if isinstance(value, p.Parsed):
        return [n for v in value.values.values() for n in numbers_in(v)]
    if isinstance(value, list):
        return [n for c in value for n in numbers_in(c.value)]
    if isinstance(value, p.GpuChoice):
        return numbers_in(value.count) + numbers_in(value.usd_per_hour)
    if isinstance(value, p.FtModelChoice):
        return [value.size_b]
    return []


@pytest.mark.parametrize("name", PARSERS)
@settings(max_examples=300, deadline=None)
@given(text=any_text)
def test_any_text_reads_or_raises_parse_error(name: str, text: str) -> None:
    read_or_refuse(name, text)


@pytest.mark.parametrize("name", PARSERS)
@pytest.mark.parametrize("text", EDGES)
def test_edge_text_reads_or_raises_parse_error(name: str, text: str) -> None:
    read_or_refuse(name, text)


def read_or_refuse(name: str, text: str) -> None:
    try:
        value = PARSERS[name](text)
    except p.ParseError as e:
        assert str(e)
        return
    assert all(math.isfinite(n) for n in numbers_in(value))


@pytest.mark.parametrize("fields", [WORKLOAD, SERVING, QUALITY, PROJECT],
                         ids=["workload", "serving", "quality", "project"])
@settings(max_examples=300, deadline=None)
@given(text=any_text)
def test_any_sentence_gives_a_parsed_answer(fields: list[p.FieldSpec], text: str) -> None:
    answer_or_report(fields, text)


@pytest.mark.parametrize("fields", [WORKLOAD, SERVING, QUALITY, PROJECT],
                         ids=["workload", "serving", "quality", "project"])
@pytest.mark.parametrize("text", EDGES)
def test_edge_sentences_give_a_parsed_answer(fields: list[p.FieldSpec], text: str) -> None:
    answer_or_report(fields, text)


def answer_or_report(fields: list[p.FieldSpec], text: str) -> None:
    parsed = p.parse_step_answer(text, fields, current={fields[0].path: 1.0})
    assert all(math.isfinite(n) for n in numbers_in(parsed))
    assert all(u.message for u in parsed.unread)
    assert parsed.values or parsed.unread


@given(counts)
@example(0.0)
@example(1.7976931348623157e308)
@example(5e-324)
@example(0.1 + 0.2)
def test_counts_read_back_exactly(x: float) -> None:
    assert p.parse_count(p.format_count(x)) == x


@given(amounts, st.sampled_from(MONEY_UNITS))
@example(1.03, "USD/hour")
@example(1e-7, "USD/1M tokens")
def test_money_reads_back_exactly(x: float, unit: str) -> None:
    assert p.parse_money(p.format_money(x, unit), unit=unit) == x


@given(counts.filter(lambda x: x > 0))
def test_no_count_is_negative(x: float) -> None:
    with pytest.raises(p.ParseError, match="negative"):
        p.parse_count(f"-{p.format_count(x)}")


@given(st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda f: round(f, 4)))
def test_percentages_are_fractions(pct: float) -> None:
    assert p.parse_rate(f"{pct}%") == pytest.approx(pct / 100)
