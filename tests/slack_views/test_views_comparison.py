"""The comparison: 2–4 scenarios, table or fields, differences against the first."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from views_support import NASTY_NAMES, all_analyses, example_analyses, names, recount

from bot.slack.limits import TABLE_CELL
from bot.slack.views.checks import check_blocks
from bot.slack.views.comparison import ROWS, comparison, table_fits
from engine.analysis import Analysis
from engine.figures import months, signed_usd, tokens, usd

ANALYSES = all_analyses()
EXAMPLES = example_analyses()


def build(pairs: list[tuple[str, Analysis]], layout: str = "auto") -> dict[str, Any]:
    message = comparison(pairs, layout=layout)  # type: ignore[arg-type]
    payload = message.to_dict()
    assert message.text.strip()
    assert check_blocks(payload["blocks"], surface="message") == []
    assert recount(payload["blocks"]) == []
    return payload


def table_of(payload: dict[str, Any]) -> list[list[str]]:
    table = next(b for b in payload["blocks"] if b["type"] == "table")
    return [[cell["text"] for cell in row] for row in table["rows"]]


@pytest.mark.parametrize("n", [2, 3, 4])
@pytest.mark.parametrize("layout", ["auto", "table", "fields"])
def test_every_size_and_layout(n: int, layout: str) -> None:
    keys = list(ANALYSES)
    for start in range(0, len(keys) - n + 1, 3):
        pairs = [(NASTY_NAMES[(start + i) % len(NASTY_NAMES)], ANALYSES[k])
                 for i, k in enumerate(keys[start:start + n])]
        payload = build(pairs, layout)
        tables = [b for b in payload["blocks"] if b["type"] == "table"]
        assert len(tables) == (0 if layout == "fields" else 1)


def test_table_rows_are_the_engines_figures_with_differences() -> None:
    a, b = EXAMPLES["case_customer_support"], EXAMPLES["quickstart"]
    rows = table_of(build([("Support", a), ("Quickstart", b)], "table"))
    assert rows[0] == ["Scenario", "Support", "Quickstart"]
    assert [r[0] for r in rows[1:]] == [label for label, *_ in ROWS]
    api = rows[1]
    assert api[1] == usd(a.monthly.api_usd)
    difference = signed_usd(b.monthly.api_usd - a.monthly.api_usd)
    assert api[2] == f"{usd(b.monthly.api_usd)} ({difference})"
    savings = rows[3]
    assert savings[2].startswith(usd(b.monthly.savings_usd) + " (")
    payback = rows[5]
    shown = months(b.payback_months)  # 1.5 months with the quickstart's ongoing engineering
    gap = float(shown.split()[0]) - 4.6
    assert payback[1:] == ["4.6 months", f"{shown} ({months(gap).replace('months', '').strip()}"
                                         " months)"]
    assert months(a.payback_months) == "4.6 months"
    assert a.break_even.tokens_per_day is not None
    assert rows[6][1] == f"{tokens(a.break_even.tokens_per_day)} tokens/day"
    best = a.decision.best_option
    assert rows[8][1] == f"{best.label}: {usd(best.lifetime_usd)} over the lifetime"


def test_no_difference_where_a_side_has_none() -> None:
    rows = table_of(build([("A", EXAMPLES["quickstart"]),
                           ("B", EXAMPLES["seed_worked_example"])], "table"))
    assert rows[5][2] == "never" and rows[6][2] == "none"


def test_fields_say_the_same_as_the_table() -> None:
    pairs = [("A", EXAMPLES["quickstart"]), ("B", EXAMPLES["case_code_generation"])]
    rows = table_of(build(pairs, "table"))
    payload = build(pairs, "fields")
    sections = [b for b in payload["blocks"] if "fields" in b]
    assert [s["text"]["text"] for s in sections] == ["*A*", "*B*"]
    for col, s in enumerate(sections, start=1):
        assert [f["text"] for f in s["fields"]] == [f"*{r[0]}*\n{r[col]}" for r in rows[1:]]


def test_auto_takes_fields_when_a_name_outgrows_a_cell() -> None:
    long = "x" * (TABLE_CELL + 1)
    pairs = [(long, EXAMPLES["quickstart"]), ("B", EXAMPLES["case_code_generation"])]
    assert not table_fits(pairs)
    assert not any(b["type"] == "table" for b in build(pairs)["blocks"])
    assert table_fits([("A", EXAMPLES["quickstart"]), ("B", EXAMPLES["quickstart"])])


@pytest.mark.parametrize("n", [0, 1, 5])
def test_two_to_four_only(n: int) -> None:
    with pytest.raises(ValueError, match="2–4 scenarios"):
        comparison([("A", EXAMPLES["quickstart"])] * n)


@settings(max_examples=40, deadline=None)
@given(st.lists(names, min_size=2, max_size=4), st.sampled_from(["auto", "table", "fields"]))
def test_any_names(picked: list[str], layout: str) -> None:
    pool = itertools.cycle(ANALYSES.values())
    build([(name, next(pool)) for name in picked], layout)
