"""``render_comparison`` and ``render_fork_delta``: the engine's figures, formatted by the one
rounding rule, in columns that fit 100 terminal columns whatever the names."""

from __future__ import annotations

import doctest
import importlib
import re
from collections.abc import Callable

import pytest

from bot.reports.compare import changed_inputs, render_comparison, render_fork_delta
from engine.analysis import Analysis, analyse
from engine.figures import months, signed_usd, tokens, unit_usd, usd
from storage import MAX_NAME_LENGTH
from tests.terminal_commands.cmd_support import AT, SEEDED, example, flat, widest

DOCTESTED = [
    "bot.terminal.identity",
    "bot.commands.show_cmd",
    "bot.commands.compare_cmd",
    "bot.commands.whatif_cmd",
]
LONG_NAMES = [
    "客服机器人" * 16,  # 80 wide characters: 160 terminal columns
    "Support bot on 2× H100 with double the volume and a 3% review rate, reviewed",
    "Ünïcödé façade — naïve cafe\u0301 résumé, Ångström Straße, ØRESUND, żółć, ﬁne-tune",
    "🚀 " * 25 + "end",
]


def test_the_long_names_are_names_storage_accepts() -> None:
    assert [len(name) <= MAX_NAME_LENGTH for name in LONG_NAMES] == [True] * len(LONG_NAMES)
    assert min(widest(name) for name in LONG_NAMES) > 70


def analysed(file: str, **changes: object) -> Analysis:
    scenario = example(file)
    if changes:
        scenario = scenario.with_values({k.replace("__", "."): v for k, v in changes.items()})
    return analyse(scenario, at=AT)


@pytest.fixture(scope="module")
def seeded() -> list[tuple[str, Analysis]]:
    return [(name, analysed(file)) for name, _, file in SEEDED]


@pytest.mark.parametrize("name", DOCTESTED)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def _row(text: str, label: str) -> tuple[list[str], list[str]]:
    """The cells of a table row and of the line beneath it (the differences)."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(label + "  "))
    value = re.split(r"\s{2,}", lines[at][len(label):].strip())
    below = lines[at + 1]
    delta = re.split(r"\s{2,}", below.strip()) if below.startswith(" ") else []
    return value, delta


@pytest.mark.parametrize("count", [2, 3, 4])
def test_every_figure_is_the_engines_with_its_difference_from_the_first(
        seeded: list[tuple[str, Analysis]], count: int) -> None:
    rows = seeded[:count]
    text = render_comparison(rows)
    assert widest(text) <= 100
    base = rows[0][1]
    money: dict[str, Callable[[Analysis], float]] = {
        "API bill/month": lambda a: a.monthly.api_usd,
        "Fine-tuned/month": lambda a: a.monthly.ft_total_usd,
        "  serving": lambda a: a.monthly.serving_usd,
        "  review delta": lambda a: a.monthly.review_delta_usd,
        "Savings/month": lambda a: a.monthly.savings_usd,
        "Project, one-time": lambda a: a.project.total_usd,
        "  compute": lambda a: a.project.compute_usd,
        "  engineering": lambda a: a.project.engineering_usd,
    }
    for label, figure in money.items():
        values, deltas = _row(text, label)
        assert values == [usd(figure(a)) for _, a in rows], label
        expected = [signed_usd(figure(a) - figure(base)) for _, a in rows[1:]]
        assert deltas == [f"({d})" if d != "$0.00" else "(same)" for d in expected], label
    assert _row(text, "Payback")[0] == [months(a.payback_months) for _, a in rows]
    assert _row(text, "Break-even tokens/day")[0] == [
        tokens(a.break_even.tokens_per_day) if a.break_even.tokens_per_day is not None
        else "none" for _, a in rows]
    assert _row(text, "API $/1M, blended")[0] == [
        unit_usd(a.break_even.api_usd_per_1m_blended or 0.0) for _, a in rows]
    assert _row(text, "Fit score (document)")[0] == [a.recommendation.verdict for _, a in rows]
    assert _row(text, "  score")[0] == [f"{a.recommendation.score:+d}" for _, a in rows]


def test_payback_difference_is_of_the_months_shown() -> None:
    rows = [("Quickstart", analysed("quickstart.toml")),
            ("Support bot", analysed("case_customer_support.toml"))]
    (first, second), (delta,) = _row(render_comparison(rows), "Payback")
    assert delta == f"(+{float(second.split()[0]) - float(first.split()[0]):.1f} months)"


@pytest.mark.parametrize("count", [2, 3, 4])
def test_long_unicode_names_fit_100_columns_and_are_named_in_full(
        seeded: list[tuple[str, Analysis]], count: int) -> None:
    rows = [(name, a) for name, (_, a) in zip(LONG_NAMES, seeded, strict=False)][:count]
    text = render_comparison(rows)
    assert widest(text) <= 100
    assert max(len(line) for line in text.splitlines()) <= 100
    squeezed = "".join(text.split())
    for name, _ in rows:  # the verdicts under the table name each scenario whole
        assert "".join(name.split()) in squeezed


def test_names_that_fit_are_not_shortened(seeded: list[tuple[str, Analysis]]) -> None:
    header = render_comparison(seeded).split("-----")[0]
    assert "…" not in header
    for name, _ in seeded:
        assert name in flat(header) or all(word in header for word in name.split())


def test_one_or_five_scenarios_are_refused(seeded: list[tuple[str, Analysis]]) -> None:
    for rows in (seeded[:1], [*seeded, seeded[0]]):
        with pytest.raises(ValueError, match="give 2 to 4"):
            render_comparison(rows)


def test_the_best_option_is_named() -> None:
    rows = [("Docs", analysed("case_document_extraction.toml")),
            ("Code", analysed("case_code_generation.toml"))]
    # Ranked by what the company pays over the lifetime, not by any fine-tune's savings:
    # Code saves $24,871/month by fine-tuning, but keeping Docs' API costs $2,700 in all.
    docs = rows[0][1].decision.best_option
    assert (f"Lowest cost to the company: Docs, by its best option ({docs.label}): "
            f"{usd(docs.lifetime_usd)} over its 18-month lifetime") in \
        flat(render_comparison(rows))
    assert "Largest saving" not in flat(render_comparison(rows))


def test_fork_delta_names_each_change_and_its_effect() -> None:
    parent = analysed("quickstart.toml")
    child = analysed("quickstart.toml", workload__requests_per_day=400_000)
    text = render_fork_delta(parent, child, parent_name="Quickstart")
    assert text.startswith("What changed from Quickstart:\n")
    assert "requests/day  200,000 requests/day → 400,000 requests/day" in text
    saving = child.monthly.savings_usd - parent.monthly.savings_usd
    assert (f"{usd(parent.monthly.savings_usd)} → {usd(child.monthly.savings_usd)} "
            f"({signed_usd(saving)})") in text
    assert f"{months(parent.payback_months)} → {months(child.payback_months)}" in text
    assert widest(text) <= 100


def test_fork_delta_shows_a_reset_price_as_the_catalogs() -> None:
    parent = analysed("case_customer_support.toml")
    child = analysed("case_customer_support.toml", model__gpu="h100",
                     model__instance_usd_per_hour=None)
    lines = dict(changed_inputs(parent.inputs, child.inputs, at=AT))
    assert lines["instance price"].startswith("$1.03/hour → ")
    assert unit_usd(child.serving.instance_usd_per_hour) in lines["instance price"]
    assert "catalog" in lines["instance price"]
    assert lines["GPU"].startswith("A10G") and "H100" in lines["GPU"]


def test_no_change_says_so() -> None:
    a = analysed("quickstart.toml")
    assert changed_inputs(a.inputs, a.inputs, at=AT) == []
    text = render_fork_delta(a, a)
    assert "nothing: the inputs are the parent's" in text
    assert f"{usd(a.monthly.savings_usd)} (unchanged)" in text
