"""``ftroi compare``: 2–4 saved scenarios side by side, in 100 columns, with a chart file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.commands.compare_cmd import chart_path
from bot.reports.compare import MAX_COMPARED, MIN_COMPARED
from bot.terminal.identity import TEAM
from engine.figures import months, usd
from tests.terminal_commands.cmd_support import (
    PNG,
    SEEDED,
    Result,
    analysis,
    flat,
    opened,
    record,
    refused,
    widest,
)
from tests.terminal_commands.test_cmd_compare_report import LONG_NAMES

Run = Callable[..., Result]
NAMES = [name for name, _, _ in SEEDED]


@pytest.mark.parametrize("count", [2, 3, 4])
def test_compare_prints_the_engines_figures_and_writes_the_chart(
        ftroi: Run, db: str, tmp_path: Path, count: int) -> None:
    names = NAMES[:count]
    result = ftroi("compare", *[n.upper() for n in names], "--charts-dir", tmp_path / "c")
    assert (result.code, result.err) == (0, "")
    report, _ = result.out.split("\nChart:\n")
    assert widest(report) <= 100  # the chart's path is one word, kept whole to be copied
    text = flat(report)
    for name in names:
        a = analysis(record(db, name))
        assert name in text
        for figure in (usd(a.monthly.api_usd), usd(a.monthly.savings_usd),
                       months(a.payback_months)):
            assert figure in text
    path = chart_path(tmp_path / "c", names)
    assert result.out.rstrip().endswith(f"Chart:\n  {path}")
    assert path.read_bytes().startswith(PNG)


@pytest.mark.parametrize("count", [2, 3, 4])
def test_long_unicode_names_stay_within_100_columns(ftroi: Run, db: str, count: int) -> None:
    with opened(db) as store:
        for old, new in zip(NAMES, LONG_NAMES, strict=True):
            store.rename_scenario(TEAM, store.find_scenario(TEAM, old).id, new,
                                  user_id=store.find_scenario(TEAM, old).owner_id,
                                  now=datetime.now(UTC))
    result = ftroi("compare", *LONG_NAMES[:count], "--charts-dir", "c")
    assert (result.code, result.err) == (0, "")
    assert widest(result.out) <= 100
    assert max(len(line) for line in result.out.splitlines()) <= 100
    squeezed = "".join(result.out.split())
    for name in LONG_NAMES[:count]:
        assert "".join(name.split()) in squeezed


def test_compare_refusals_are_one_line(ftroi: Run) -> None:
    assert refused(ftroi("compare", "Quickstart"), 2) == \
        "ftroi compare: give 2 to 4 scenarios to compare, not 1"
    assert "not 5" in refused(ftroi("compare", *NAMES, "Quickstart"), 2)
    assert refused(ftroi("compare", "Quickstart", "quickstart"), 2) == (
        "ftroi compare: 'Quickstart' and 'quickstart' are the same scenario ('Quickstart'); "
        "name different ones")
    assert "did you mean 'Support bot'" in refused(ftroi("compare", "Quickstart",
                                                         "support bott"), 1)


def test_the_help_names_the_counts_a_comparison_takes(ftroi: Run) -> None:
    # compare_cmd writes the counts out (its help loads no analysis); these are the rule's.
    result = ftroi("compare", "--help")
    assert result.code == 0
    assert f"{MIN_COMPARED}–{MAX_COMPARED} scenarios side by side" in ftroi("--help").out
    assert f"{MIN_COMPARED} to {MAX_COMPARED} names" in flat(result.out)
    words = {2: "Two", 3: "Three", 4: "four", 5: "five"}
    assert f"{words[MIN_COMPARED]} to {words[MAX_COMPARED]} saved scenarios" in flat(result.out)
